import { execFile } from 'node:child_process'
import type { Socket } from 'node:net'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type CheckOutcome,
  type ClientOptions,
  PollTimeoutError,
  ProtocolError,
  type ResumeToken,
  type Snapshot,
  TimeoutError,
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
import { fastBackoff, within } from '../support/real-time.js'

// Fault scripts over real loopback sockets, written byte by byte on a bare TCP server: status
// streams as the HTML standard parses Server-Sent Events, NDJSON and json-seq cut mid-record, a
// server that crashes and restarts or leaves a socket half-open, and the one-step check under the
// same faults. Each test asserts what a user sees, and that nothing is left behind: every socket
// that carried a request is closed, and no process warning was emitted.

let warnings: string[] = []
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)

// Registered before the servers' hooks, so that the warnings are read after every socket closed.
beforeEach(() => {
  warnings = []
  process.on('warning', onWarning)
})

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve))
  process.off('warning', onWarning)
  expect(warnings).toEqual([])
})

const servers = rawServerPerTest()
const client = servers.client
let api: RawServer

beforeEach(() => {
  api = servers.api
  api.routes.set('POST /jobs', (socket) =>
    socket.end(head('202 Accepted', { location: '/jobs/1', 'content-length': 0 })),
  )
  api.routes.set('GET /files/1', (socket) => sendJson(socket, '200 OK', { rows: 3 }))
})

const sse = head('200 OK', { 'content-type': 'text/event-stream', 'transfer-encoding': 'chunked' })
const ndjson = head('200 OK', {
  'content-type': 'application/x-ndjson',
  'transfer-encoding': 'chunked',
})
const done = '{"status":"succeeded","resultUrl":"/files/1"}'

/**
 * Writes `parts` one by one, each its own chunk, on separate turns so that they arrive apart;
 * then ends the body and the socket.
 */
async function trickle(socket: Socket, parts: readonly (string | Uint8Array)[]): Promise<void> {
  for (const part of parts) {
    if (socket.destroyed) return
    socket.write(chunk(part))
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  socket.end(lastChunk)
}

/** A route that answers a stream of Server-Sent Events: `parts`, then its end. */
const streaming =
  (...parts: (string | Uint8Array)[]) =>
  (socket: Socket) => {
    socket.write(sse)
    void trickle(socket, parts)
  }

/** A route that answers `head` and the chunk `text`, then resets the connection. */
const resetIn = (head: string, text: string) => (socket: Socket) => {
  socket.write(head)
  socket.write(chunk(text))
  setTimeout(() => socket.resetAndDestroy(), 20)
}

/** Answers each request to `path` with the next script, the last one for every later request. */
function script(server: RawServer, path: string, ...answers: ((socket: Socket) => void)[]) {
  let count = 0
  server.routes.set(`GET ${path}`, (socket) => {
    const answer = answers[Math.min(count, answers.length - 1)]
    count += 1
    answer?.(socket)
  })
}

const requestsTo = (server: RawServer, path: string): RawRequest[] =>
  server.seen.filter((request) => request.path === path)

/** Starts the job and waits for it: the value or the error, and every snapshot seen. */
async function run(options: ClientOptions = {}, signal?: AbortSignal) {
  const snapshots: Snapshot[] = []
  const op = await client(options).start('/jobs', { json: {} })
  const value = await within(
    op
      .wait({ onProgress: (snapshot) => snapshots.push(snapshot), ...(signal ? { signal } : {}) })
      .catch((error: unknown) => error),
    6000,
    'still waiting after 6 s',
  )
  return { value, snapshots }
}

describe('a status stream of Server-Sent Events, as the HTML standard parses it', () => {
  it('reads a BOM, CR, LF and CRLF line ends mixed, data: without a space, multi-line data, comments and other event types', async () => {
    script(
      api,
      '/jobs/1',
      streaming(
        new Uint8Array([0xef, 0xbb, 0xbf]),
        ': a comment\r\nevent: progress\rdata:{"status":"running",\ndata: "progress":0.5}\r\n\r\n',
        'event: ping\ndata: {"at":1}\n\n',
        'id: 1\nstatus\n\n',
        `data: ${done}\r\n\r`,
        '\n',
      ),
    )
    const { value, snapshots } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(snapshots.map((snapshot) => snapshot.progress)).toEqual([0.5, 1])
    expect(requestsTo(api, '/jobs/1')).toHaveLength(1)
  })

  it('reads a long line cut across chunks, and cut inside its UTF-8 characters', async () => {
    const message = `naïve 日本 🎉 ${'x'.repeat(20_000)}`
    const bytes = new TextEncoder().encode(
      `data: {"status":"running","progress":0.5,"message":"${message}"}\n\ndata: ${done}\n\n`,
    )
    // Cuts after the first byte of 'ï', inside '日' and inside '🎉', then in large pieces.
    const cuts = [9, 14, 19, 21, 5000, 12_000, bytes.length]
    const parts = cuts.map((end, index) => bytes.subarray(cuts[index - 1] ?? 0, end))
    script(api, '/jobs/1', streaming(...parts))
    const { value, snapshots } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(snapshots[0]?.status).toMatchObject({ message })
  })

  it('discards the event a stream ends in before its blank line, and sends back the id before it, not one with NULL', async () => {
    script(
      api,
      '/jobs/1',
      streaming(
        'id: 1\ndata: {"status":"running"}\n\n',
        'id: 2\0\ndata: {"status":"running"}\n\n',
        `id: 3\ndata: ${done}`,
      ),
      streaming(`id: 3\ndata: ${done}\n\n`),
    )
    const { value, snapshots } = await run()
    expect(value).toEqual({ rows: 3 })
    const streams = requestsTo(api, '/jobs/1')
    expect(streams.map((request) => request.headers['last-event-id'])).toEqual([undefined, '1'])
    // Two events of the first connection, the terminal one of the second.
    expect(snapshots.map((snapshot) => snapshot.state)).toEqual(['pending', 'pending', 'succeeded'])
  })

  it('waits the last valid retry: before opening the stream again, ignoring one with non-digits and one with no colon', async () => {
    script(
      api,
      '/jobs/1',
      streaming(
        'retry: 300\ndata: {"status":"running"}\n\n',
        'retry: 5s\nretry\nretry: -1\ndata: {"status":"running"}\n\n',
      ),
      streaming(`data: ${done}\n\n`),
    )
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    const [first, second] = requestsTo(api, '/jobs/1')
    const gap = (second?.at ?? 0) - (first?.at ?? 0)
    expect(gap).toBeGreaterThanOrEqual(295)
    expect(gap).toBeLessThan(1000)
  })

  it('opens the stream again, less and less often, when the server closes it after its headers', async () => {
    const empty = (socket: Socket) => socket.end(`${sse}${lastChunk}`)
    script(api, '/jobs/1', empty, empty, empty, streaming(`data: ${done}\n\n`))
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    const at = requestsTo(api, '/jobs/1').map((request) => request.at)
    expect(at).toHaveLength(4)
    // The floor of 10 ms doubles after each connection that brought nothing: 20, 40, 80 ms.
    const gaps = at.slice(1).map((time, index) => time - (at[index] ?? 0))
    expect(gaps[0]).toBeGreaterThanOrEqual(18)
    expect(gaps[2]).toBeGreaterThanOrEqual(78)
    expect(gaps[2]).toBeLessThan(500)
  })

  it('stops opening a stream location that answers 204 (the standard`s "stop reconnecting"), and polls on', async () => {
    let polls = 0
    api.routes.set('GET /jobs/1', (socket) => {
      polls += 1
      const body = polls < 5 ? { status: 'running', stream_url: '/events/1' } : JSON.parse(done)
      sendJson(socket, '200 OK', body)
    })
    script(api, '/events/1', streaming('data: {"status":"running"}\n\n'), (socket) =>
      socket.end(head('204 No Content')),
    )
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(requestsTo(api, '/events/1')).toHaveLength(2)
    expect(polls).toBe(5)
  })

  it('ends with a ProtocolError, after one more request, when the status location answers 204 to a reconnect', async () => {
    script(api, '/jobs/1', streaming('data: {"status":"running"}\n\n'), (socket) =>
      socket.end(head('204 No Content')),
    )
    const { value } = await run()
    expect(value).toBeInstanceOf(ProtocolError)
    expect((value as ProtocolError).message).toContain('204')
    expect(requestsTo(api, '/jobs/1')).toHaveLength(2)
  })

  it('never takes a 200 with another content type on a reconnect for a stream: its SSE text is no status', async () => {
    const text = `data: ${done}\n\n`
    script(api, '/jobs/1', streaming('data: {"status":"running"}\n\n'), (socket) =>
      socket.end(
        `${head('200 OK', { 'content-type': 'text/plain', 'content-length': text.length })}${text}`,
      ),
    )
    const { value } = await run()
    expect(value).toBeInstanceOf(ProtocolError)
    expect((value as ProtocolError).bodyExcerpt).toContain('data: {')
    expect(requestsTo(api, '/files/1')).toHaveLength(0)
  })

  it('opens a stream reached by a redirect again through it, with Last-Event-ID, after its retry:', async () => {
    api.routes.set('GET /jobs/1', (socket) =>
      socket.end(head('302 Found', { location: '/events/1', 'content-length': 0 })),
    )
    script(
      api,
      '/events/1',
      streaming('id: 7\nretry: 200\ndata: {"status":"running"}\n\n'),
      streaming(`data: ${done}\n\n`),
    )
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    const reads = api.seen.filter((request) => request.method === 'GET').slice(0, 4)
    expect(reads.map((request) => [request.path, request.headers['last-event-id']])).toEqual([
      ['/jobs/1', undefined],
      ['/events/1', undefined],
      ['/jobs/1', '7'],
      ['/events/1', '7'],
    ])
    expect((reads[2]?.at ?? 0) - (reads[1]?.at ?? 0)).toBeGreaterThanOrEqual(195)
  })

  it('follows a redirect to a stream on another origin, and sends it no credentials', async () => {
    const other = await servers.another('127.0.0.2')
    api.routes.set('GET /jobs/1', (socket) =>
      socket.end(
        head('307 Temporary Redirect', { location: `${other.url}/events/1`, 'content-length': 0 }),
      ),
    )
    script(
      other,
      '/events/1',
      streaming(
        'data: {"status":"running"}\n\n',
        `data: {"status":"succeeded","resultUrl":"${api.url}/files/1"}\n\n`,
      ),
    )
    const { value } = await run({ headers: { authorization: 'Bearer secret' } })
    expect(value).toEqual({ rows: 3 })
    expect(other.seen.map((request) => request.headers.authorization)).toEqual([undefined])
    expect(api.seen.map((request) => request.headers.authorization)).toEqual([
      'Bearer secret',
      'Bearer secret',
      'Bearer secret',
    ])
  })
})

describe('NDJSON and json-seq status streams cut mid-record', () => {
  const thenDone = (socket: Socket) => {
    socket.write(ndjson)
    void trickle(socket, [`${done}\n`])
  }

  it('reads the status location again when a body delimited by its close ends mid-record', async () => {
    script(
      api,
      '/jobs/1',
      (socket) => {
        socket.write(head('200 OK', { 'content-type': 'application/x-ndjson' }))
        socket.write('{"status":"running"}\n{"status":"succ')
        setTimeout(() => socket.end(), 20)
      },
      thenDone,
    )
    const { value, snapshots } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(requestsTo(api, '/jobs/1')).toHaveLength(2)
    expect(snapshots.map((snapshot) => snapshot.state)).toEqual(['pending', 'succeeded'])
  })

  it('reads the status location again when the connection is reset mid-record', async () => {
    script(api, '/jobs/1', resetIn(ndjson, '{"status":"running"}\n{"status":"succ'), thenDone)
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(requestsTo(api, '/jobs/1')).toHaveLength(2)
  })

  it('skips a json-seq text cut short by the next record separator (RFC 7464, 2.3)', async () => {
    script(api, '/jobs/1', (socket) => {
      socket.write(
        head('200 OK', { 'content-type': 'application/json-seq', 'transfer-encoding': 'chunked' }),
      )
      void trickle(socket, ['\x1e{"status":"running"}\n\x1e{"status":"runn', `\x1e${done}\n`])
    })
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(requestsTo(api, '/jobs/1')).toHaveLength(1)
  })
})

describe('a server that crashes, restarts, or never answers', () => {
  it('rides out a crash mid-stream: refused for 500 ms, then back; one submit', async () => {
    script(
      api,
      '/jobs/1',
      (socket) => {
        socket.write(sse)
        socket.write(chunk('data: {"status":"running"}\n\ndata: {"status":"ru'))
        setTimeout(async () => {
          await api.crash()
          setTimeout(() => void api.restart(), 500)
        }, 30)
      },
      streaming(`data: ${done}\n\n`),
    )
    const started = performance.now()
    const { value } = await run({ retries: 1 })
    expect(value).toEqual({ rows: 3 })
    expect(performance.now() - started).toBeGreaterThanOrEqual(500)
    expect(requestsTo(api, '/jobs')).toHaveLength(1)
  })

  it('ends at the deadline with a PollTimeoutError while the server refuses connections', async () => {
    const op = await client({ timeoutMs: 600, retries: 1 }).start('/jobs', { json: {} })
    await api.crash()
    const started = performance.now()
    const error = await within(
      op.wait().catch((reason: unknown) => reason),
      2000,
      'still waiting',
    )
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(performance.now() - started).toBeLessThan(800)
  })

  it('rejects with the abort reason at once while the server refuses connections', async () => {
    const backoff = { ...fastBackoff, initialDelayMs: 100, maxDelayMs: 100 }
    const op = await client({ backoff }).start('/jobs', { json: {} })
    await api.crash()
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('user left')), 250)
    const started = performance.now()
    const error = await within(
      op.wait({ signal: controller.signal }).catch((reason: unknown) => reason),
      2000,
      'still waiting',
    )
    expect((error as Error).message).toBe('user left')
    expect(performance.now() - started).toBeLessThan(400)
  })

  it('ends a submit to a server that never answers with a TimeoutError at requestTimeoutMs, sent once', async () => {
    api.routes.set('POST /jobs', () => {})
    const started = performance.now()
    const error = await client({ requestTimeoutMs: 300 })
      .start('/jobs', { json: {} })
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(requestsTo(api, '/jobs')).toHaveLength(1)
  })

  it('times out each poll of a status location that never answers, and ends at the deadline', async () => {
    api.routes.set('GET /jobs/1', () => {})
    const started = performance.now()
    const { value } = await run({ retries: 1, requestTimeoutMs: 300, timeoutMs: 1500 })
    expect(value).toBeInstanceOf(PollTimeoutError)
    expect(performance.now() - started).toBeLessThan(1900)
    const polls = requestsTo(api, '/jobs/1')
    // Each try is cut at 300 ms, so about five fit in 1.5 s, never more.
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(polls.length).toBeLessThanOrEqual(6)
  })

  it('rejects with the abort reason at once while a poll hangs, and closes its socket', async () => {
    api.routes.set('GET /jobs/1', () => {})
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('user left')), 200)
    const started = performance.now()
    const { value } = await run({}, controller.signal)
    expect((value as Error).message).toBe('user left')
    expect(performance.now() - started).toBeLessThan(400)
    expect(await within(api.drained(), 200, 'socket still open')).toBeUndefined()
  })

  it('takes a stream silent after its headers for stalled at heartbeatTimeoutMs, and reads again', async () => {
    script(api, '/jobs/1', (socket) => socket.write(sse), streaming(`data: ${done}\n\n`))
    const { value } = await run({ heartbeatTimeoutMs: 300 })
    expect(value).toEqual({ rows: 3 })
    const [first, second] = requestsTo(api, '/jobs/1')
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(295)
  })
})

describe('check() and resume tokens under faults', () => {
  /** A token of a job just started, due for its first check. */
  async function dueToken() {
    const op = await client().start('/jobs', { json: {} })
    const token = op.toJSON()
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, token.nextPollAt - Date.now())))
    return token
  }

  it('checks across a server restart: pending while refused, then the result; one submit', async () => {
    const token = await dueToken()
    const checker = client({ retries: 0 })
    api.routes.set('GET /jobs/1', (socket) => sendJson(socket, '200 OK', { status: 'running' }))
    const first = await checker.check(token)
    expect(first.state).toBe('pending')
    await api.crash()
    const down = (await checker.check(first.token)) as Extract<CheckOutcome, { state: 'pending' }>
    expect(down.state).toBe('pending')
    await api.restart()
    api.routes.set('GET /jobs/1', (socket) => sendJson(socket, '200 OK', JSON.parse(done)))
    let outcome: CheckOutcome = down
    for (let step = 0; step < 3 && outcome.state === 'pending'; step++) {
      const { checkAt, token: next }: { checkAt: number; token: ResumeToken } = outcome
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, checkAt - Date.now())))
      outcome = await checker.check(next)
    }
    expect(outcome).toMatchObject({ state: 'succeeded', result: { rows: 3 } })
    expect(requestsTo(api, '/jobs')).toHaveLength(1)
  })

  it('returns pending within requestTimeoutMs when the status location never answers', async () => {
    const token = await dueToken()
    api.routes.set('GET /jobs/1', () => {})
    const started = performance.now()
    const outcome = await client({ requestTimeoutMs: 300 }).check(token)
    expect(outcome.state).toBe('pending')
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(performance.now() - started).toBeLessThan(800)
    expect(requestsTo(api, '/jobs/1')).toHaveLength(1)
  })

  it('stays pending, with no error, when the first record of a stream is cut short', async () => {
    const token = await dueToken()
    script(api, '/jobs/1', resetIn(ndjson, '{"status":"succ'))
    const outcome = await client().check(token)
    expect(outcome.state).toBe('pending')
  })

  it('resumes a token whose status location was moved to another origin: that origin gets no credentials', async () => {
    const other = await servers.another('127.0.0.2')
    script(other, '/jobs/1', streaming(`data: {"status":"succeeded","result":{"rows":1}}\n\n`))
    const token = await dueToken()
    const tampered = { ...token, statusUrl: `${other.url}/jobs/1`, target: `${other.url}/jobs/1` }
    const op = client({ headers: { authorization: 'Bearer secret' } }).resume(tampered)
    expect(await op.wait()).toEqual({ rows: 1 })
    expect(other.seen.map((request) => request.headers.authorization)).toEqual([undefined])
  })

  it('refuses a token whose URLs hold credentials with a TypeError that does not show them, before any request', async () => {
    const token = await dueToken()
    const sent = api.seen.length
    for (const name of ['statusUrl', 'target'] as const) {
      const url = new URL(token[name])
      url.username = 'user'
      url.password = 'hunter2'
      const tampered = { ...token, [name]: url.href }
      const error = await client()
        .check(tampered)
        .catch((reason: unknown) => reason)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as TypeError).message).toContain(`\`${name}\``)
      expect((error as TypeError).message).not.toContain('hunter2')
      expect(() => client().resume(tampered)).toThrow(TypeError)
    }
    expect(api.seen).toHaveLength(sent)
  })

  it('refuses a token cut short with a TypeError, before any request', async () => {
    const text = JSON.stringify(await dueToken())
    const sent = api.seen.length
    await expect(client().check(text.slice(0, -9))).rejects.toThrow(TypeError)
    expect(() => client().resume(text.slice(0, -9))).toThrow(TypeError)
    expect(api.seen).toHaveLength(sent)
  })
})

describe('a Node process that followed a stream through faults', () => {
  it('exits on its own once the wait settles', async () => {
    script(
      api,
      '/jobs/1',
      resetIn(sse, 'data: {"status":"running"}\n\ndata: {"sta'),
      (socket) => socket.write(sse),
      streaming(`data: ${done}\n\n`),
    )
    const started = performance.now()
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'test/e2e/fixtures/stream-faults-and-exit.ts', api.url],
      { timeout: 10_000 },
    )
    expect(stdout.trim()).toBe('settled: resolved {"rows":3}')
    // The run takes about a second; a timer or socket left would hold the process for seconds.
    expect(performance.now() - started).toBeLessThan(4000)
    expect(requestsTo(api, '/jobs/1')).toHaveLength(3)
  }, 15_000)
})
