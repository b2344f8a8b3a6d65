import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Answer, type FaultServer, startFaultServer } from '../../mocks/fault-server.js'
import {
  type ClientOptions,
  createClient,
  HTTPError,
  NetworkError,
  OperationCanceledError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/index.js'

// One test per fault the fault server can inject, over real loopback sockets and real timers: each
// asserts what a user of pollwise sees (the value, or the error and its fields) and what the server
// saw (how many requests, and where it matters that the client closed its socket).
// docs/reliability.md lists the same faults as a table, with these test names.

let faults: FaultServer
/** Servers a test starts besides `faults` (a second origin): closed after it. */
const others: FaultServer[] = []
/** Process warnings (a `TimeoutOverflowWarning`, say) emitted during a test: any one fails it. */
let warnings: Error[] = []
const onWarning = (warning: Error) => warnings.push(warning)

beforeEach(async () => {
  warnings = []
  process.on('warning', onWarning)
  faults = await startFaultServer()
})

afterEach(async () => {
  await Promise.all([faults.close(), ...others.splice(0).map((server) => server.close())])
  // A warning is emitted on the next tick: let it arrive before looking.
  await new Promise((resolve) => setImmediate(resolve))
  process.off('warning', onWarning)
  expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([])
})

/** A fixed, fast schedule: 50 ms between polls and between retries, a 20 ms floor. */
const backoff = {
  initialDelayMs: 50,
  factor: 1,
  maxDelayMs: 50,
  jitter: 'none',
  minDelayMs: 20,
} as const

const retries = 2
const requestTimeoutMs = 300

/** One request's tries are what these faults test: no outage budget rides past them. */
function client(options: ClientOptions = {}) {
  return createClient({
    baseUrl: faults.url,
    backoff,
    retries,
    requestTimeoutMs,
    timeoutMs: 3000,
    maxOutageMs: 0,
    ...options,
  })
}

/** The submit `POST path` is answered 202 with a status location. */
function accept(location: string, path = '/jobs'): void {
  faults.script(path, [{ kind: 'plain', status: 202, headers: { location } }])
}

const running: Answer = { kind: 'json', body: { status: 'running' } }
const succeeded: Answer = { kind: 'json', body: { status: 'succeeded', result: { n: 42 } } }
/** A status body long enough to cut in the middle. */
const longBody = JSON.stringify({ status: 'succeeded', result: { n: 42 }, pad: 'x'.repeat(200) })
/** 100 bytes announced, 10 sent, then a clean close: a body that ends short of its length. */
const shortOfLength: Answer = {
  kind: 'raw',
  data: 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"status":',
  end: 'close',
}

/** `METHOD /path` of every request the server saw, in order. */
function seen(server: FaultServer = faults): string[] {
  return server.requests.map((request) => `${request.method} ${request.path}`)
}

/** `count` times the same thing: a request line, an answer. */
function times<T>(count: number, item: T): T[] {
  return Array.from({ length: count }, () => item)
}

/** The settled outcome of a promise, so that a test can assert on its timing and its error. */
async function settle<T>(promise: Promise<T>) {
  const started = performance.now()
  try {
    const value = await promise
    return { value, error: undefined, ms: performance.now() - started }
  } catch (error) {
    return { value: undefined, error, ms: performance.now() - started }
  }
}

/** Milliseconds between the arrival of successive requests. */
function gaps(server: FaultServer = faults, path?: string): number[] {
  const at = server.requests
    .filter((request) => path === undefined || request.path === path)
    .map((request) => request.at)
  return at.slice(1).map((time, index) => time - (at[index] as number))
}

describe('an error answer pollwise gives up on', () => {
  it('lets go of the connection of a poll answered 400 with an endless body once wait() rejects with the HTTPError', async () => {
    accept('/status/1')
    faults.script('/status/1', [
      { kind: 'endless', status: 400, tickMs: 5, headers: { 'content-type': 'text/plain' } },
    ])
    const { error } = await settle(client({ requestTimeoutMs: 2000 }).run('/jobs'))
    expect(error).toBeInstanceOf(HTTPError)
    await faults.untilClosed(faults.requests[1]?.socket ?? 0)
  })

  it('lets go of the connection when the retries of a 503 with an endless body run out', async () => {
    accept('/status/1')
    faults.script('/status/1', [
      { kind: 'endless', status: 503, tickMs: 5, headers: { 'content-type': 'text/plain' } },
    ])
    const { error } = await settle(client({ retries: 1, requestTimeoutMs: 2000 }).run('/jobs'))
    expect(error).toBeInstanceOf(HTTPError)
    expect(seen()).toEqual(['POST /jobs', 'GET /status/1', 'GET /status/1'])
    await faults.untilClosed(faults.requests[2]?.socket ?? 0)
  })

  it('keeps the body of an HTTPError readable after wait() rejects, over a real socket', async () => {
    accept('/status/1')
    const detail = { error: { code: 'BadMonth', message: 'no such month' } }
    faults.script('/status/1', [{ kind: 'json', status: 422, body: detail }])
    const { error } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(HTTPError)
    const { response } = error as HTTPError
    expect([response.status, response.url]).toEqual([422, `${faults.url}/status/1`])
    expect(await response.json()).toEqual(detail)
  })

  it('keeps the first 64 KiB of an error body too long to keep whole', async () => {
    accept('/status/1')
    const long = 'e'.repeat(200_000)
    faults.script('/status/1', [
      { kind: 'plain', status: 400, body: long, headers: { 'content-type': 'text/plain' } },
    ])
    const { error } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(HTTPError)
    expect(await (error as HTTPError).response.text()).toBe(long.slice(0, 64 * 1024))
  })
})

describe('a status body cut short', () => {
  it.each(['reset', 'close'] as const)(
    'retries a body cut mid-way by a %s, then resolves with the next good answer',
    async (end) => {
      accept('/status/1')
      faults.script('/status/1', [{ kind: 'cut', body: longBody, sentBytes: 20, end }, succeeded])
      const outcome = await settle(client().run('/jobs'))
      expect(outcome.error).toBeUndefined()
      expect(outcome.value).toEqual({ n: 42 })
      expect(seen()).toEqual(['POST /jobs', ...times(2, 'GET /status/1')])
    },
  )

  it.each(['reset', 'close'] as const)(
    'fails with a NetworkError after retries+1 tries when every body is cut by a %s',
    async (end) => {
      accept('/status/1')
      faults.script('/status/1', [{ kind: 'cut', body: longBody, sentBytes: 20, end }])
      const { error, ms } = await settle(client().run('/jobs'))
      expect(error).toBeInstanceOf(NetworkError)
      expect(error).toBeInstanceOf(PollwiseError)
      expect(error).toMatchObject({
        url: `${faults.url}/status/1`,
        attempts: retries + 1,
        cause: expect.any(Error),
      })
      expect(seen()).toEqual(['POST /jobs', ...times(retries + 1, 'GET /status/1')])
      expect(ms).toBeLessThan(1500)
    },
  )

  it.each([
    ['shorter than its Content-Length', shortOfLength],
    [
      'broken in its gzip encoding (corrupt)',
      {
        kind: 'plain',
        body: '{"status":"succeeded"} is what this claims to be, but it is not gzip',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      },
    ],
    [
      'broken in its chunked framing (cut mid-chunk by a close)',
      {
        kind: 'raw',
        data: 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n40\r\n{"status":"succ',
      },
    ],
  ] as const)(
    'retries a body %s, then resolves with the next good answer',
    async (_name, broken: Answer) => {
      accept('/status/1')
      faults.script('/status/1', [broken, succeeded])
      const outcome = await settle(client().run('/jobs'))
      expect(outcome.error).toBeUndefined()
      expect(outcome.value).toEqual({ n: 42 })
      expect(seen()).toEqual(['POST /jobs', ...times(2, 'GET /status/1')])
    },
  )

  it('fails with a NetworkError after retries+1 tries when every body is shorter than its Content-Length', async () => {
    accept('/status/1')
    faults.script('/status/1', [shortOfLength])
    const { error } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ url: `${faults.url}/status/1`, attempts: retries + 1 })
    expect(seen()).toEqual(['POST /jobs', ...times(retries + 1, 'GET /status/1')])
  })

  it('times out a body that stalls short of its Content-Length, closes its socket and retries', async () => {
    accept('/status/1')
    // The rest of the announced body never comes and the socket stays open: only the per-request
    // timeout can end the try.
    faults.script('/status/1', [
      { kind: 'short-body', body: '{"status":', contentLength: 100 },
      succeeded,
    ])
    const outcome = await settle(client().run('/jobs'))
    expect(outcome.error).toBeUndefined()
    expect(outcome.value).toEqual({ n: 42 })
    expect(seen()).toEqual(['POST /jobs', ...times(2, 'GET /status/1')])
    expect(gaps(faults, '/status/1')[0]).toBeGreaterThanOrEqual(requestTimeoutMs)
    await faults.untilClosed(faults.requests[1]?.socket ?? 0)
  })
})

describe('a slow or endless body', () => {
  it('fails with a TimeoutError after retries+1 tries when the body trickles slower than requestTimeoutMs', async () => {
    accept('/status/1')
    // 20 bytes every 50 ms: the whole body would take about 600 ms, twice the request timeout.
    faults.script('/status/1', [{ kind: 'trickle', body: longBody, bytesPerTick: 20, tickMs: 50 }])
    const { error, ms } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).request.url).toBe(`${faults.url}/status/1`)
    expect(seen()).toEqual(['POST /jobs', ...times(retries + 1, 'GET /status/1')])
    // Three tries of 300 ms and two retry waits of 50 ms, well before the 3 s deadline.
    expect(ms).toBeGreaterThanOrEqual((retries + 1) * requestTimeoutMs)
    expect(ms).toBeLessThan(2000)
    for (const gap of gaps(faults, '/status/1'))
      expect(gap).toBeGreaterThanOrEqual(requestTimeoutMs)
    // Each timed-out try let its download go: the server sees every socket close.
    const statusSockets = faults.requests.slice(1).map((request) => request.socket)
    await Promise.all(statusSockets.map((socket) => faults.untilClosed(socket)))
  })

  it('resolves when a trickling body finishes within requestTimeoutMs', async () => {
    accept('/status/1')
    const body = JSON.stringify({ status: 'succeeded', result: { n: 42 } })
    // 10 bytes every 20 ms: about 120 ms for the whole body, well within the request timeout.
    faults.script('/status/1', [
      {
        kind: 'trickle',
        body,
        bytesPerTick: 10,
        tickMs: 20,
        headers: { 'content-type': 'application/json' },
      },
    ])
    const outcome = await settle(client().run('/jobs'))
    expect(outcome.error).toBeUndefined()
    expect(outcome.value).toEqual({ n: 42 })
    expect(seen()).toEqual(['POST /jobs', 'GET /status/1'])
  })

  it('fails with a TimeoutError after retries+1 tries on an endless body', async () => {
    accept('/status/1')
    // 1 KiB every 10 ms: far below maxBodyBytes by the time the request timeout fires.
    faults.script('/status/1', [{ kind: 'endless', tickMs: 10 }])
    const { error, ms } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(seen()).toEqual(['POST /jobs', ...times(retries + 1, 'GET /status/1')])
    expect(ms).toBeLessThan(2000)
    const statusSockets = faults.requests.slice(1).map((request) => request.socket)
    await Promise.all(statusSockets.map((socket) => faults.untilClosed(socket)))
  })

  it('fails at once with a ResponseValidationError on an endless body past maxBodyBytes, and closes its socket', async () => {
    accept('/status/1')
    faults.script('/status/1', [{ kind: 'endless' }])
    const { error, ms } = await settle(client({ maxBodyBytes: 64 * 1024 }).run('/jobs'))
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error).toMatchObject({ url: `${faults.url}/status/1` })
    expect((error as ResponseValidationError).issues[0]?.message).toMatch(/maxBodyBytes/)
    expect(seen()).toEqual(['POST /jobs', 'GET /status/1'])
    expect(ms).toBeLessThan(requestTimeoutMs)
    await faults.untilClosed(faults.requests[1]?.socket ?? 0)
  })
})

describe('a body over maxBodyBytes', () => {
  it.each([
    ['a 1 MiB body over a 64 KiB maxBodyBytes', 1024 * 1024, { maxBodyBytes: 64 * 1024 }],
    // 16 MiB take a few hundred ms to arrive: a longer request timeout keeps this from racing it.
    ['a 20 MiB body over the 16 MiB default', 20 * 1024 * 1024, { requestTimeoutMs: 2000 }],
  ] as const)(
    'fails with a ResponseValidationError on %s, without a retry, and closes its socket',
    async (_name, bytes, options) => {
      accept('/status/1')
      faults.script('/status/1', [
        { kind: 'huge', bytes, fill: '{', headers: { 'content-type': 'application/json' } },
      ])
      const { error } = await settle(client(options).run('/jobs'))
      expect(error).toBeInstanceOf(ResponseValidationError)
      expect(error).toMatchObject({
        url: `${faults.url}/status/1`,
        bodyExcerpt: expect.stringMatching(/^\{+$/),
      })
      expect((error as ResponseValidationError).issues[0]?.message).toMatch(/maxBodyBytes/)
      expect(seen()).toEqual(['POST /jobs', 'GET /status/1'])
      await faults.untilClosed(faults.requests[1]?.socket ?? 0)
    },
  )
})

describe('malformed responses and locations', () => {
  it('fails with a NetworkError after retries+1 tries on a malformed status line', async () => {
    accept('/status/1')
    faults.script('/status/1', [{ kind: 'raw', data: 'HTTP/1.1 two hundred OK\r\n\r\n' }])
    const { error } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ url: `${faults.url}/status/1`, attempts: retries + 1 })
    expect(seen()).toEqual(['POST /jobs', ...times(retries + 1, 'GET /status/1')])
  })

  it('refuses a 202 with two Location lines with a ProtocolError, and polls neither', async () => {
    faults.script('/jobs', [
      {
        kind: 'raw',
        data: 'HTTP/1.1 202 Accepted\r\nLocation: /status/1\r\nLocation: /status/2\r\nContent-Length: 0\r\n\r\n',
      },
    ])
    const { error } = await settle(client().start('/jobs'))
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error).toMatchObject({ url: `${faults.url}/jobs` })
    // Give a wrongly started poll loop its 50 ms to show itself.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(seen()).toEqual(['POST /jobs'])
  })

  it('refuses a Location with userinfo with a ProtocolError that does not log the password', async () => {
    const { host } = new URL(faults.url)
    accept(`http://user:hunter2@${host}/status/1`)
    faults.script('/status/1', [succeeded])
    const { error } = await settle(client().start('/jobs'))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).not.toContain('hunter2')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(seen()).toEqual(['POST /jobs'])
  })
})

describe('Retry-After that cannot be abused', () => {
  it('settles an idempotent submit answered 503 with Retry-After: 3600 by the deadline, with the HTTPError', async () => {
    faults.script('/jobs', [
      { kind: 'plain', status: 503, headers: { 'retry-after': '3600' } },
      { kind: 'plain', status: 202, headers: { location: '/status/1' } },
    ])
    const { error, ms } = await settle(
      client({ timeoutMs: 1000 }).start('/jobs', { method: 'PUT' }),
    )
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(503)
    expect(ms).toBeLessThan(1100)
    // No retry fits before the deadline: the submit is not sent again.
    expect(seen()).toEqual(['PUT /jobs'])
  })

  it('settles a cancel answered 503 with Retry-After: 3600 fast, and stops local polling', async () => {
    accept('/status/1')
    faults.script('/status/1', [{ kind: 'plain', status: 503, headers: { 'retry-after': '3600' } }])
    const op = await client({ timeoutMs: 1000 }).start('/jobs')
    const cancel = await settle(op.cancel())
    expect(cancel.error).toBeInstanceOf(HTTPError)
    expect((cancel.error as HTTPError).response.status).toBe(503)
    expect(cancel.ms).toBeLessThan(1000)
    await expect(op.wait()).rejects.toBeInstanceOf(OperationCanceledError)
    expect(seen()).toEqual(['POST /jobs', 'DELETE /status/1'])
  })

  it.each([
    // The longest deadline a client takes (2^31-1 ms): the hint, clamped, still does not fit.
    ['a transient error (503)', 503, 2 ** 31 - 1],
    ['a pending status (202)', 202, 600],
  ] as const)(
    'takes Retry-After: 9999999999 on %s without a TimeoutOverflowWarning or a burst of requests',
    async (_name, status, timeoutMs) => {
      accept('/status/1')
      faults.script('/status/1', [
        {
          kind: 'json',
          status,
          headers: { 'retry-after': '9999999999' },
          body: { status: 'running' },
        },
      ])
      const { error, ms } = await settle(client({ timeoutMs }).run('/jobs'))
      if (status === 503) {
        // No retry fits before the deadline: the 503 is the answer, at once.
        expect(ms).toBeLessThan(500)
        expect(error).toBeInstanceOf(HTTPError)
        expect((error as HTTPError).response.status).toBe(503)
      } else {
        // The next poll would come after the deadline: the deadline fires, on time.
        expect(error).toBeInstanceOf(PollTimeoutError)
        expect(ms).toBeGreaterThanOrEqual(500)
        expect(ms).toBeLessThan(1000)
      }
      expect(seen()).toEqual(['POST /jobs', 'GET /status/1'])
      // The warnings check in afterEach fails the test on a TimeoutOverflowWarning; look here too.
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.map((warning) => warning.name)).not.toContain('TimeoutOverflowWarning')
    },
  )

  it.each([
    ['Retry-After: 0', '0'],
    ['a Retry-After date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT'],
  ])('waits the floor (minDelayMs) before a retry after %s', async (_name, value) => {
    // The backoff would wait 1 s and the floor is 200 ms: the hint wins, raised to the floor.
    const slow = {
      initialDelayMs: 1000,
      factor: 1,
      maxDelayMs: 1000,
      jitter: 'none',
      minDelayMs: 200,
    } as const
    faults.script('/jobs', [
      { kind: 'plain', status: 503, headers: { 'retry-after': value } },
      { kind: 'plain', status: 202, headers: { location: '/status/1' } },
    ])
    const op = await client({ backoff: slow }).start('/jobs', { method: 'PUT' })
    expect(op.statusUrl).toBe(`${faults.url}/status/1`)
    expect(seen()).toEqual(['PUT /jobs', 'PUT /jobs'])
    const [gap = 0] = gaps()
    expect(gap).toBeGreaterThanOrEqual(195)
    expect(gap).toBeLessThan(700)
  })

  it.each([
    ['Retry in 2\\r\\n 999 (a folded line)', 'raw'],
    ['1.5', '1.5'],
    ['-1', '-1'],
    ['in 2 seconds', 'in 2 seconds'],
    ['2999-01-01', '2999-01-01'],
  ])('ignores Retry-After: %s and retries after the backoff', async (_name, value) => {
    const answer: Answer =
      value === 'raw'
        ? {
            kind: 'raw',
            data: 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: Retry in 2\r\n 999\r\nContent-Length: 0\r\n\r\n',
          }
        : { kind: 'plain', status: 503, headers: { 'retry-after': value } }
    faults.script('/jobs', [
      answer,
      { kind: 'plain', status: 202, headers: { location: '/status/1' } },
    ])
    const { error } = await settle(client().start('/jobs', { method: 'PUT' }))
    expect(error).toBeUndefined()
    expect(seen()).toEqual(['PUT /jobs', 'PUT /jobs'])
    // The backoff's 50 ms, not a hint (a year 2999 would not fit the deadline: no retry at all).
    const [gap = 0] = gaps()
    expect(gap).toBeGreaterThanOrEqual(45)
    expect(gap).toBeLessThan(500)
  })
})

describe('the connection between two answers', () => {
  it('never takes bytes past a Content-Length for the next answer: the next poll gets its own', async () => {
    accept('/status/1')
    const pending = '{"status":"running"}'
    const smuggled = '{"status":"succeeded","result":"smuggled"}'
    faults.script('/status/1', [
      {
        kind: 'raw',
        // A whole second answer rides behind the first one's declared length, on the same socket.
        data:
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${pending.length}\r\n\r\n${pending}` +
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${smuggled.length}\r\n\r\n${smuggled}`,
        end: 'hang',
      },
      succeeded,
    ])
    const outcome = await settle(client({ retries: 0 }).run('/jobs'))
    expect(outcome.error).toBeUndefined()
    expect(outcome.value).toEqual({ n: 42 })
    expect(seen()).toEqual(['POST /jobs', ...times(2, 'GET /status/1')])
  })

  it('polls on a new connection, with no retry spent, when the server resets the idle one during the sleep', async () => {
    accept('/status/1')
    const pending = '{"status":"running"}'
    faults.script('/status/1', [
      {
        kind: 'raw',
        data: `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${pending.length}\r\n\r\n${pending}`,
        end: 'reset',
        pauseMs: 20, // within the 50 ms sleep before the next poll
      },
      succeeded,
    ])
    const outcome = await settle(client({ retries: 0 }).run('/jobs'))
    expect(outcome.error).toBeUndefined()
    expect(outcome.value).toEqual({ n: 42 })
    expect(seen()).toEqual(['POST /jobs', ...times(2, 'GET /status/1')])
    const [first, second] = faults.requests.slice(1).map((request) => request.socket)
    expect(second).not.toBe(first)
  })
})

describe('a server that never answers', () => {
  it('fails with a TimeoutError after requestTimeoutMs on each of retries+1 tries', async () => {
    accept('/status/1')
    faults.script('/status/1', [{ kind: 'hang' }])
    const { error, ms } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).request.url).toBe(`${faults.url}/status/1`)
    expect(seen()).toEqual(['POST /jobs', ...times(retries + 1, 'GET /status/1')])
    for (const gap of gaps(faults, '/status/1'))
      expect(gap).toBeGreaterThanOrEqual(requestTimeoutMs)
    expect(ms).toBeGreaterThanOrEqual((retries + 1) * requestTimeoutMs)
    expect(ms).toBeLessThan(2000)
    const statusSockets = faults.requests.slice(1).map((request) => request.socket)
    await Promise.all(statusSockets.map((socket) => faults.untilClosed(socket)))
  })
})

describe('a second origin', () => {
  async function startSecondOrigin(): Promise<FaultServer> {
    const other = await startFaultServer({ host: '127.0.0.2' })
    others.push(other)
    return other
  }

  it('sends no credentials to a status location on another origin, and still sends them to its own', async () => {
    const other = await startSecondOrigin()
    accept(`${other.url}/status/1`)
    other.script('/status/1', [running, succeeded])
    const api = client({ headers: { authorization: 'Bearer s' } })
    await expect(api.run('/jobs')).resolves.toEqual({ n: 42 })
    expect(seen()).toEqual(['POST /jobs'])
    expect(seen(other)).toEqual(times(2, 'GET /status/1'))
    expect(faults.requests.map((request) => request.headers.authorization)).toEqual(['Bearer s'])
    expect(other.requests.map((request) => request.headers.authorization)).toEqual([
      undefined,
      undefined,
    ])
  })

  it('sends them there when the origin is listed in trustedOrigins', async () => {
    const other = await startSecondOrigin()
    accept(`${other.url}/status/1`)
    other.script('/status/1', [succeeded])
    const api = client({ headers: { authorization: 'Bearer s' }, trustedOrigins: [other.url] })
    await expect(api.run('/jobs')).resolves.toEqual({ n: 42 })
    expect(other.requests.map((request) => request.headers.authorization)).toEqual(['Bearer s'])
  })

  it('ends a loop of 303s between two origins with a ProtocolError after 10 result links', async () => {
    const other = await startSecondOrigin()
    accept('/status/1')
    faults.script('/status/1', [
      { kind: 'plain', status: 303, headers: { location: `${other.url}/result/1` } },
    ])
    other.script('/result/1', [
      { kind: 'plain', status: 303, headers: { location: `${faults.url}/status/1` } },
    ])
    const { error, ms } = await settle(client().run('/jobs'))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/redirect more than 10 times/)
    // 1 status read and 10 links followed: 6 reads of the status, 5 of the result.
    expect(seen()).toEqual(['POST /jobs', ...times(6, 'GET /status/1')])
    expect(seen(other)).toEqual(times(5, 'GET /result/1'))
    expect(ms).toBeLessThan(1000)
  })

  it('says the credentials were withheld, naming trustedOrigins, when the other origin answers 401', async () => {
    const other = await startSecondOrigin()
    accept(`${other.url}/status/1`)
    other.script('/status/1', [{ kind: 'json', status: 401, body: { error: 'unauthorized' } }])
    const { error } = await settle(client({ headers: { authorization: 'Bearer s' } }).run('/jobs'))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(401)
    expect((error as HTTPError).message).toMatch(/withheld/)
    expect((error as HTTPError).message).toContain('trustedOrigins')
    expect((error as HTTPError).message).toContain(other.url)
    // A 401 is not transient: one request.
    expect(seen(other)).toEqual(['GET /status/1'])
  })
})

describe('the per-origin limiter', () => {
  it("lets other operations poll while one operation's request waits out a Retry-After", async () => {
    accept('/status/a', '/jobs/a')
    accept('/status/b', '/jobs/b')
    faults.script('/status/a', [
      { kind: 'plain', status: 503, headers: { 'retry-after': '1' } },
      succeeded,
    ])
    faults.script('/status/b', [...times(4, running), succeeded])
    const api = client({ maxConcurrentPolls: 1 })
    const [a, b] = await Promise.all([api.start('/jobs/a'), api.start('/jobs/b')])
    const finished: string[] = []
    const waitFor = async (name: string, op: typeof a) => {
      const value = await op.wait()
      finished.push(name)
      return value
    }
    await expect(Promise.all([waitFor('a', a), waitFor('b', b)])).resolves.toEqual([
      { n: 42 },
      { n: 42 },
    ])
    expect(finished).toEqual(['b', 'a'])
    const atOf = (path: string) =>
      faults.requests.filter((request) => request.path === path).map((request) => request.at)
    const [firstA = 0, secondA = 0] = atOf('/status/a')
    const pollsOfB = atOf('/status/b')
    expect(atOf('/status/a')).toHaveLength(2)
    expect(pollsOfB).toHaveLength(5)
    // Retry-After: 1 honoured for A, and B's polls go on inside that second (its first may come
    // just before A's first: the two start together).
    expect(secondA - firstA).toBeGreaterThanOrEqual(995)
    const insideWaitOfA = pollsOfB.filter((at) => at > firstA && at < secondA)
    expect(insideWaitOfA.length).toBeGreaterThanOrEqual(4)
  })

  it('rejects an aborted wait at once while its poll is queued, and never sends that poll', async () => {
    accept('/status/a', '/jobs/a')
    accept('/status/b', '/jobs/b')
    // A's poll holds the only slot until its request times out.
    faults.script('/status/a', [{ kind: 'hang' }])
    faults.script('/status/b', [succeeded])
    const api = client({ maxConcurrentPolls: 1, retries: 0 })
    // Both submitted first: submits take the limiter's slot too.
    const a = await api.start('/jobs/a')
    const b = await api.start('/jobs/b')
    const waitingA = settle(a.wait())
    await expect.poll(() => seen()).toContain('GET /status/a')
    // B's first poll comes due while A's holds the only slot, and queues behind it.
    const controller = new AbortController()
    const waitingB = settle(b.wait({ signal: controller.signal }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const abortedAt = performance.now()
    controller.abort()
    const outcomeB = await waitingB
    expect(outcomeB.error).toMatchObject({ name: 'AbortError' })
    expect(performance.now() - abortedAt).toBeLessThan(100)
    expect((await waitingA).error).toBeInstanceOf(TimeoutError)
    // A's slot is free now: a poll of B still queued would go out in the next few ms.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen().filter((line) => line.startsWith('GET'))).toEqual(['GET /status/a'])
  })
})
