import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type ClientOptions,
  createClient,
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  ResponseValidationError,
  type Snapshot,
} from '../../src/index.js'
import { within } from '../support/real-time.js'

// Push over a real node:http server on 127.0.0.1, as a user meets it: Server-Sent Events parsed as
// the HTML standard says (§9.2) whatever the chunking, streams cut and opened again with
// Last-Event-ID, 5xx and resets on a reconnect, heartbeats against the deadline and the request
// timeout, NDJSON lines, an abort mid-stream, and where `Prefer: wait` (RFC 7240) is sent. Each
// test asserts the result or the typed error, the progress seen, the requests and their headers;
// after each, no socket is left open and no rejection went unhandled.

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void

interface Seen {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly at: number
}

let server: Server | undefined
let seen: Seen[] = []
const sockets = new Set<Socket>()
let unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeEach(() => {
  unhandled = []
  process.on('unhandledRejection', onUnhandled)
})

afterEach(async () => {
  const closing = server
  server = undefined
  // Sockets close on the client's side: give them a moment, then none may be left.
  const left = await within(
    (async () => {
      while (sockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    })(),
    1_000,
    'sockets left open',
  )
  if (closing) {
    closing.closeAllConnections()
    await new Promise<void>((resolve) => closing.close(() => resolve()))
  }
  sockets.clear()
  await new Promise((resolve) => setImmediate(resolve))
  process.off('unhandledRejection', onUnhandled)
  expect(left).not.toBe('sockets left open')
  expect(unhandled).toEqual([])
})

/**
 * Serves `POST /jobs` (202, status location `/jobs/7`), `GET /files/7` (the result) and hands
 * every other request to `handler` with its number among the requests to that path.
 */
async function serve(handler: Handler): Promise<string> {
  seen = []
  const counts = new Map<string, number>()
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    seen.push({
      method: request.method ?? '',
      path,
      headers: request.headers,
      at: performance.now(),
    })
    // Only sockets that carried a request count: Node's fetch may open one ahead and leave it idle.
    const socket = request.socket
    if (!sockets.has(socket)) {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    }
    if (request.method === 'POST' && path === '/jobs') {
      response.writeHead(202, { location: '/jobs/7', 'content-length': 0 }).end()
      return
    }
    if (request.method === 'GET' && path === '/files/7') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"rows":3}')
      return
    }
    const key = `${request.method} ${path}`
    const count = (counts.get(key) ?? 0) + 1
    counts.set(key, count)
    handler(request, response, count)
  })
  server.keepAliveTimeout = 100
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const reads = (path = '/jobs/7') => seen.filter((request) => request.path === path)
/** The Last-Event-ID of each read of the status location, in order. */
const lastEventIds = () => reads().map((request) => request.headers['last-event-id'])

const sseHead = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
const done = '{"status":"succeeded","resultUrl":"/files/7"}'

/** A first read 50 ms after the submit, then a cadence so slow that only push can finish in time. */
const slowPolls = { initialDelayMs: 50, factor: 100, maxDelayMs: 30_000, jitter: 'none' } as const

function client(url: string, options: ClientOptions = {}) {
  return createClient({ baseUrl: url, backoff: slowPolls, timeoutMs: 5_000, ...options })
}

/** Starts the job and waits: the value or the error, every snapshot, and the pending ones' progress. */
async function run(url: string, options: ClientOptions = {}, signal?: AbortSignal) {
  const snapshots: Snapshot[] = []
  const op = await client(url, options).start('/jobs', { json: {} })
  const value = await within(
    op
      .wait({ onProgress: (snap) => snapshots.push(snap), ...(signal ? { signal } : {}) })
      .catch((error: unknown) => error),
    6_000,
    'still waiting after 6 s',
  )
  const pending = snapshots.filter((snap) => snap.state === 'pending')
  return { value, progress: pending.map((snap) => snap.progress), snapshots }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** When the request's socket closes (`performance.now()`). */
const socketClose = (request: IncomingMessage): Promise<number> =>
  new Promise((resolve) => request.socket.once('close', () => resolve(performance.now())))

/** When `closing` settled, or 'socket still open' after 500 ms more. */
const closedWithin = (closing: Promise<number> | undefined) =>
  within(closing ?? new Promise<number>(() => {}), 500, 'socket still open')

/** Writes each part on its own turn, so that each arrives apart; then ends the response. */
async function trickle(response: ServerResponse, parts: readonly (string | Uint8Array)[]) {
  for (const part of parts) {
    if (response.destroyed) return
    response.write(part)
    await pause(3)
  }
  response.end()
}

/** A stream's text cut into chunks of `size` bytes, whatever they split (a CRLF, a character). */
function bytesOf(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text)
  const parts: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size))
  return parts
}

/**
 * The status location as a stream of Server-Sent Events: its n-th connection trickles the n-th
 * list of parts (the last list for every later one), then ends.
 */
function serveEvents(...connections: readonly (readonly (string | Uint8Array)[])[]) {
  return serve((_request, response, count) => {
    response.writeHead(200, sseHead)
    void trickle(response, connections[Math.min(count, connections.length) - 1] ?? [])
  })
}

describe('Server-Sent Events on the wire, as the HTML standard parses them', () => {
  it('reads a BOM, CR, LF and CRLF mixed, data: with and without its space, comments and fields with no colon, cut every 3 bytes', async () => {
    const text = [
      '\uFEFF: hello\r\n',
      'retry:abc\r', // not digits: ignored
      'data:{"status":"running",\n',
      'data: "progress":25}\r\n',
      'unknown: field\n',
      'data\n', // a field with no colon: data with an empty value
      '\r\n', // the blank line: dispatched as '{...}\n\n'
      'id: é-1\rdata: {"status":"running","progress":50}\r\n\r\n',
      `data: ${done}\n\n`,
    ].join('')
    const url = await serveEvents(bytesOf(text, 3))
    const { value, progress } = await run(url)
    expect(value).toEqual({ rows: 3 })
    // The first event's data is two lines joined with LF, and an empty third: still JSON.
    expect(progress).toEqual([0.25, 0.5])
    expect(reads()).toHaveLength(1)
  })

  it('strips a BOM at the very start only: a second one begins a field name that is then unknown', async () => {
    const url = await serveEvents(
      [
        '\uFEFFdata: {"status":"running","progress":10}\n\n',
        // The second event's field is "\uFEFFdata": ignored, so that event has no data.
        '\uFEFFdata: {"status":"running","progress":20}\n\nid: 1\n\n',
      ],
      [`\uFEFFdata: ${done}\n\n`],
    )
    const { value, progress } = await run(url)
    expect(value).toEqual({ rows: 3 })
    expect(progress).toEqual([0.1])
    // Each response is decoded on its own: the second one's BOM is at its start, and stripped.
    expect(lastEventIds()).toEqual([undefined, '1'])
  })

  it('splits a CRLF and a 4-byte character across chunks without an extra line or a U+FFFD in the id sent back', async () => {
    const id = 'job-😀-7'
    const bytes = new TextEncoder().encode(`id: ${id}\r\ndata: {"status":"running"}\r\n\r\n`)
    const emoji = bytes.indexOf(0xf0)
    const crlf = bytes.indexOf(0x0d)
    const url = await serveEvents(
      [bytes.subarray(0, emoji + 2), bytes.subarray(emoji + 2, crlf + 1), bytes.subarray(crlf + 1)],
      [`data: ${done}\n\n`],
    )
    const { value } = await run(url)
    expect(value).toEqual({ rows: 3 })
    const header = reads()[1]?.headers['last-event-id']
    // Sent as UTF-8 bytes; Node reads a header's bytes as latin1.
    expect(Buffer.from(String(header), 'latin1').toString('utf8')).toBe(id)
  })

  it('passes over an event named error that is no status, and reads one named error that is one', async () => {
    const url = await serveEvents([
      'event: error\ndata: {"message":"a hiccup the server logs"}\n\n',
      'event: progress\ndata: {"status":"running","progress":40}\n\n',
      'event: error\ndata: {"status":"failed","error":{"message":"disk full"}}\n\n',
    ])
    const { value, progress } = await run(url)
    expect(value).toBeInstanceOf(OperationFailedError)
    expect((value as OperationFailedError).message).toContain('disk full')
    expect(progress).toEqual([0.4])
    expect(reads()).toHaveLength(1)
  })

  it('ignores an id with a NULL and sends none after an empty id:, on the reconnects that follow', async () => {
    const url = await serveEvents(
      ['id: 1\ndata: {"status":"running"}\n\nid: 2\0\ndata: {"status":"running"}\n\n'],
      ['id:\ndata: {"status":"running"}\n\n'],
      ['data: {"status":"running"}\n\n'], // no id: the empty one stands
      [`data: ${done}\n\n`],
    )
    const { value } = await run(url)
    expect(value).toEqual({ rows: 3 })
    expect(lastEventIds()).toEqual([undefined, '1', undefined, undefined])
  })

  it('reconnects with no Last-Event-ID after an id no header can carry (a control character), at once, not until the deadline', async () => {
    const url = await serveEvents(
      ['id: 7\ndata: {"status":"running"}\n\n'],
      ['id: job\u00017\ndata: {"status":"running"}\n\n'],
      [`data: ${done}\n\n`],
    )
    const started = performance.now()
    const { value } = await run(url, { timeoutMs: 3_000 })
    expect(value).toEqual({ rows: 3 })
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(lastEventIds()).toEqual([undefined, '7', undefined])
  })

  it('discards an event the stream ends in before its blank line: its status and its id do not count', async () => {
    const url = await serveEvents(
      ['id: 1\ndata: {"status":"running"}\n\n', `id: 2\ndata: ${done}\n`],
      [`id: 3\ndata: ${done}\n\n`],
    )
    const { value } = await run(url)
    expect(value).toEqual({ rows: 3 })
    expect(lastEventIds()).toEqual([undefined, '1'])
  })
})

/** The status location streams `events` on its first connection, then ends; `later` answers the rest. */
function serveStreamThen(events: string, later: (response: ServerResponse) => void) {
  return serve((_request, response, count) => {
    if (count > 1) return later(response)
    response.writeHead(200, sseHead)
    void trickle(response, [events])
  })
}

describe('a status stream cut before the operation ends', () => {
  it('opens it again after its retry:, with Last-Event-ID, and reads a JSON answer then as a status', async () => {
    const url = await serveStreamThen(
      'retry: 300\nid: 41\ndata: {"status":"running"}\n\n',
      (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(done),
    )
    const { value } = await run(url)
    expect(value).toEqual({ rows: 3 })
    const [first, second] = reads()
    expect(second?.headers['last-event-id']).toBe('41')
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(290)
  })

  it('never waits a retry: past the deadline: PollTimeoutError at timeoutMs, the stream read once', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sseHead)
      void trickle(response, ['retry: 600000\ndata: {"status":"running"}\n\n'])
    })
    const started = performance.now()
    const { value } = await run(url, { timeoutMs: 600 })
    expect(value).toBeInstanceOf(PollTimeoutError)
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(reads()).toHaveLength(1)
  })

  it('retries a 503 on the reconnect with the same Last-Event-ID, and reads the stream on', async () => {
    const url = await serve((_request, response, count) => {
      if (count === 2 || count === 3) {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' })
        response.end('{"error":"busy"}')
        return
      }
      response.writeHead(200, sseHead)
      const parts =
        count === 1
          ? ['id: a\ndata: {"status":"running","progress":30}\n\n']
          : [`id: b\ndata: {"status":"running","progress":60}\n\ndata: ${done}\n\n`]
      void trickle(response, parts)
    })
    const { value, progress, snapshots } = await run(url)
    expect(value).toEqual({ rows: 3 })
    expect(progress).toEqual([0.3, 0.6])
    expect(lastEventIds()).toEqual([undefined, 'a', 'a', 'a'])
    // The retries of one read are one request: the stream's two connections are two.
    const pending = snapshots.filter((snap) => snap.state === 'pending')
    expect(pending.map((snap) => snap.attempt)).toEqual([1, 2])
  })

  it('rides out a reconnect answered 500 at the backoff`s cadence, Last-Event-ID on every try, until the deadline', async () => {
    const url = await serveStreamThen('id: 1\ndata: {"status":"running"}\n\n', (response) =>
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}'),
    )
    const started = performance.now()
    const { value } = await run(url, {
      retries: 2,
      timeoutMs: 1_500,
      backoff: { initialDelayMs: 50, factor: 1, maxDelayMs: 50, jitter: 'none' },
    })
    // A 500 is transient: each read's retries, then the outage ridden out, all at 50 ms or more.
    expect(value).toBeInstanceOf(PollTimeoutError)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(reads().length).toBeGreaterThanOrEqual(10)
    expect(reads().length).toBeLessThanOrEqual(1 + 1_500 / 50)
    const ids = new Set(lastEventIds())
    expect(ids).toEqual(new Set([undefined, '1']))
    expect(reads()[1]?.headers['last-event-id']).toBe('1')
  })

  it('takes a reset mid-event for a cut: the event is dropped, the one before it sent back', async () => {
    const url = await serve((request, response, count) => {
      response.writeHead(200, sseHead)
      if (count === 1) {
        response.write('id: 5\ndata: {"status":"running","progress":50}\n\n')
        response.write(`id: 6\ndata: ${done.slice(0, 12)}`)
        setTimeout(() => request.socket.resetAndDestroy(), 30)
        return
      }
      void trickle(response, [`data: ${done}\n\n`])
    })
    const { value, progress } = await run(url)
    expect(value).toEqual({ rows: 3 })
    expect(progress).toEqual([0.5])
    expect(lastEventIds()).toEqual([undefined, '5'])
  })

  it('answered 204 No Content on the reconnect, stops there with a typed error, not a hang', async () => {
    const url = await serveStreamThen('id: 1\ndata: {"status":"running"}\n\n', (response) =>
      response.writeHead(204).end(),
    )
    const { value } = await run(url)
    expect((value as Error).name).toBe('ProtocolError')
    expect(reads()).toHaveLength(2)
  })
})

describe('a server that closes every stream at once', () => {
  it('is opened again no sooner than backoff.minDelayMs, even with an initialDelayMs of 0', async () => {
    const url = await serveEvents([])
    const { value } = await run(url, {
      backoff: { initialDelayMs: 0, maxDelayMs: 30_000, jitter: 'none' },
      timeoutMs: 1_000,
    })
    expect(value).toBeInstanceOf(PollTimeoutError)
    // Floors of 100, 200, 400 ms… between connections that bring nothing: a handful, not hundreds.
    expect(reads().length).toBeGreaterThanOrEqual(3)
    expect(reads().length).toBeLessThanOrEqual(6)
  })
})

describe('heartbeats, the deadline and the request timeout', () => {
  /** A stream of comments every 20 ms, forever; `then` after `afterMs` when given. */
  function heartbeats(response: ServerResponse, request: IncomingMessage, then?: [number, string]) {
    response.writeHead(200, sseHead)
    const started = performance.now()
    const timer = setInterval(() => {
      if (then && performance.now() - started >= then[0]) {
        clearInterval(timer)
        response.end(then[1])
      } else response.write(': heartbeat\n\n')
    }, 20)
    request.socket.once('close', () => clearInterval(timer))
  }

  it('ends a stream of heartbeats only at timeoutMs with a PollTimeoutError, and closes its socket', async () => {
    let closing: Promise<number> | undefined
    const url = await serve((request, response) => {
      closing = socketClose(request)
      heartbeats(response, request)
    })
    const started = performance.now()
    const { value } = await run(url, { timeoutMs: 500, requestTimeoutMs: 200 })
    expect(value).toBeInstanceOf(PollTimeoutError)
    expect((value as PollTimeoutError).attempts).toBe(1)
    expect(performance.now() - started).toBeGreaterThanOrEqual(450)
    const closedAt = await closedWithin(closing)
    expect(Number(closedAt) - started).toBeLessThan(900)
    expect(reads()).toHaveLength(1)
  })

  it('keeps a healthy stream past requestTimeoutMs: heartbeats and events for 3 times as long, one request', async () => {
    const url = await serve((request, response) => {
      heartbeats(response, request, [
        600,
        `data: {"status":"running","progress":90}\n\ndata: ${done}\n\n`,
      ])
    })
    const { value, progress } = await run(url, { requestTimeoutMs: 200 })
    expect(value).toEqual({ rows: 3 })
    expect(progress).toEqual([0.9])
    expect(reads()).toHaveLength(1)
  })
})

describe('a stream silent after its headers', () => {
  it('is bounded by heartbeatTimeoutMs, not requestTimeoutMs: a first event after 3 request timeouts is read', async () => {
    const url = await serve((request, response) => {
      response.writeHead(200, sseHead)
      response.flushHeaders()
      const timer = setTimeout(() => response.end(`data: ${done}\n\n`), 600)
      request.socket.once('close', () => clearTimeout(timer))
    })
    const { value } = await run(url, { requestTimeoutMs: 200, heartbeatTimeoutMs: 2_000 })
    expect(value).toEqual({ rows: 3 })
    expect(reads()).toHaveLength(1)
  })
})

describe('NDJSON status streams', () => {
  it('reads application/jsonl with CRLF, blank lines, and a last line with no newline', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/jsonl; charset=utf-8' })
      void trickle(response, [
        '{"status":"running","progress":20}\r\n\r\n',
        '\n{"status":"running",',
        '"progress":70}\r\n',
        done,
      ])
    })
    const { value, progress } = await run(url)
    expect(value).toEqual({ rows: 3 })
    expect(progress).toEqual([0.2, 0.7])
    expect(reads()).toHaveLength(1)
  })

  it('ends with a ResponseValidationError at a malformed line, its socket closed, nothing more asked', async () => {
    let closing: Promise<number> | undefined
    const url = await serve((request, response) => {
      closing = socketClose(request)
      response.writeHead(200, { 'content-type': 'application/x-ndjson' })
      response.write('{"status":"running"}\n{"status": running}\n')
      // Then nothing: the stream stays open, as a server that goes on would.
    })
    const started = performance.now()
    const { value } = await run(url)
    expect(value).toBeInstanceOf(ResponseValidationError)
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(await closedWithin(closing)).not.toBe('socket still open')
    expect(reads()).toHaveLength(1)
    expect(reads('/files/7')).toHaveLength(0)
  })
})

describe('ending a wait mid-stream', () => {
  /** A stream of running statuses every 20 ms that never ends; resolves when its socket closes. */
  function endless(request: IncomingMessage, response: ServerResponse, type: string) {
    response.writeHead(200, { 'content-type': type })
    const line =
      type === 'text/event-stream' ? 'data: {"status":"running"}\n\n' : '{"status":"running"}\n'
    const timer = setInterval(() => response.write(line), 20)
    request.socket.once('close', () => clearInterval(timer))
  }

  it.each(['text/event-stream', 'application/x-ndjson'])(
    'an abort closes a %s stream`s socket at once and rejects with the reason',
    async (type) => {
      let closing: Promise<number> | undefined
      const controller = new AbortController()
      const reason = new Error('user left')
      const url = await serve((request, response) => {
        closing = socketClose(request)
        endless(request, response, type)
        // Mid-stream: a few records in, however long the request took to arrive.
        setTimeout(() => controller.abort(reason), 100)
      })
      const { value } = await run(url, {}, controller.signal)
      const abortedAt = performance.now()
      expect(value).toBe(reason)
      const closedAt = await closedWithin(closing)
      expect(Number(closedAt) - abortedAt).toBeLessThan(150)
      expect(reads()).toHaveLength(1)
    },
  )

  it('op.cancel() during an NDJSON stream asks the server, closes the stream, and the wait rejects with OperationCanceledError', async () => {
    let closing: Promise<number> | undefined
    const url = await serve((request, response) => {
      if (request.method === 'DELETE') {
        response.writeHead(202, { 'content-length': 0 }).end()
        return
      }
      closing = socketClose(request)
      endless(request, response, 'application/x-ndjson')
    })
    const op = await client(url).start('/jobs', { json: {} })
    const waiting = op.wait().catch((error: unknown) => error)
    await pause(150)
    await op.cancel()
    const error = await within(waiting, 1_000, 'still waiting')
    expect(error).toBeInstanceOf(OperationCanceledError)
    expect(await closedWithin(closing)).not.toBe('socket still open')
    expect(seen.filter((request) => request.method === 'DELETE')).toHaveLength(1)
  })
})

describe('long-poll: where Prefer: wait goes', () => {
  it('is sent on status reads only: not on the submit, a stream location or the result, and never without longPollSeconds', async () => {
    const url = await serve((request, response, count) => {
      if (request.url === '/events/7') {
        response.writeHead(200, sseHead)
        void trickle(response, ['data: {"status":"running"}\n\n'])
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(count < 3 ? '{"status":"running","stream_url":"/events/7"}' : done)
    })
    const { value } = await run(url, {
      longPollSeconds: 5,
      timeoutMs: 20_000,
      backoff: { initialDelayMs: 30, factor: 1, maxDelayMs: 30, jitter: 'none' },
    })
    expect(value).toEqual({ rows: 3 })
    const prefer = (method: string, path: string) =>
      seen
        .filter((request) => request.method === method && request.path === path)
        .map((request) => request.headers.prefer ?? 'none')
    expect(prefer('GET', '/jobs/7')).toEqual(['wait=5', 'wait=5', 'wait=5'])
    // Opened, cut, opened again after the status read: never held.
    expect(prefer('GET', '/events/7')).toEqual(['none', 'none'])
    expect(prefer('POST', '/jobs')).toEqual(['none'])
    expect(prefer('GET', '/files/7')).toEqual(['none'])
  })

  it('without longPollSeconds asks no Prefer at all, and a server that answers at once is read at the cadence', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'preference-applied': 'wait=10',
      })
      response.end('{"status":"running"}')
    })
    const { value } = await run(url, {
      timeoutMs: 600,
      backoff: { initialDelayMs: 100, factor: 1, maxDelayMs: 100, jitter: 'none' },
    })
    expect(value).toBeInstanceOf(PollTimeoutError)
    // 600 ms at one read per 100 ms: about six, never a hot loop.
    expect(reads().length).toBeGreaterThanOrEqual(4)
    expect(reads().length).toBeLessThanOrEqual(7)
    expect(seen.every((request) => request.headers.prefer === undefined)).toBe(true)
  })

  it('with longPollSeconds, a server that ignores it and answers at once is read at the cadence, not in a loop', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"running"}')
    })
    const { value } = await run(url, {
      timeoutMs: 2_500,
      longPollSeconds: 10,
      backoff: { initialDelayMs: 100, factor: 1, maxDelayMs: 100, jitter: 'none' },
    })
    expect(value).toBeInstanceOf(PollTimeoutError)
    // 2.5 s at one read per 100 ms: about 25, never a hot loop.
    expect(reads().length).toBeGreaterThanOrEqual(18)
    expect(reads().length).toBeLessThanOrEqual(26)
    const prefer = reads().map((request) => request.headers.prefer)
    // N is the whole seconds left before the deadline; under one second, nothing is asked.
    expect(prefer[0]).toBe('wait=2')
    expect(prefer.at(-1)).toBeUndefined()
    expect(new Set(prefer)).toEqual(new Set(['wait=2', 'wait=1', undefined]))
  })
})
