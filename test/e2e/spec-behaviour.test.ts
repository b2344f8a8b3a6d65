import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FaultServer, startFaultServer } from '../../mocks/fault-server.js'
import { type ClientOptions, createClient } from '../../src/index.js'

// What a server pollwise did not write sees on the default (fetch) path, checked against
// RFC 9110 (15.4 redirects, 10.2.3 Retry-After) and the Fetch standard (HTTP-redirect fetch,
// request bodies), over real loopback sockets.

let faults: FaultServer
const others: FaultServer[] = []

beforeEach(async () => {
  faults = await startFaultServer()
})

afterEach(async () => {
  await Promise.all([faults.close(), ...others.splice(0).map((server) => server.close())])
})

const backoff = {
  initialDelayMs: 30,
  factor: 1,
  maxDelayMs: 30,
  jitter: 'none',
  minDelayMs: 10,
} as const

function client(options: ClientOptions = {}) {
  return createClient({
    baseUrl: faults.url,
    backoff,
    retries: 2,
    requestTimeoutMs: 1000,
    timeoutMs: 4000,
    ...options,
  })
}

const done = { kind: 'json', body: { status: 'succeeded', result: { n: 42 } } } as const

/** The submit at `from` is redirected with `status` to `/jobs`, which answers 202 + Location. */
function redirectThenAccept(status: number, from = '/submit', server = faults): void {
  faults.script(from, [{ kind: 'plain', status, headers: { location: `${server.url}/jobs` } }])
  server.script('/jobs', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
  server.script('/status/1', [done])
}

function seenAll(server = faults): string[] {
  return server.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)
}

function request(server: FaultServer, path: string) {
  const found = server.requests.find((r) => r.path === path)
  if (!found) throw new Error(`no request to ${path}: ${server.requests.map((r) => r.path)}`)
  return found
}

describe('307/308 keep the method and the body (RFC 9110 15.4.8, 15.4.9)', () => {
  it('re-sends a POST JSON body and its content-type after 307', async () => {
    redirectThenAccept(307)
    await expect(client().run('/submit', { json: { month: '2026-10' } })).resolves.toEqual({
      n: 42,
    })
    const again = request(faults, '/jobs')
    expect(again.method).toBe('POST')
    expect(again.body).toBe('{"month":"2026-10"}')
    expect(again.headers['content-type']).toBe('application/json')
  })

  it('re-sends a FormData body with a multipart content-type after 308', async () => {
    redirectThenAccept(308)
    const form = new FormData()
    form.set('month', '2026-10')
    await client().run('/submit', { body: form })
    const [first, again] = [request(faults, '/submit'), request(faults, '/jobs')]
    expect(again.method).toBe('POST')
    expect(again.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(again.body).toContain('name="month"')
    expect(again.body).toContain('2026-10')
    expect(first.body).toContain('2026-10')
  })

  it('re-sends a URLSearchParams body with its form content-type after 308', async () => {
    redirectThenAccept(308)
    await client().run('/submit', { body: new URLSearchParams({ a: '1', b: 'x y' }) })
    const again = request(faults, '/jobs')
    expect(again.body).toBe('a=1&b=x+y')
    expect(again.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8')
  })

  it('re-sends a typed Blob body with its type after 308', async () => {
    redirectThenAccept(308)
    await client().run('/submit', { body: new Blob(['a,b\n1,2'], { type: 'text/csv' }) })
    const again = request(faults, '/jobs')
    expect(again.body).toBe('a,b\n1,2')
    expect(again.headers['content-type']).toBe('text/csv')
  })

  it('re-sends a string body with text/plain after 307', async () => {
    redirectThenAccept(307)
    await client().run('/submit', { body: 'hello' })
    const again = request(faults, '/jobs')
    expect(again.body).toBe('hello')
    expect(again.headers['content-type']).toBe('text/plain;charset=UTF-8')
  })
})

describe('301/302/303 (RFC 9110 15.4.2, 15.4.3; Fetch HTTP-redirect fetch step 12)', () => {
  it('turns a POST answered 301 into a GET without body and without content-type', async () => {
    redirectThenAccept(301)
    faults.script('/jobs', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    await client().run('/submit', { json: { a: 1 } })
    const again = request(faults, '/jobs')
    expect(again.method).toBe('GET')
    expect(again.body).toBe('')
    expect(again.headers['content-type']).toBeUndefined()
    expect(again.headers['content-length']).toBeUndefined()
  })

  it('drops a content-type the caller set on a POST body when a 302 turns it into a GET', async () => {
    redirectThenAccept(302)
    await client().run('/submit', {
      body: JSON.stringify({ a: 1 }),
      headers: { 'Content-Type': 'application/json' },
    })
    const again = request(faults, '/jobs')
    expect(again.method).toBe('GET')
    expect(again.body).toBe('')
    expect(again.headers['content-type']).toBeUndefined()
  })

  it('keeps a PUT and its body after 301: only POST may become GET', async () => {
    faults.script('/things/1', [
      { kind: 'plain', status: 301, headers: { location: '/things/1/' } },
    ])
    faults.script('/things/1/', [
      { kind: 'json', status: 201, body: { name: 'x', provisioningState: 'Succeeded' } },
    ])
    // A GET of the old resource must not be taken for the PUT's outcome.
    const outcome = await client()
      .run('/things/1', { method: 'PUT', json: { name: 'x' } })
      .then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.name }),
      )
    const again = request(faults, '/things/1/')
    expect(again.method).toBe('PUT')
    expect(again.body).toBe('{"name":"x"}')
    expect(outcome).toEqual({ value: { name: 'x', provisioningState: 'Succeeded' } })
  })

  it('keeps the DELETE of cancel() after 301 instead of reading the status resource', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      { kind: 'json', body: { status: 'running' }, headers: { 'retry-after': '5' } },
      { kind: 'plain', status: 301, headers: { location: '/status/1/' } },
    ])
    faults.script('/status/1/', [{ kind: 'plain', status: 204 }])
    const op = await client().start('/submit', { json: {} })
    const waiting = op.wait().catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const agreed = await op.cancel().catch((error: Error) => error.name)
    await waiting
    expect(seenAll().filter((line) => line.startsWith('DELETE'))).toEqual([
      'DELETE /status/1 ""',
      'DELETE /status/1/ ""',
    ])
    expect(request(faults, '/status/1/').method).toBe('DELETE')
    expect(agreed).toBe(true)
  })

  it('follows a cancel() answered 303 See Other with a GET, and takes its 200 for accepted', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      { kind: 'plain', status: 303, headers: { location: '/status/1/cancellation' } },
    ])
    faults.script('/status/1/cancellation', [{ kind: 'json', body: { status: 'canceling' } }])
    const op = await client({ backoff: { ...backoff, initialDelayMs: 5000 } }).start('/submit', {
      json: {},
    })
    expect(await op.cancel()).toBe(true)
    expect(seenAll()).toEqual([
      'POST /submit "{}"',
      'DELETE /status/1 ""',
      'GET /status/1/cancellation ""',
    ])
  })

  it('follows a submit answered 303 See Other with a GET for the result', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 303, headers: { location: '/result/9' } }])
    faults.script('/result/9', [{ kind: 'json', body: { url: 'r.pdf' } }])
    await expect(client().run('/submit', { json: { a: 1 } })).resolves.toEqual({ url: 'r.pdf' })
    const result = request(faults, '/result/9')
    expect(result.method).toBe('GET')
    expect(result.body).toBe('')
    expect(result.headers['content-type']).toBeUndefined()
  })
})

describe('a redirect to another origin during the submit', () => {
  it('withholds credentials, keeps the body and the idempotency key on 307', async () => {
    const other = await startFaultServer({ host: '127.0.0.2' })
    others.push(other)
    redirectThenAccept(307, '/submit', other)
    await client({ headers: { Authorization: 'Bearer s3cret', Cookie: 'sid=1' } }).run('/submit', {
      json: { a: 1 },
      idempotencyKey: 'key-1',
    })
    expect(request(faults, '/submit').headers.authorization).toBe('Bearer s3cret')
    const moved = request(other, '/jobs')
    expect(moved.method).toBe('POST')
    expect(moved.body).toBe('{"a":1}')
    expect(moved.headers['content-type']).toBe('application/json')
    expect(moved.headers['idempotency-key']).toBe('key-1')
    expect(moved.headers.authorization).toBeUndefined()
    expect(moved.headers.cookie).toBeUndefined()
  })
})

describe('methods, statuses and bodies', () => {
  it('submits with HEAD and polls the Location it names', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [done])
    await expect(client().run('/submit', { method: 'HEAD' })).resolves.toEqual({ n: 42 })
    expect(request(faults, '/submit').method).toBe('HEAD')
  })

  it('submits with OPTIONS and polls the Location it names', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [done])
    await expect(client().run('/submit', { method: 'options' })).resolves.toEqual({ n: 42 })
    expect(request(faults, '/submit').method).toBe('OPTIONS')
  })

  it('reads a status body labelled application/json; charset=utf-8 with a byte order mark', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    const text = JSON.stringify({ status: 'succeeded', result: { n: 7 } })
    faults.script('/status/1', [
      {
        kind: 'plain',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      },
    ])
    await expect(client().run('/submit', { json: {} })).resolves.toEqual({ n: 7 })
  })

  it('settles a submit answered 204 No Content without polling and without a result', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 204 }])
    const outcome = await client()
      .run('/submit', { json: {} })
      .then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.name }),
      )
    expect(faults.requests).toHaveLength(1)
    expect(outcome).toEqual({ value: undefined })
  })

  it('sends the caller content-type once, whatever its case, over the JSON default', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [done])
    await client({ headers: { 'X-Trace': 'a' } }).run('/submit', {
      method: 'PATCH',
      json: { a: 1 },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    })
    const submit = request(faults, '/submit')
    expect(submit.headers['content-type']).toBe('application/merge-patch+json')
    expect(submit.headers['x-trace']).toBe('a')
  })
})

describe('retries and Retry-After (RFC 9110 9.2.2, 10.2.3)', () => {
  it('retries an idempotent PUT after 503 with an HTTP-date Retry-After, re-sending its body', async () => {
    const soon = new Date(Date.now() + 2000).toUTCString()
    faults.script('/things/1', [
      { kind: 'plain', status: 503, headers: { 'retry-after': soon } },
      { kind: 'json', status: 200, body: { name: 'x', provisioningState: 'Succeeded' } },
    ])
    await client().run('/things/1', { method: 'PUT', json: { name: 'x' } })
    const puts = faults.requests.filter((r) => r.path === '/things/1')
    expect(puts.map((r) => [r.method, r.body])).toEqual([
      ['PUT', '{"name":"x"}'],
      ['PUT', '{"name":"x"}'],
    ])
    // The date has one-second resolution: the second try waits for it, not the 30 ms backoff.
    expect((puts[1]?.at ?? 0) - (puts[0]?.at ?? 0)).toBeGreaterThan(700)
  })

  it('waits the Retry-After of a 303 before following it to the result', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      { kind: 'plain', status: 303, headers: { location: '/result/1', 'retry-after': '1' } },
    ])
    faults.script('/result/1', [{ kind: 'json', body: { n: 7 } }])
    await expect(client().run('/submit', { json: {} })).resolves.toEqual({ n: 7 })
    const waited = request(faults, '/result/1').at - request(faults, '/status/1').at
    expect(waited).toBeGreaterThanOrEqual(950)
    expect(waited).toBeLessThan(2000)
  })

  it('does not retry a POST without an idempotency key after 503', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 503, headers: { 'retry-after': '0' } }])
    await expect(client().run('/submit', { json: {} })).rejects.toThrow()
    expect(faults.requests).toHaveLength(1)
  })
})

describe('a streamed request body', () => {
  it('is sent once with duplex half, and a 307 after it is an error rather than an empty re-send', async () => {
    redirectThenAccept(307)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'))
        controller.close()
      },
    })
    const outcome = await client()
      .run('/submit', { body: stream })
      .then(
        () => 'resolved',
        (error: Error) =>
          `${error.name}: ${error.message} ${String((error as { cause?: unknown }).cause)}`,
      )
    expect(request(faults, '/submit').body).toBe('streamed')
    const jobs = faults.requests.filter((r) => r.path === '/jobs')
    // Fetch: a 307/308 whose request body has no source is a network error, never a POST without it.
    for (const job of jobs) expect(job.body).toBe('streamed')
    expect(outcome).not.toBe('resolved')
  })
})

describe('abort, header case, Location resolution', () => {
  it('rejects a submit in flight with the signal reason at once and closes its socket', async () => {
    faults.script('/submit', [{ kind: 'hang' }])
    const controller = new AbortController()
    const reason = new Error('user left')
    const running = client().run('/submit', { json: { a: 1 }, signal: controller.signal })
    setTimeout(() => controller.abort(reason), 50)
    const started = performance.now()
    await expect(running).rejects.toBe(reason)
    expect(performance.now() - started).toBeLessThan(300)
    await faults.untilClosed(request(faults, '/submit').socket)
    expect(faults.requests).toHaveLength(1)
  })

  it('sends nothing for a signal aborted before the submit', async () => {
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    const reason = new DOMException('gone', 'AbortError')
    await expect(
      client().run('/submit', { json: {}, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason)
    expect(faults.requests).toHaveLength(0)
  })

  it('withholds submit credentials in any case (Authorization, X-Api-Key) on a 308 to another origin', async () => {
    const other = await startFaultServer({ host: '127.0.0.2' })
    others.push(other)
    redirectThenAccept(308, '/submit', other)
    await client({ sensitiveHeaders: ['x-api-key'] }).run('/submit', {
      json: { a: 1 },
      headers: { Authorization: 'Bearer s3cret', 'X-API-KEY': 'k', 'X-Trace': 't' },
    })
    expect(request(faults, '/submit').headers['x-api-key']).toBe('k')
    const moved = request(other, '/jobs')
    expect(moved.headers.authorization).toBeUndefined()
    expect(moved.headers['x-api-key']).toBeUndefined()
    expect(moved.headers['x-trace']).toBe('t')
    // The polls of that origin carry no client credentials either.
    const poll = request(other, '/status/1')
    expect(poll.headers.authorization).toBeUndefined()
  })

  it('resolves each relative Location against the URL that carried it (RFC 9110 10.2.2)', async () => {
    faults.script('/a/submit', [{ kind: 'plain', status: 307, headers: { location: 'b/jobs' } }])
    faults.script('/a/b/jobs', [
      { kind: 'plain', status: 202, headers: { location: '../status/1?x=1' } },
    ])
    faults.script('/a/status/1', [done])
    const op = await client().start('/a/submit', { json: {} })
    expect(op.statusUrl).toBe(`${faults.url}/a/status/1?x=1`)
    await expect(op.wait()).resolves.toEqual({ n: 42 })
  })
})
