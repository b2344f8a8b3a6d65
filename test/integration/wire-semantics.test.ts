import type { Socket } from 'node:net'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  HTTPError,
  NetworkError,
  OperationCanceledError,
  PollTimeoutError,
  ProtocolError,
  ResponseValidationError,
} from '../../src/index.js'
import {
  chunk,
  head,
  lastChunk,
  type RawRequest,
  type RawServer,
  sendJson,
} from '../support/raw-server.js'
import { rawServerPerTest } from '../support/raw-server-per-test.js'

// HTTP-level wire semantics over real loopback sockets (RFC 9110, RFC 7240, RFC 9457, the Fetch
// standard): what the submit's and the status location's status codes, headers and bodies mean,
// byte by byte from a bare TCP server that closes every connection after its answer.

const servers = rawServerPerTest()
const client = servers.client
let api: RawServer

beforeEach(() => {
  api = servers.api
})

type Reply = (socket: Socket, request: RawRequest) => void

/** A route that answers its requests with `replies` in turn, the last one from then on. */
function script(...replies: Reply[]): Reply {
  let calls = 0
  return (socket, request) => {
    const reply = replies[Math.min(calls, replies.length - 1)]
    calls += 1
    reply?.(socket, request)
  }
}

const json =
  (status: string, body: unknown, headers: Record<string, string | number> = {}): Reply =>
  (socket) =>
    sendJson(socket, status, body, headers)

/** An answer with `body` as given (text), its length declared. */
const raw =
  (status: string, body: string | Buffer, headers: Record<string, string | number> = {}): Reply =>
  (socket) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    socket.end(
      Buffer.concat([
        Buffer.from(head(status, { 'content-length': bytes.length, ...headers })),
        bytes,
      ]),
    )
  }

const accepted = (location: string, headers: Record<string, string | number> = {}): Reply =>
  raw('202 Accepted', '', { location, ...headers })

const running = json('200 OK', { status: 'running' })

/** The requests the servers saw, as `METHOD /path`. */
function requests(server: RawServer = api): string[] {
  return server.seen.map((request) => `${request.method} ${request.path}`)
}

/** The outcome of `promise`: its value, or its error. */
function outcome<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.catch((error: unknown) => error)
}

/** Milliseconds between the requests to `path`, in order. */
function gaps(path: string): number[] {
  const times = api.seen.filter((request) => request.path === path).map((request) => request.at)
  return times.slice(1).map((at, index) => at - (times[index] ?? at))
}

describe('the submit answer', () => {
  it('polls the Location of a 201 Created and resolves with what it answers', async () => {
    api.routes.set('POST /things', raw('201 Created', '', { location: '/things/9' }))
    api.routes.set('GET /things/9', json('200 OK', { name: 'nine' }))
    await expect(client().run('/things', { json: {} })).resolves.toEqual({ name: 'nine' })
    expect(requests()).toEqual(['POST /things', 'GET /things/9'])
  })

  it('resolves a relative Location against the URL that answered, after a 307 of the submit', async () => {
    api.routes.set(
      'POST /v1/jobs',
      raw('307 Temporary Redirect', '', { location: '/v2/queue/jobs' }),
    )
    api.routes.set('POST /v2/queue/jobs', accepted('status/7'))
    api.routes.set('GET /v2/queue/status/7', json('200 OK', { status: 'succeeded', result: 7 }))
    const op = await client().start('/v1/jobs', { json: { n: 7 } })
    expect(op.statusUrl).toBe(`${api.url}/v2/queue/status/7`)
    await expect(op.wait()).resolves.toBe(7)
    expect(requests()).toEqual(['POST /v1/jobs', 'POST /v2/queue/jobs', 'GET /v2/queue/status/7'])
    // A 307 sends the request again as it was (RFC 9110 §15.4.8).
    expect(api.seen[1]?.headers['content-type']).toBe('application/json')
  })

  it('reads a Location sent as raw UTF-8 bytes as UTF-8, as browsers do: not encoded twice', async () => {
    api.routes.set('POST /jobs', accepted('/jobs/é?q=ü'))
    api.routes.set('GET /jobs/%C3%A9?q=%C3%BC', json('200 OK', { status: 'done', result: 'ok' }))
    const op = await client().start('/jobs', { json: {} })
    expect(op.statusUrl).toBe(`${api.url}/jobs/%C3%A9?q=%C3%BC`)
    await expect(op.wait()).resolves.toBe('ok')
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/%C3%A9?q=%C3%BC'])
  })

  it.each([
    ['statusUrl', { statusUrl: '/jobs/5' }],
    ['href', { id: 5, href: '/jobs/5' }],
    ['_links.self.href', { _links: { self: { href: '/jobs/5' } } }],
    ['links.status', { links: { status: '/jobs/5' } }],
    ['a links array', { links: [{ rel: 'status', href: '/jobs/5' }] }],
  ])('follows a 202 with no location header whose JSON body names it in %s', async (_, body) => {
    api.routes.set('POST /jobs', json('202 Accepted', body))
    api.routes.set('GET /jobs/5', script(running, json('200 OK', { status: 'done', result: 'ok' })))
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/5', 'GET /jobs/5'])
  })

  it('polls the Content-Location of a 202 that names no other location (RFC 9110 §8.7, §15.3.3)', async () => {
    api.routes.set(
      'POST /jobs',
      json('202 Accepted', { state: 'queued' }, { 'content-location': '/jobs/5/status' }),
    )
    api.routes.set(
      'GET /jobs/5/status',
      script(running, json('200 OK', { status: 'done', result: 'ok' })),
    )
    const op = await client().start('/jobs', { json: {} })
    expect(op.statusUrl).toBe(`${api.url}/jobs/5/status`)
    await expect(op.wait()).resolves.toBe('ok')
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/5/status', 'GET /jobs/5/status'])
  })

  it('prefers Location to the Content-Location of a 202', async () => {
    api.routes.set(
      'POST /jobs',
      raw('202 Accepted', '', {
        location: '/jobs/5',
        'content-location': '/jobs/5/representation',
      }),
    )
    api.routes.set('GET /jobs/5', json('200 OK', { status: 'done', result: 'ok' }))
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/5'])
  })

  it('takes the Content-Location of a 200 for what it is, the representation: the result, no polling', async () => {
    api.routes.set(
      'POST /render',
      json('200 OK', { image: 'r.png' }, { 'content-location': '/renders/1' }),
    )
    await expect(client().run('/render', { json: {} })).resolves.toEqual({ image: 'r.png' })
    expect(requests()).toEqual(['POST /render'])
  })

  it('refuses a 202 with neither a location header nor one in its body, after one request', async () => {
    api.routes.set('POST /jobs', json('202 Accepted', { accepted: true }))
    const error = await outcome(client().start('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/202 Accepted without a status location/)
    expect(requests()).toEqual(['POST /jobs'])
  })

  it("names an error envelope's message and code in the HTTPError of a refused submit", async () => {
    const body = { error: { code: 'InvalidMonth', message: 'month is required' } }
    api.routes.set('POST /jobs', json('400 Bad Request', body))
    const error = await outcome(client().start('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).message).toBe(
      `Request failed with status code 400 Bad Request: POST ${api.url}/jobs; the server says: month is required [InvalidMonth]`,
    )
    await expect((error as HTTPError).response.json()).resolves.toEqual(body)
    expect(requests()).toEqual(['POST /jobs'])
  })

  it("waits the Retry-After of the submit's 202 before the first poll", async () => {
    api.routes.set('POST /jobs', accepted('/jobs/1', { 'retry-after': '1' }))
    api.routes.set('GET /jobs/1', json('200 OK', { status: 'done', result: 'ok' }))
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    const [submit, poll] = api.seen
    expect((poll?.at ?? 0) - (submit?.at ?? 0)).toBeGreaterThanOrEqual(995)
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1'])
  })

  it('takes a 200 with the result as the result: one request, no polling', async () => {
    api.routes.set('POST /render', json('200 OK', { image: 'r.png' }))
    await expect(client().run('/render', { json: {} })).resolves.toEqual({ image: 'r.png' })
    expect(requests()).toEqual(['POST /render'])
  })

  it('takes a 204 No Content as done with no result: one request', async () => {
    api.routes.set('POST /purge', raw('204 No Content', ''))
    await expect(client().run('/purge', { json: {} })).resolves.toBeUndefined()
    expect(requests()).toEqual(['POST /purge'])
  })

  it('follows a 303 See Other on the submit to a status monitor with GET, and polls it to its result', async () => {
    api.routes.set('POST /jobs', raw('303 See Other', '', { location: '/monitor/1' }))
    api.routes.set(
      'GET /monitor/1',
      script(running, raw('303 See Other', '', { location: '/monitor/1/result' })),
    )
    api.routes.set('GET /monitor/1/result', json('200 OK', { rows: 2 }))
    await expect(client().run('/jobs', { json: {} })).resolves.toEqual({ rows: 2 })
    expect(requests()).toEqual([
      'POST /jobs',
      'GET /monitor/1',
      'GET /monitor/1',
      'GET /monitor/1/result',
    ])
    // A 303 goes on as a GET without the body (RFC 9110 §15.4.4).
    expect(api.seen[1]?.headers['content-type']).toBeUndefined()
  })

  it('follows the result link of a monitor a 303 led to that has already succeeded', async () => {
    api.routes.set('POST /jobs', raw('303 See Other', '', { location: '/monitor/3' }))
    api.routes.set('GET /monitor/3', json('200 OK', { status: 'succeeded', resultUrl: '/files/3' }))
    api.routes.set('GET /files/3', json('200 OK', { rows: 5 }))
    await expect(client().run('/jobs', { json: {} })).resolves.toEqual({ rows: 5 })
    expect(requests()).toEqual(['POST /jobs', 'GET /monitor/3', 'GET /files/3'])
  })

  it.each(['301 Moved Permanently', '302 Found'])(
    'polls the status monitor a POST was sent on to by a %s, where it went on as a GET',
    async (status) => {
      api.routes.set('POST /jobs', raw(status, '', { location: '/monitor/2' }))
      api.routes.set(
        'GET /monitor/2',
        script(running, running, json('200 OK', { status: 'succeeded', result: { rows: 4 } })),
      )
      await expect(client().run('/jobs', { json: {} })).resolves.toEqual({ rows: 4 })
      expect(requests()).toEqual([
        'POST /jobs',
        'GET /monitor/2',
        'GET /monitor/2',
        'GET /monitor/2',
      ])
    },
  )

  it('never polls with GET where a 307 sent the POST on as a POST: its pending answer names no status', async () => {
    api.routes.set('POST /jobs', raw('307 Temporary Redirect', '', { location: '/v2/jobs' }))
    api.routes.set('POST /v2/jobs', running)
    const error = await outcome(client().run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect(requests()).toEqual(['POST /jobs', 'POST /v2/jobs'])
  })
})

describe('the status answer', () => {
  beforeEach(() => {
    api.routes.set('POST /jobs', accepted('/jobs/1'))
  })

  it('follows a 303 to a result on another origin with GET, without credentials unless trusted', async () => {
    const files = await servers.another('127.0.0.2')
    files.routes.set('GET /r/1', json('200 OK', { rows: 1 }))
    api.routes.set(
      'GET /jobs/1',
      script(running, raw('303 See Other', '', { location: `${files.url}/r/1` })),
    )
    const headers = { authorization: 'Bearer secret', 'x-trace': 't' }
    await expect(client({ headers }).run('/jobs', { json: {} })).resolves.toEqual({ rows: 1 })
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])
    expect(api.seen.every((request) => request.headers.authorization === 'Bearer secret')).toBe(
      true,
    )
    expect(requests(files)).toEqual(['GET /r/1'])
    expect(files.seen[0]?.headers.authorization).toBeUndefined()
    expect(files.seen[0]?.headers['x-trace']).toBe('t')

    const trusting = client({ headers, trustedOrigins: [files.url] })
    await expect(trusting.run('/jobs', { json: {} })).resolves.toEqual({ rows: 1 })
    expect(files.seen[1]?.headers.authorization).toBe('Bearer secret')
  })

  it.each(['302 Found', '307 Temporary Redirect', '308 Permanent Redirect'])(
    'follows a %s of the status location with GET, and polls the status location again',
    async (status) => {
      api.routes.set('GET /jobs/1', raw(status, '', { location: '/moved/1' }))
      api.routes.set('GET /moved/1', script(running, json('200 OK', { status: 'done', result: 1 })))
      await expect(client().run('/jobs', { json: {} })).resolves.toBe(1)
      expect(requests()).toEqual([
        'POST /jobs',
        'GET /jobs/1',
        'GET /moved/1',
        'GET /jobs/1',
        'GET /moved/1',
      ])
    },
  )

  it('refuses a 304 Not Modified from the status location: pollwise asked no conditional request', async () => {
    api.routes.set('GET /jobs/1', script(running, raw('304 Not Modified', '')))
    const error = await outcome(client().run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/Unexpected 304 answer/)
    expect(requests()).toHaveLength(3)
  })

  it.each(['404 Not Found', '410 Gone', '409 Conflict'])(
    'rejects with the HTTPError at once when the status location answers %s after it had answered',
    async (status) => {
      api.routes.set('GET /jobs/1', script(running, json(status, { error: 'gone' })))
      const error = await outcome(client().run('/jobs', { json: {} }))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(Number(status.slice(0, 3)))
      expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])
    },
  )

  it("waits through 404 under protocol 'result' until the result exists, but fails at once on 410 Gone", async () => {
    const notYet = json('404 Not Found', { error: 'not yet' })
    api.routes.set('GET /jobs/1', script(notYet, notYet, json('200 OK', { rows: 4 })))
    const result = client({ protocol: 'result', notReadyGraceMs: 0 })
    await expect(result.run('/jobs', { json: {} })).resolves.toEqual({ rows: 4 })
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1', 'GET /jobs/1'])

    api.routes.set('GET /jobs/1', json('410 Gone', { error: 'expired' }))
    const error = await outcome(result.run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(410)
    expect(requests().slice(4)).toEqual(['POST /jobs', 'GET /jobs/1'])
  })

  it('retries a 425 Too Early (RFC 8470 §5.2) like any transient failure', async () => {
    api.routes.set(
      'GET /jobs/1',
      script(raw('425 Too Early', ''), json('200 OK', { status: 'done', result: 'ok' })),
    )
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])
  })

  it.each([
    ['429 Too Many Requests', { 'retry-after': '1' }, 1000],
    ['503 Service Unavailable', { 'retry-after': '1' }, 1000],
    ['503 Service Unavailable', { 'retry-after-ms': '400' }, 400],
    ['503 Service Unavailable', { 'x-ms-retry-after-ms': '400' }, 400],
  ])('retries a %s after the wait %j asks', async (status, headers, waitMs) => {
    api.routes.set(
      'GET /jobs/1',
      script(raw(status, '', headers), json('200 OK', { status: 'done', result: 'ok' })),
    )
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    const [gap = 0] = gaps('/jobs/1')
    expect(gap).toBeGreaterThanOrEqual(waitMs - 5)
    expect(gap).toBeLessThan(waitMs + 400)
  })

  it('waits until a Retry-After HTTP-date, measured on the server clock (its Date header)', async () => {
    const serverNow = new Date('2026-01-01T00:00:00Z')
    api.routes.set(
      'GET /jobs/1',
      script(
        raw('503 Service Unavailable', '', {
          date: serverNow.toUTCString(),
          'retry-after': new Date(serverNow.getTime() + 1000).toUTCString(),
        }),
        json('200 OK', { status: 'done', result: 'ok' }),
      ),
    )
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    const [gap = 0] = gaps('/jobs/1')
    expect(gap).toBeGreaterThanOrEqual(995)
    expect(gap).toBeLessThan(1400)
  })

  it.each(['-1', '1.5', 'soon', '1e3', ''])(
    'ignores Retry-After: %j and polls at its own cadence, never a NaN delay',
    async (value) => {
      api.routes.set(
        'GET /jobs/1',
        script(
          json('202 Accepted', { status: 'running' }, { 'retry-after': value }),
          raw('503 Service Unavailable', '', { 'retry-after': value }),
          json('200 OK', { status: 'done', result: 'ok' }),
        ),
      )
      const snapshots: (number | undefined)[] = []
      const op = await client().start('/jobs', { json: {} })
      await expect(
        op.wait({ onProgress: (snap) => snapshots.push(snap.nextPollInMs) }),
      ).resolves.toBe('ok')
      expect(requests()).toHaveLength(4)
      for (const gap of gaps('/jobs/1')) expect(gap).toBeLessThan(400)
      expect(snapshots.filter((ms) => ms !== undefined && !Number.isFinite(ms))).toEqual([])
    },
  )

  it.each([
    ['202 Accepted', json('202 Accepted', {}, { 'retry-after': '3600' })],
    ['503 Service Unavailable', raw('503 Service Unavailable', '', { 'retry-after': '3600' })],
  ])(
    'clamps the Retry-After: 3600 of a %s to the deadline: a PollTimeoutError on time, no request more',
    async (status, reply) => {
      api.routes.set('GET /jobs/1', reply)
      const started = performance.now()
      const error = await outcome(client({ timeoutMs: 600 }).run('/jobs', { json: {} }))
      expect(error).toBeInstanceOf(PollTimeoutError)
      expect(performance.now() - started).toBeLessThan(1200)
      expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1'])
      // The error names the answer the deadline came after, not the submit's.
      expect((error as PollTimeoutError).lastAnswer).toEqual({
        httpStatus: Number.parseInt(status, 10),
        url: `${api.url}/jobs/1`,
      })
    },
  )

  it('retries a 500 within `retries` and resolves once the status location recovers', async () => {
    api.routes.set(
      'GET /jobs/1',
      script(
        raw('500 Internal Server Error', 'oops', { 'content-type': 'text/plain' }),
        raw('500 Internal Server Error', 'oops', { 'content-type': 'text/plain' }),
        json('200 OK', { status: 'done', result: 'ok' }),
      ),
    )
    await expect(client({ retries: 2 }).run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(requests()).toHaveLength(4)
  })

  it.each(['501 Not Implemented', '505 HTTP Version Not Supported'])(
    'fails at once on %s: not transient, not retried',
    async (status) => {
      api.routes.set('GET /jobs/1', raw(status, ''))
      const error = await outcome(client({ retries: 3 }).run('/jobs', { json: {} }))
      expect(error).toBeInstanceOf(HTTPError)
      expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1'])
    },
  )

  it("names an application/problem+json body's title and detail (RFC 9457) in the HTTPError", async () => {
    const problem = {
      type: 'https://example.com/probs/out-of-credit',
      title: 'You do not have enough credit.',
      status: 403,
      detail: 'Your current balance is 30, but that costs 50.',
    }
    api.routes.set(
      'GET /jobs/1',
      json('403 Forbidden', problem, { 'content-type': 'application/problem+json' }),
    )
    const error = await outcome(client().run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).message).toContain('403 Forbidden')
    expect((error as HTTPError).message).toContain(problem.title)
    expect((error as HTTPError).message).toContain(problem.detail)
    await expect((error as HTTPError).response.json()).resolves.toEqual(problem)
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1'])
  })

  it('retries a proxy error page (502 text/html) and resolves once the server is back', async () => {
    api.routes.set(
      'GET /jobs/1',
      script(
        raw('502 Bad Gateway', '<html><body><h1>502 Bad Gateway</h1></body></html>', {
          'content-type': 'text/html',
        }),
        json('200 OK', { status: 'done', result: 'ok' }),
      ),
    )
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(requests()).toHaveLength(3)
  })

  it.each([
    ['text/html', '<html><body>Service Unavailable</body></html>'],
    ['text/plain', 'Service Unavailable'],
  ])(
    'never takes a 200 %s page for the result after the status location spoke JSON',
    async (type, page) => {
      api.routes.set('GET /jobs/1', script(running, raw('200 OK', page, { 'content-type': type })))
      const error = await outcome(client().run('/jobs', { json: {} }))
      expect(error).toSatisfy(
        (e) => e instanceof ProtocolError || e instanceof ResponseValidationError,
      )
      expect((error as ProtocolError).bodyExcerpt).toContain('Service Unavailable')
    },
  )

  it('refuses an empty 200 body labelled JSON: never an undefined result', async () => {
    api.routes.set(
      'GET /jobs/1',
      script(running, raw('200 OK', '', { 'content-type': 'application/json' })),
    )
    const error = await outcome(client().run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/The 200 answer is not a status/)
    expect(requests()).toHaveLength(3)

    api.routes.set('GET /jobs/1', raw('200 OK', '', { 'content-type': 'application/json' }))
    const first = await outcome(client().run('/jobs', { json: {} }))
    expect(first).toBeInstanceOf(ResponseValidationError)
    expect((first as ResponseValidationError).message).toMatch(/empty but labelled JSON/)
  })

  it.each([
    ['JSON with a UTF-8 byte order mark', 'application/json', '\uFEFF'],
    ['JSON with a charset parameter', 'application/json; charset=utf-8', ''],
    ['application/vnd.api+json', 'application/vnd.api+json', ''],
    ['a +json suffix type with parameters', 'application/status+json;v=2', ''],
  ])('reads %s as a status body', async (_, type, prefix) => {
    const status = (body: unknown): Reply =>
      raw('200 OK', prefix + JSON.stringify(body), { 'content-type': type })
    api.routes.set(
      'GET /jobs/1',
      script(status({ status: 'running' }), status({ status: 'succeeded', result: 'é' })),
    )
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('é')
    expect(requests()).toHaveLength(3)
  })

  it('reads a chunked status body cut mid-token into chunks', async () => {
    const text = JSON.stringify({ status: 'succeeded', result: { rows: 12 } })
    api.routes.set('GET /jobs/1', (socket) => {
      socket.write(
        head('200 OK', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
      )
      socket.write(chunk(text.slice(0, 7)))
      setTimeout(
        () => socket.end(Buffer.concat([chunk(text.slice(7)), Buffer.from(lastChunk)])),
        20,
      )
    })
    await expect(client().run('/jobs', { json: {} })).resolves.toEqual({ rows: 12 })
  })

  it('retries a status body cut short (connection closed mid-body); a NetworkError once the outage outlasts maxOutageMs', async () => {
    const text = JSON.stringify({ status: 'succeeded', result: 'ok' })
    const cut: Reply = (socket) => {
      socket.write(
        head('200 OK', { 'content-type': 'application/json', 'content-length': text.length }),
      )
      socket.end(text.slice(0, 10))
    }
    api.routes.set('GET /jobs/1', script(cut, json('200 OK', JSON.parse(text))))
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('ok')

    api.routes.set('GET /jobs/1', cut)
    const error = await outcome(client({ retries: 1, maxOutageMs: 1 }).run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).attempts).toBe(2)
    expect((error as NetworkError).url).toBe(`${api.url}/jobs/1`)
    // Two reads in the first run; then a poll and its retry, and the last poll at the end of
    // maxOutageMs with its retry.
    expect(requests().filter((request) => request === 'GET /jobs/1')).toHaveLength(6)
  })

  it('never resolves with a chunked body the connection cut before its last chunk', async () => {
    api.routes.set('GET /jobs/1', (socket) => {
      socket.write(
        head('200 OK', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
      )
      socket.end(chunk('{"status":"succeeded","result":"o'))
    })
    const error = await outcome(client({ retries: 0, maxOutageMs: 1 }).run('/jobs', { json: {} }))
    // Node's fetch before undici 7.x's fix (nodejs/undici#5273) takes the cut for the end of the
    // body: the JSON is then incomplete. Either way, no result.
    expect(error).toSatisfy(
      (e) => e instanceof NetworkError || e instanceof ResponseValidationError,
    )
  })

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ])('decodes a %s Content-Encoding', async (encoding, compress) => {
    const body = compress(Buffer.from(JSON.stringify({ status: 'succeeded', result: 'small' })))
    api.routes.set(
      'GET /jobs/1',
      raw('200 OK', body, { 'content-type': 'application/json', 'content-encoding': encoding }),
    )
    await expect(client().run('/jobs', { json: {} })).resolves.toBe('small')
  })

  it('reads the status location past any HTTP cache (no-store): a stored "running" never stands in for the server', async () => {
    const cacheable = {
      'cache-control': 'private, max-age=60',
      'last-modified': 'Sun, 06 Nov 1994 08:49:37 GMT',
    }
    api.routes.set(
      'GET /jobs/1',
      script(
        json('200 OK', { status: 'running' }, cacheable),
        json('200 OK', { status: 'done', result: 'ok' }, cacheable),
      ),
    )
    const seen: RequestCache[] = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(init?.cache ?? (input instanceof Request ? input.cache : 'default'))
      return globalThis.fetch(input, init)
    }
    await expect(client({ ky: { fetch } }).run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(seen).toEqual(['no-store', 'no-store', 'no-store'])
    // The platform says so to the caches on the way (RFC 9111 §5.2.1.4).
    for (const request of api.seen.slice(1))
      expect(request.headers['cache-control']).toBe('no-cache')

    const own = client({ ky: { cache: 'no-cache' } })
    await expect(own.run('/jobs', { json: {} })).resolves.toBe('ok')
    expect(api.seen.at(-1)?.headers['cache-control']).toBe('max-age=0')
  })

  it('never takes a 206 Partial Content for the result: pollwise asked for no range', async () => {
    api.routes.set('GET /jobs/1', raw('303 See Other', '', { location: '/files/1' }))
    api.routes.set(
      'GET /files/1',
      raw('206 Partial Content', 'id,rows\n1,', {
        'content-type': 'text/csv',
        'content-range': 'bytes 0-9/2048',
      }),
    )
    const error = await outcome(client().run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/^206 Partial Content/)
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /files/1'])
  })

  it('sends no HEAD: a server that refuses HEAD (405) is polled with GET only', async () => {
    api.routes.set('HEAD /jobs/1', raw('405 Method Not Allowed', '', { allow: 'GET' }))
    api.routes.set('GET /jobs/1', script(running, json('200 OK', { status: 'done', result: 1 })))
    await expect(client().run('/jobs', { json: {} })).resolves.toBe(1)
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])
  })
})

describe('RFC 7240 preferences', () => {
  it('sends Prefer: respond-async, wait=N on the submit only when asked, and takes a held 200 as the result', async () => {
    api.routes.set('POST /thumbs', (socket, request) => {
      const prefer = request.headers.prefer
      if (prefer === undefined) return accepted('/thumbs/1')(socket, request)
      // Held the whole wait the submit asked for, then answered with the result.
      const seconds = Number(/wait=(\d+)/.exec(prefer)?.[1])
      const result = json('200 OK', { url: 't.png' }, { 'preference-applied': prefer })
      setTimeout(() => result(socket, request), seconds * 1000)
    })
    api.routes.set('GET /thumbs/1', json('200 OK', { url: 't.png' }))
    const fast = client({ requestTimeoutMs: 2000 })
    await expect(fast.run('/thumbs', { json: {}, submitWaitSeconds: 5 })).resolves.toEqual({
      url: 't.png',
    })
    expect(api.seen[0]?.headers.prefer).toBe('respond-async, wait=1')
    expect(requests()).toEqual(['POST /thumbs'])

    await expect(fast.run('/thumbs', { json: {} })).resolves.toEqual({ url: 't.png' })
    expect(api.seen[1]?.headers.prefer).toBeUndefined()
    expect(api.seen[2]?.headers.prefer).toBeUndefined()
  })

  it('asks Prefer: wait=N on status reads with longPollSeconds; a read held N seconds does not time out', async () => {
    api.routes.set('POST /jobs', accepted('/jobs/1'))
    api.routes.set('GET /files/1', json('200 OK', { rows: 3 }))
    let reads = 0
    api.routes.set('GET /jobs/1', (socket, request) => {
      reads += 1
      const seconds = Number(/wait=(\d+)/.exec(request.headers.prefer ?? '')?.[1] ?? 0)
      const answer =
        reads === 1
          ? json('200 OK', { status: 'running' }, { 'preference-applied': `wait=${seconds}` })
          : json('200 OK', { status: 'succeeded', resultUrl: '/files/1' })
      setTimeout(() => answer(socket, request), reads === 1 ? seconds * 1000 : 0)
    })
    const held = client({ longPollSeconds: 30, requestTimeoutMs: 1500 })
    await expect(held.run('/jobs', { json: {} })).resolves.toEqual({ rows: 3 })
    expect(api.seen.map((request) => request.headers.prefer)).toEqual([
      undefined,
      'wait=1',
      'wait=1',
      undefined,
    ])
  })
})

describe('public long-running APIs, status codes and headers between the submit and the result', () => {
  it('an OData asynchronous request: Prefer: respond-async on the submit, a 202 monitor, then the embedded answer refused, never resolved', async () => {
    // OData Part 1 §11.6 (and PTC Windchill's REST services): the status monitor answers 202
    // until the work is done, then 200 `application/http` whose body is the request's own answer,
    // here a 400: taking the message for the result would turn a failure into a success.
    const embedded =
      'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{"error":{"code":"E1","message":"Part not found"}}'
    api.routes.set('POST /odata/CreateParts', accepted('/odata/$monitor/7', { 'retry-after': '0' }))
    api.routes.set(
      'GET /odata/$monitor/7',
      script(
        accepted('/odata/$monitor/7', { 'retry-after': '0' }),
        raw('200 OK', embedded, { 'content-type': 'application/http', asyncresult: '400' }),
      ),
    )
    const prefer = { prefer: 'respond-async' }
    const error = await outcome(client().run('/odata/CreateParts', { json: {}, headers: prefer }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/^An HTTP message answered \(200\)/)
    expect((error as ProtocolError).bodyExcerpt).toBe('<110 bytes of application/http>')
    expect(requests()).toEqual([
      'POST /odata/CreateParts',
      'GET /odata/$monitor/7',
      'GET /odata/$monitor/7',
    ])
    expect(api.seen.map((request) => request.headers.prefer)).toEqual([
      'respond-async',
      undefined,
      undefined,
    ])

    // Under `protocol: 'http'` the app takes the message as it came, and reads it itself.
    const message = await client({ protocol: 'http' }).run('/odata/CreateParts', {
      json: {},
      headers: prefer,
    })
    expect(message).toBeInstanceOf(Blob)
    expect((message as Blob).type).toBe('application/http')
    await expect((message as Blob).text()).resolves.toBe(embedded)
  })

  it('an OData asynchronous request canceled: DELETE on its status monitor, and every wait ends canceled', async () => {
    // OData Part 1 §11.6: a DELETE to the status monitor asks to cancel; 200 or 204 says it was.
    api.routes.set('POST /odata/CreateParts', accepted('/odata/$monitor/8'))
    api.routes.set('GET /odata/$monitor/8', accepted('/odata/$monitor/8'))
    api.routes.set('DELETE /odata/$monitor/8', raw('204 No Content', ''))
    const op = await client().start('/odata/CreateParts', {
      json: {},
      headers: { prefer: 'respond-async' },
    })
    const waiting = outcome(op.wait())
    await expect.poll(() => requests().length).toBeGreaterThanOrEqual(2)
    await expect(op.cancel()).resolves.toBe(true)
    expect(await waiting).toBeInstanceOf(OperationCanceledError)
    expect(requests().at(-1)).toBe('DELETE /odata/$monitor/8')
    expect(requests().filter((request) => request.startsWith('DELETE'))).toHaveLength(1)
  })

  it('a result link that redirects to a presigned URL on a storage origin: followed with its signature, no Authorization sent there', async () => {
    // S3 refuses a presigned request that also carries an Authorization header.
    const storage = await servers.another('127.0.0.2')
    const signed = '/bucket/report.csv?X-Amz-Expires=300&X-Amz-Signature=0a1b'
    storage.routes.set(`GET ${signed}`, (socket, request) =>
      request.headers.authorization === undefined
        ? raw('200 OK', 'id,rows\n1,12\n', { 'content-type': 'text/csv' })(socket, request)
        : raw('400 Bad Request', '<Error><Code>InvalidArgument</Code></Error>', {
            'content-type': 'application/xml',
          })(socket, request),
    )
    api.routes.set('POST /reports', accepted('/reports/1'))
    api.routes.set(
      'GET /reports/1',
      script(running, json('200 OK', { status: 'succeeded', result_url: '/reports/1/download' })),
    )
    api.routes.set(
      'GET /reports/1/download',
      raw('302 Found', '', { location: `${storage.url}${signed}` }),
    )
    const headers = { authorization: 'Bearer secret' }
    await expect(client({ headers }).run('/reports', { json: {} })).resolves.toBe('id,rows\n1,12\n')
    expect(requests()).toEqual([
      'POST /reports',
      'GET /reports/1',
      'GET /reports/1',
      'GET /reports/1/download',
    ])
    expect(api.seen.every((request) => request.headers.authorization === 'Bearer secret')).toBe(
      true,
    )
    expect(requests(storage)).toEqual([`GET ${signed}`])
    expect(storage.seen[0]?.headers.authorization).toBeUndefined()
  })

  it('a 200 to the submit that is only a job handle and a Location: polled there, as @azure/core-lro polls any first Location', async () => {
    api.routes.set('POST /renders', json('200 OK', { id: 'r-1' }, { location: '/renders/r-1' }))
    api.routes.set(
      'GET /renders/r-1',
      script(running, json('200 OK', { status: 'succeeded', result: { frames: 24 } })),
    )
    const op = await client().start('/renders', { json: {} })
    expect(op.statusUrl).toBe(`${api.url}/renders/r-1`)
    await expect(op.wait()).resolves.toEqual({ frames: 24 })
    expect(requests()).toEqual(['POST /renders', 'GET /renders/r-1', 'GET /renders/r-1'])

    // Real content beside a Location stays the result: one request.
    api.routes.set(
      'POST /notes',
      json('200 OK', { id: 'n-1', text: 'hi' }, { location: '/notes/n-1' }),
    )
    await expect(client().run('/notes', { json: {} })).resolves.toEqual({ id: 'n-1', text: 'hi' })
    expect(requests().slice(3)).toEqual(['POST /notes'])
  })

  it('a status monitor that ends with an empty 201 Created: what it created fetched at its Location (RFC 9110 §15.3.2)', async () => {
    api.routes.set('POST /imports', accepted('/imports/4'))
    api.routes.set(
      'GET /imports/4',
      script(raw('202 Accepted', ''), raw('201 Created', '', { location: '/tables/orders' })),
    )
    api.routes.set('GET /tables/orders', json('200 OK', { name: 'orders', rows: 3 }))
    await expect(client().run('/imports', { json: {} })).resolves.toEqual({
      name: 'orders',
      rows: 3,
    })
    expect(requests()).toEqual([
      'POST /imports',
      'GET /imports/4',
      'GET /imports/4',
      'GET /tables/orders',
    ])

    // A 201 that carries what it created is the result itself.
    api.routes.set(
      'GET /imports/4',
      json('201 Created', { name: 'orders' }, { location: '/tables/orders' }),
    )
    await expect(client().run('/imports', { json: {} })).resolves.toEqual({ name: 'orders' })
    expect(requests().slice(4)).toEqual(['POST /imports', 'GET /imports/4'])
  })

  it('Microsoft Graph teams: a 202 Location without the /v1.0 version root, mended with a statusLocation function', async () => {
    // Graph documents `Location: /teams('{id}')/operations('{id}')`, a path the version root
    // (`/v1.0`) must prefix; resolved as RFC 3986 says, it reaches no version of the API.
    const operation = "/teams('t1')/operations('o1')"
    api.routes.set('POST /v1.0/teams', accepted(operation, { 'content-location': "/teams('t1')" }))
    api.routes.set(
      `GET ${operation}`,
      json('400 Bad Request', {
        error: { code: 'BadRequest', message: "Invalid version: teams('t1')" },
      }),
    )
    const state = (status: string) => ({
      id: 'o1',
      operationType: 'createTeam',
      status,
      attemptsCount: 1,
      targetResourceId: 't1',
      targetResourceLocation: "/teams('t1')",
      error: null,
    })
    api.routes.set(
      `GET /v1.0${operation}`,
      script(json('200 OK', state('inProgress')), json('200 OK', state('succeeded'))),
    )
    api.routes.set("GET /v1.0/teams('t1')", json('200 OK', { id: 't1', displayName: 'Ops' }))
    const graph = (options = {}) => client({ baseUrl: `${api.url}/v1.0`, ...options })

    const error = await outcome(graph().run('/teams', { json: {} }))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).message).toContain('Invalid version')
    expect(requests()).toEqual(['POST /v1.0/teams', `GET ${operation}`])

    const versioned = graph({
      statusLocation: ({ headers }: { headers: Headers }) => {
        const location = headers.get('location')
        return location === null ? undefined : `/v1.0${location}`
      },
      locateResult: (body: unknown) =>
        `/v1.0${(body as { targetResourceLocation: string }).targetResourceLocation}`,
    })
    await expect(versioned.run('/teams', { json: {} })).resolves.toEqual({
      id: 't1',
      displayName: 'Ops',
    })
    expect(requests().slice(2)).toEqual([
      'POST /v1.0/teams',
      `GET /v1.0${operation}`,
      `GET /v1.0${operation}`,
      "GET /v1.0/teams('t1')",
    ])
  })

  it('a status monitor that answers 202 with Retry-After, then 204 No Content: done, no result, no request more', async () => {
    api.routes.set('DELETE /vaults/1', accepted('/operations/9', { 'retry-after': '0' }))
    api.routes.set(
      'GET /operations/9',
      script(raw('202 Accepted', '', { 'retry-after': '0' }), raw('204 No Content', '')),
    )
    await expect(client().run('/vaults/1', { method: 'DELETE' })).resolves.toBeUndefined()
    expect(requests()).toEqual(['DELETE /vaults/1', 'GET /operations/9', 'GET /operations/9'])
  })

  it("a 304 to a poll the app's ky made conditional is refused at once, unless the app's hook serves its stored copy", async () => {
    // Polls are read with `cache: 'no-store'`: a 304 reaches pollwise only when an app's hook
    // adds If-None-Match itself, and pollwise keeps no copy to stand for "not modified".
    api.routes.set('POST /jobs', accepted('/jobs/1'))
    let reads = 0
    api.routes.set('GET /jobs/1', (socket, request) => {
      reads += 1
      const done = reads > 3
      if (!done && request.headers['if-none-match'] === '"r1"') {
        raw('304 Not Modified', '', { etag: '"r1"' })(socket, request)
      } else if (!done) json('200 OK', { status: 'running' }, { etag: '"r1"' })(socket, request)
      else json('200 OK', { status: 'done', result: 'ok' }, { etag: '"r2"' })(socket, request)
    })
    let etag: string | undefined
    const conditional = (request: Request) => {
      if (etag !== undefined && request.method === 'GET') request.headers.set('if-none-match', etag)
    }
    const remember = (_request: Request, _options: unknown, response: Response) => {
      etag = response.headers.get('etag') ?? etag
    }
    const bare = client({
      ky: { hooks: { beforeRequest: [conditional], afterResponse: [remember] } },
    })
    const error = await outcome(bare.run('/jobs', { json: {} }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/Unexpected 304 answer/)
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])

    // A cache of the app's own: the stored answer stands in for the 304.
    etag = undefined
    reads = 0
    let stored: { body: string; headers: Headers } | undefined
    const serveStored = async (_request: Request, _options: unknown, response: Response) => {
      if (response.status === 304 && stored) return new Response(stored.body, stored)
      if (response.ok) stored = { body: await response.clone().text(), headers: response.headers }
      etag = response.headers.get('etag') ?? etag
      return response
    }
    const cached = client({
      ky: { hooks: { beforeRequest: [conditional], afterResponse: [serveStored] } },
    })
    await expect(cached.run('/jobs', { json: {} })).resolves.toBe('ok')
    const polls = api.seen.slice(4)
    expect(polls.map((request) => request.headers['if-none-match'])).toEqual([
      undefined,
      '"r1"',
      '"r1"',
      '"r1"',
    ])
  })
})
