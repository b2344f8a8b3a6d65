import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type CheckOutcome,
  createClient,
  HTTPError,
  PollTimeoutError,
  ResponseValidationError,
  type ResumeToken,
} from '../../src/index.js'

// The wait that survives, pushed at its edges on real sockets: a check driven by a job engine
// meets a server that is down or slow to be ready, bodies too large, and tokens someone edited.

interface Seen {
  readonly method: string
  readonly origin: string
  readonly path: string
  readonly authorization: string | undefined
}

type Route = (request: IncomingMessage, response: ServerResponse) => void

interface Loopback {
  readonly url: string
  readonly seen: Seen[]
  readonly routes: Map<string, Route>
  close(): Promise<void>
}

async function listen(host: string): Promise<Loopback> {
  const seen: Seen[] = []
  const routes = new Map<string, Route>()
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', `http://${host}`).pathname
    seen.push({
      method: request.method ?? 'GET',
      origin: `http://${request.headers.host}`,
      path,
      authorization: request.headers.authorization,
    })
    request.resume()
    request.on('end', () => {
      const route = routes.get(`${request.method} ${path}`)
      if (route) route(request, response)
      else json(response, 404, { error: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    seen,
    routes,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

function json(response: ServerResponse, code: number, body: unknown, headers = {}): void {
  response.writeHead(code, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

let api: Loopback
let other: Loopback
beforeAll(async () => {
  api = await listen('127.0.0.1')
  other = await listen('127.0.0.2')
})
afterAll(async () => {
  await api.close()
  await other.close()
})
afterEach(() => {
  api.seen.length = 0
  other.seen.length = 0
  api.routes.clear()
  other.routes.clear()
})

const credentials = { authorization: 'Bearer secret' }
const backoff = { initialDelayMs: 100, factor: 1, maxDelayMs: 100, jitter: 'none' } as const
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ baseUrl: api.url, backoff, headers: credentials, ...options })

/** Submits an operation whose status is `/jobs/1`, and returns its token, due now. */
async function submitted(options: Parameters<typeof createClient>[0] = {}): Promise<ResumeToken> {
  api.routes.set('POST /jobs', (_, response) => {
    response.writeHead(202, { location: '/jobs/1' })
    response.end()
  })
  const token = (await client(options).start('/jobs', { json: {} })).toJSON()
  api.seen.length = 0
  return { ...token, nextPollAt: Date.now() }
}

const polls = (server: Loopback, path = '/jobs/1') =>
  server.seen.filter((request) => request.path === path).length

/** A status location that streams named heartbeat events and never a status; `closed` once closed. */
function serveHeartbeats(): { closed: boolean } {
  const stream = { closed: false }
  api.routes.set('GET /jobs/1', (_, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    const timer = setInterval(() => response.write('event: heartbeat\ndata: {}\n\n'), 50)
    response.on('close', () => {
      clearInterval(timer)
      stream.closed = true
    })
  })
  return stream
}

/** Checks as a job engine would, each token at its `checkAt`, for up to 4 s; the last outcome. */
async function checkUntilSettled(
  checker: ReturnType<typeof client>,
  token: ResumeToken,
): Promise<CheckOutcome> {
  let outcome = await checker.check(token)
  const until = Date.now() + 4000
  while (outcome.state === 'pending' && Date.now() < until) {
    const { checkAt } = outcome
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, checkAt - Date.now())))
    outcome = await checker.check(outcome.token)
  }
  return outcome
}

function errorOf(outcome: CheckOutcome): unknown {
  expect(outcome.state).toBe('ended')
  return (outcome as Extract<CheckOutcome, { state: 'ended' }>).error
}

describe('api.check on real sockets', () => {
  it.each([503, 429])(
    'makes one request on a %i with Retry-After, and hands the wait back to the caller',
    async (code) => {
      const token = await submitted()
      api.routes.set('GET /jobs/1', (_, response) =>
        json(response, code, { error: 'busy' }, { 'retry-after': '30' }),
      )
      const before = Date.now()
      const outcome = await client().check(token)
      expect(Date.now() - before).toBeLessThan(2000)
      expect(outcome.state).toBe('pending')
      const { checkAt } = outcome as Extract<CheckOutcome, { state: 'pending' }>
      expect(checkAt).toBeGreaterThanOrEqual(before + 30_000)
      expect(checkAt).toBeLessThan(Date.now() + 31_000)
      expect(polls(api)).toBe(1)
    },
  )

  it('ends, not final, on a Retry-After past the outage budget, with a token not due before it', async () => {
    const token = await submitted()
    api.routes.set('GET /jobs/1', (_, response) =>
      json(response, 503, { error: 'busy' }, { 'retry-after': '60' }),
    )
    const checker = client({ retries: 0, maxOutageMs: 10_000 })
    const before = Date.now()
    const outcome = await checker.check(token)
    expect(outcome).toMatchObject({ state: 'ended', final: false })
    expect(outcome.token.nextPollAt).toBeGreaterThanOrEqual(before + 60_000)
    // Checked again at once (a job queue's retry): nothing sent, due at the Retry-After.
    const again = await checker.check(outcome.token)
    expect(again.state).toBe('pending')
    expect((again as Extract<CheckOutcome, { state: 'pending' }>).checkAt).toBe(
      outcome.token.nextPollAt,
    )
    expect(polls(api)).toBe(1)
  })

  it('leaves a Retry-After past the outage budget to the next wait and the resume token', async () => {
    const token = await submitted()
    api.routes.set('GET /jobs/1', (_, response) =>
      json(response, 503, { error: 'busy' }, { 'retry-after': '60' }),
    )
    const waiter = client({ retries: 0, maxOutageMs: 10_000 })
    const op = waiter.resume(token)
    const before = Date.now()
    await expect(op.wait()).rejects.toBeInstanceOf(HTTPError)
    expect(op.toJSON().nextPollAt).toBeGreaterThanOrEqual(before + 60_000)
    // Waited on again at once: no request before the Retry-After.
    await expect(op.wait({ signal: AbortSignal.timeout(300) })).rejects.toThrow(/timed? ?out/i)
    expect(polls(api)).toBe(1)
  })

  it('keeps the outage budget in the token: checks that keep failing end once it is spent', async () => {
    const token = await submitted()
    api.routes.set('GET /jobs/1', (_, response) => json(response, 503, { error: 'down' }))
    const outcome = await checkUntilSettled(client({ retries: 0, maxOutageMs: 600 }), token)
    expect(outcome).toMatchObject({ state: 'ended', final: false })
    expect(errorOf(outcome)).toBeInstanceOf(HTTPError)
    expect(polls(api)).toBeLessThanOrEqual(9)
  })

  it('keeps the grace for a status location not found yet in the token: it ends once spent', async () => {
    const token = await submitted()
    const outcome = await checkUntilSettled(client({ notReadyGraceMs: 500 }), token)
    const error = errorOf(outcome)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(404)
    expect(polls(api)).toBeLessThanOrEqual(8)
  })

  it('ends result links that redirect in a loop with a ProtocolError, across checks', async () => {
    const token = await submitted()
    api.routes.set('GET /jobs/1', (_, response) =>
      json(response, 200, { status: 'done', result_url: '/results/a' }),
    )
    for (const [from, to] of [
      ['a', 'b'],
      ['b', 'a'],
    ]) {
      api.routes.set(`GET /results/${from}`, (_, response) => {
        response.writeHead(303, { location: `/results/${to}` })
        response.end()
      })
    }
    const outcome = await checkUntilSettled(client(), token)
    expect(outcome).toMatchObject({ state: 'ended', final: true })
    expect(String(errorOf(outcome))).toMatch(/^ProtocolError: Result links redirect more than 10/)
    expect(api.seen.length).toBeLessThanOrEqual(12)
  })

  it('ends a check after a cancel with OperationCanceledError, final, whichever request came first', async () => {
    const token = await submitted()
    let canceled = false
    api.routes.set('GET /jobs/1', (_, response) =>
      json(response, 200, { status: canceled ? 'canceled' : 'running' }),
    )
    api.routes.set('DELETE /jobs/1', (_, response) => {
      canceled = true
      json(response, 202, { status: 'canceled' })
    })
    const checker = client()
    const [during, agreed] = await Promise.all([
      checker.check(token),
      checker.resume(token).cancel(),
    ])
    expect(agreed).toBe(true)
    expect(['pending', 'ended']).toContain(during.state)
    const after = await checker.check({ ...during.token, nextPollAt: Date.now() })
    expect(after).toMatchObject({ state: 'ended', final: true })
    expect(String(errorOf(after))).toMatch(/^OperationCanceledError/)
    expect(api.seen.map((request) => request.method).sort()).toEqual(['DELETE', 'GET', 'GET'])
  })

  it('hands a token taken after a 303 to resume(): the result, no second submit or status read', async () => {
    const token = await submitted()
    api.routes.set('GET /jobs/1', (_, response) => {
      response.writeHead(303, { location: '/results/1' })
      response.end()
    })
    api.routes.set('GET /results/1', (_, response) => json(response, 200, { rows: 3 }))
    const checked = await client().check(token)
    expect(checked.token).toMatchObject({ stage: 'result', target: `${api.url}/results/1` })
    expect(await client().resume(checked.token).wait()).toEqual({ rows: 3 })
    expect(api.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /jobs/1',
      'GET /results/1',
    ])
  })

  it('sends no credential to another origin a tampered token names', async () => {
    const token = await submitted()
    other.routes.set('GET /collect/1', (_, response) => json(response, 200, { status: 'running' }))
    const tampered = {
      ...token,
      statusUrl: `${other.url}/collect/1`,
      target: `${other.url}/collect/1`,
    }
    expect((await client().check(tampered)).state).toBe('pending')
    expect(other.seen).toEqual([expect.objectContaining({ authorization: undefined })])
    api.routes.set('GET /jobs/1', (_, response) => json(response, 200, { status: 'running' }))
    await client().check(token)
    expect(api.seen).toEqual([
      expect.objectContaining({ authorization: credentials.authorization }),
    ])
  })

  it('ends, final, on a result larger than maxBodyBytes, fetched once', async () => {
    const token = await submitted()
    api.routes.set('GET /jobs/1', (_, response) =>
      json(response, 200, { status: 'done', result_url: '/results/1' }),
    )
    api.routes.set('GET /results/1', (_, response) =>
      json(response, 200, { rows: 'x'.repeat(10_000) }),
    )
    const checker = client({ maxBodyBytes: 1000 })
    const first = await checker.check(token)
    expect(first.state).toBe('pending')
    const next = (first as Extract<CheckOutcome, { state: 'pending' }>).token
    const outcome = await checker.check({ ...next, nextPollAt: Date.now() })
    expect(outcome).toMatchObject({ state: 'ended', final: true })
    const error = errorOf(outcome)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(String((error as Error).message)).toMatch(/larger than maxBodyBytes \(1000 bytes\)/)
    expect(polls(api, '/results/1')).toBe(1)
  })

  it('cuts a status stream of heartbeats only at requestTimeoutMs, and stays pending', async () => {
    const token = await submitted()
    const stream = serveHeartbeats()
    const before = Date.now()
    const outcome = await client({ requestTimeoutMs: 800 }).check(token)
    expect(Date.now() - before).toBeLessThan(2000)
    expect(outcome.state).toBe('pending')
    expect(polls(api)).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(stream.closed).toBe(true)
  })

  it('rejects with the abort reason at once when aborted while reading a status stream', async () => {
    const token = await submitted()
    const stream = serveHeartbeats()
    const reason = new Error('shutting down')
    const controller = new AbortController()
    setTimeout(() => controller.abort(reason), 300)
    const before = Date.now()
    const aborted = client({ requestTimeoutMs: 5000 }).check(token, { signal: controller.signal })
    await expect(aborted).rejects.toBe(reason)
    expect(Date.now() - before).toBeLessThan(1500)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(stream.closed).toBe(true)
  })

  it('never asks to be checked after the deadline, whatever the token says', async () => {
    const token = await submitted({ timeoutMs: 5000 })
    const far = { ...token, nextPollAt: token.deadline + 365 * 24 * 3600_000 }
    const outcome = await client().check(far)
    expect(outcome.state).toBe('pending')
    expect((outcome as Extract<CheckOutcome, { state: 'pending' }>).checkAt).toBe(token.deadline)
    expect(api.seen).toEqual([])
  })

  it('waits out a Retry-After that passes the deadline, then ends with PollTimeoutError', async () => {
    const token = await submitted({ timeoutMs: 800 })
    api.routes.set('GET /jobs/1', (_, response) =>
      json(response, 503, { error: 'busy' }, { 'retry-after': '3600' }),
    )
    const checker = client({ retries: 0 })
    const first = await checker.check(token)
    expect(first.state).toBe('pending')
    const { checkAt, token: next } = first as Extract<CheckOutcome, { state: 'pending' }>
    expect(checkAt).toBe(token.deadline)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, checkAt - Date.now())))
    const outcome = await checker.check(next)
    expect(outcome).toMatchObject({ state: 'ended', final: true })
    expect(errorOf(outcome)).toBeInstanceOf(PollTimeoutError)
    expect(polls(api)).toBe(1)
  })
})

describe('the token of an operation its submit settled', () => {
  it('is refused by resume() and check() after a POST answered with its result: GET there is not the operation', async () => {
    api.routes.set('POST /exports', (_, response) => json(response, 200, { rows: 3 }))
    api.routes.set('GET /exports', (_, response) => json(response, 200, [{ id: 'other' }]))
    const op = await client().start('/exports', { json: {} })
    const token = JSON.parse(JSON.stringify(op))
    expect(await op.wait()).toEqual({ rows: 3 })
    const refusal = /Resume token of an operation its submit's answer settled/
    expect(() => client().resume(token)).toThrow(refusal)
    await expect(client().check(token)).rejects.toThrow(TypeError)
    await expect(client().check(token)).rejects.toThrow(refusal)
    expect(api.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /exports',
    ])
  })

  it('is resumed after a PUT, whose URL reads the resource again', async () => {
    api.routes.set('PUT /things/1', (_, response) => json(response, 200, { name: 'a' }))
    api.routes.set('GET /things/1', (_, response) => json(response, 200, { name: 'a' }))
    const op = await client().start('/things/1', { method: 'PUT', json: { name: 'a' } })
    expect(await client().resume(op.toJSON()).wait()).toEqual({ name: 'a' })
  })
})

describe('a resume token with fields out of range', () => {
  it.each([
    ['a negative attempt', { attempt: -3 }, /`attempt` must be a non-negative integer, got -3/],
    ['a fractional attempt', { attempt: 1.5 }, /`attempt` must be a non-negative integer/],
    ['an unknown protocol', { protocol: 'smoke' }, /unknown protocol "smoke"/],
    ['a file: result URL', { resultUrl: 'file:///etc/passwd' }, /`resultUrl` must be an http/],
    ['a javascript: status URL', { statusUrl: 'javascript:alert(1)' }, /`statusUrl` must be/],
    [
      'a start after its deadline',
      { startedAt: 2e12, deadline: 1e12 },
      /`deadline` \(1000000000000\) must not be before `startedAt`/,
    ],
  ])('refuses %s with a TypeError before any request', async (_, edit, message) => {
    const token = { ...(await submitted()), ...edit }
    await expect(client().check(token)).rejects.toThrow(TypeError)
    await expect(client().check(token)).rejects.toThrow(message)
    expect(() => client().resume(token)).toThrow(message)
    expect(api.seen).toEqual([])
  })
})
