import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  createClient,
  PollTimeoutError,
  ProtocolError,
  ResponseValidationError,
  type Snapshot,
} from '../../src/index.js'
import { within } from '../support/real-time.js'

// Push over real loopback sockets and Node's own fetch: status streams (SSE, NDJSON) read record
// by record, reconnected after a cut, given up for polling when they stall or end; long-poll with
// `Prefer: wait`; and the submit's `Prefer: respond-async, wait`.

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void

let server: Server | undefined
/** Every request the server saw: method, path and the headers a test looks at. */
let seen: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = []

async function serve(handler: Handler): Promise<string> {
  seen = []
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    seen.push({ method: request.method ?? '', path: url.pathname, headers: request.headers })
    if (request.method === 'POST' && url.pathname === '/jobs') {
      response.writeHead(202, { location: '/jobs/7' }).end()
      return
    }
    handler(request, response, url)
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  const closing = server
  server = undefined
  if (!closing) return
  closing.closeAllConnections()
  await new Promise<void>((resolve) => closing.close(() => resolve()))
})

const sse = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
/**
 * A first read 100 ms after the submit, then a cadence slow enough (5 s) that a test passes only
 * if push, not polling, saw the change.
 */
const slowPolls = { initialDelayMs: 100, factor: 50, maxDelayMs: 5_000, jitter: 'none' as const }

function event(data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`
}

/** Settles when the request's socket closes. */
function closed(request: IncomingMessage): Promise<number> {
  return new Promise((resolve) => request.socket.once('close', () => resolve(performance.now())))
}

describe('a status location that streams Server-Sent Events', () => {
  it('reads each event as a status: progress as it comes, then the result link, fetched once', async () => {
    const url = await serve((request, response, { pathname }) => {
      if (pathname === '/files/7') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"rows":3}')
        return
      }
      response.writeHead(200, sse)
      response.write(': hello\n\n')
      let step = 0
      const timer = setInterval(() => {
        step += 1
        response.write(
          step < 4
            ? event({ status: 'running', progress: step * 25 }, String(step))
            : event({ status: 'succeeded', resultUrl: '/files/7' }, String(step)),
        )
        if (step === 4) clearInterval(timer)
      }, 30)
      request.socket.once('close', () => clearInterval(timer))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const snapshots: Snapshot[] = []
    const started = performance.now()
    const result = await op.wait({
      result: z.object({ rows: z.number() }),
      onProgress: (snapshot) => {
        snapshots.push(snapshot)
      },
    })
    expect(result).toEqual({ rows: 3 })
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(snapshots.map((snapshot) => snapshot.progress)).toEqual([0.25, 0.5, 0.75, 1])
    expect(snapshots.at(-1)?.state).toBe('succeeded')
    // One stream, one result download: no polls.
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /jobs',
      'GET /jobs/7',
      'GET /files/7',
    ])
  })

  it('opens the stream again after a cut, with Last-Event-ID and after the server`s retry:', async () => {
    const opened: number[] = []
    const url = await serve((request, response) => {
      opened.push(performance.now())
      response.writeHead(200, sse)
      if (opened.length === 1) {
        response.write('retry: 300\n\n')
        response.write(event({ status: 'running', progress: 10 }, 'a1'))
        // A half-sent event: its id is not the last one received.
        response.end('id: a2\ndata: {"status":"running"')
        return
      }
      response.end(event({ status: 'succeeded', result: { n: request.headers['last-event-id'] } }))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    expect(await op.wait()).toEqual({ n: 'a1' })
    expect(opened).toHaveLength(2)
    const gap = (opened[1] ?? 0) - (opened[0] ?? 0)
    expect(gap).toBeGreaterThanOrEqual(290)
    expect(gap).toBeLessThan(1_500)
    expect(seen[1]?.headers['last-event-id']).toBeUndefined()
    expect(seen[2]?.headers['last-event-id']).toBe('a1')
  })

  it('sends the last event ID encoded as UTF-8, and none after an empty id: (HTML standard)', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      const connection = seen.filter(({ method }) => method === 'GET').length
      // An id that is not Latin-1, then an id: that empties it, then the end.
      if (connection === 1) response.end(event({ status: 'running' }, 'ключ-1'))
      else if (connection === 2) response.end(`id:\n${event({ status: 'running' })}`)
      else response.end(event({ status: 'succeeded', result: 'after two cuts' }))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    expect(await within(op.wait(), 2_000, 'hung')).toBe('after two cuts')
    // node:http reads header bytes as Latin-1: the bytes sent were the id's UTF-8.
    const sent = seen.slice(1).map(({ headers }) => headers['last-event-id'] as string | undefined)
    expect(sent.map((id) => id && Buffer.from(id, 'latin1').toString('utf8'))).toEqual([
      undefined,
      'ключ-1',
      undefined,
    ])
  })

  it('keeps the resume token whole after a retry: too long for a number, read as the longest timer', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      response.end(`retry: ${'9'.repeat(400)}\n${event({ status: 'running' })}`)
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls, timeoutMs: 60_000 })
    const op = await api.start('/jobs', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal }).catch((reason: unknown) => reason)
    await new Promise((resolve) => setTimeout(resolve, 300))
    controller.abort()
    await waiting
    const token = JSON.parse(JSON.stringify(op))
    // The stream ended, and is opened again no sooner than its retry: asked, past the deadline.
    expect(token.nextPollAt).toBeGreaterThanOrEqual(token.deadline)
    expect(api.resume(token).statusUrl).toBe(`${url}/jobs/7`)
  })

  it('takes heartbeats for life, and a stream silent past the budget for stalled: it polls at once', async () => {
    let streams = 0
    const url = await serve((request, response) => {
      streams += 1
      if (streams === 1) {
        response.writeHead(200, sse)
        response.write(event({ status: 'running' }))
        // Heartbeats for 600 ms, then silence.
        let beats = 0
        const timer = setInterval(() => {
          beats += 1
          if (beats <= 6) response.write(':\n\n')
        }, 100)
        request.socket.once('close', () => clearInterval(timer))
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"succeeded","result":{"ok":true}}')
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls, heartbeatTimeoutMs: 300 })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    expect(await op.wait()).toEqual({ ok: true })
    const took = performance.now() - started
    // Alive through 600 ms of heartbeats, stalled 300 ms after the last: then polled at once.
    expect(took).toBeGreaterThan(800)
    expect(took).toBeLessThan(2_000)
    expect(streams).toBe(2)
  })

  it('falls back to polling when the stream ends before the operation does', async () => {
    let reads = 0
    const url = await serve((_request, response) => {
      reads += 1
      if (reads === 1) {
        response.writeHead(200, sse)
        response.end(event({ status: 'running' }))
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"succeeded","result":7}')
    })
    const api = createClient({
      baseUrl: url,
      backoff: { ...slowPolls, initialDelayMs: 200 },
    })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    expect(await op.wait()).toBe(7)
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(reads).toBe(2)
  })

  it('rejects an event that is not a status body (an HTML page) with a typed error', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      response.write(event({ status: 'running' }))
      response.write('data: <html><body>Bad gateway</body></html>\n\n')
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const error = await within(
      op.wait().catch((reason: unknown) => reason),
      2_000,
      'hung',
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toMatch(/not valid JSON/)
  })

  it('passes over events the server named otherwise that are no status (heartbeats, pings)', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      response.write('event: ping\ndata: {"ts":1}\n\n')
      response.write('event: heartbeat\ndata: alive\n\n')
      response.write('event: status\ndata: {"status":"running","progress":50}\n\n')
      response.end(event({ status: 'succeeded', result: 'named events' }))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const progress: Array<number | undefined> = []
    expect(await op.wait({ onProgress: (snap) => progress.push(snap.progress) })).toBe(
      'named events',
    )
    expect(progress).toEqual([0.5, 1])
  })

  it('rejects an event whose status it cannot read as the poll would', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      response.write(event({ status: 'running' }))
      response.write(event({ status: 'WIBBLE' }))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const error = await within(
      op.wait().catch((reason: unknown) => reason),
      2_000,
      'hung',
    )
    expect(error).toBeInstanceOf(ProtocolError)
  })

  it('refuses an event larger than maxBodyBytes without reading the rest, and closes the stream', async () => {
    let socketClosed: Promise<number> | undefined
    let sent = 0
    const url = await serve((request, response) => {
      socketClosed = closed(request)
      response.writeHead(200, sse)
      response.write('data: {"status":"running","pad":"')
      const chunk = 'x'.repeat(64 * 1024)
      const timer = setInterval(() => {
        sent += chunk.length
        response.write(chunk)
      }, 5)
      request.socket.once('close', () => clearInterval(timer))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls, maxBodyBytes: 256 * 1024 })
    const op = await api.start('/jobs', { json: {} })
    const error = await within(
      op.wait().catch((reason: unknown) => reason),
      5_000,
      'hung',
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toMatch(/larger than maxBodyBytes/)
    // The start of the event as received, bounded like any body's excerpt.
    const { bodyExcerpt } = error as ResponseValidationError
    const start = 'data: {"status":"running","pad":"'
    expect(bodyExcerpt).toBe(start + 'x'.repeat(500 - start.length))
    await within(socketClosed ?? Promise.resolve(0), 1_000, 'the stream stayed open')
    expect(sent).toBeLessThan(8 * 1024 * 1024)
  })

  it('closes the stream`s socket within 200 ms of an abort, and the wait rejects with the reason', async () => {
    let socketClosed: Promise<number> | undefined
    const url = await serve((request, response) => {
      socketClosed = closed(request)
      response.writeHead(200, sse)
      const timer = setInterval(() => response.write(event({ status: 'running' })), 20)
      request.socket.once('close', () => clearInterval(timer))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal }).catch((reason: unknown) => reason)
    await new Promise((resolve) => setTimeout(resolve, 150))
    const reason = new Error('user left')
    const abortedAt = performance.now()
    controller.abort(reason)
    expect(await waiting).toBe(reason)
    const closedAt = await within(socketClosed ?? Promise.resolve(0), 1_000, 'socket still open')
    expect(Number(closedAt) - abortedAt).toBeLessThan(200)
  })

  it('closes the stream at the deadline with a PollTimeoutError', async () => {
    let socketClosed: Promise<number> | undefined
    const url = await serve((request, response) => {
      socketClosed = closed(request)
      response.writeHead(200, sse)
      const timer = setInterval(() => response.write(event({ status: 'running' })), 20)
      request.socket.once('close', () => clearInterval(timer))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls, timeoutMs: 400 })
    const op = await api.start('/jobs', { json: {} })
    const error = await within(
      op.wait().catch((reason: unknown) => reason),
      2_000,
      'hung',
    )
    expect((error as Error).name).toBe('PollTimeoutError')
    await within(socketClosed ?? Promise.resolve(0), 500, 'socket still open')
  })

  it('counts each connection of a stream as a request, in snapshots and in the PollTimeoutError', async () => {
    let connections = 0
    const url = await serve((_request, response) => {
      connections += 1
      response.writeHead(200, sse)
      // The first connection brings two statuses and ends; the second sends its headers, then nothing.
      if (connections === 1) {
        response.write(event({ status: 'running', progress: 10 }))
        response.end(event({ status: 'running', progress: 20 }))
      } else response.flushHeaders()
    })
    const api = createClient({
      baseUrl: url,
      backoff: { ...slowPolls, initialDelayMs: 50 },
      timeoutMs: 700,
    })
    const op = await api.start('/jobs', { json: {} })
    const attempts: number[] = []
    const error = await within(
      op.wait({ onProgress: (snap) => attempts.push(snap.attempt) }).catch((e: unknown) => e),
      2_000,
      'hung',
    )
    expect(connections).toBe(2)
    expect(attempts).toEqual([1, 1])
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(error).toMatchObject({
      attempts: 2,
      lastAnswer: { httpStatus: 200, url: `${url}/jobs/7` },
    })
    expect((error as Error).message).toContain(
      `2 requests, last state pending; last answer 200 from ${url}/jobs/7`,
    )
  })

  it('closes the stream when the operation is canceled', async () => {
    let socketClosed: Promise<number> | undefined
    const url = await serve((request, response) => {
      if (request.method === 'DELETE') {
        response.writeHead(202).end()
        return
      }
      socketClosed = closed(request)
      response.writeHead(200, sse)
      response.write(event({ status: 'running' }))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const waiting = op.wait().catch((reason: unknown) => reason)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await op.cancel()).toBe(true)
    expect(((await waiting) as Error).name).toBe('OperationCanceledError')
    await within(socketClosed ?? Promise.resolve(0), 500, 'socket still open')
  })
})

describe('a one-step check of a status location that streams', () => {
  it('reads the first record, the status as it stands, and closes the stream', async () => {
    let socketClosed: Promise<number> | undefined
    const url = await serve((request, response) => {
      socketClosed = closed(request)
      response.writeHead(200, sse)
      response.write(event({ status: 'running', progress: 40 }, 'e1'))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    await new Promise((resolve) => setTimeout(resolve, 120))
    const outcome = await within(api.check(op.toJSON()), 2_000, 'hung')
    expect(outcome).toMatchObject({ state: 'pending', snapshot: { progress: 0.4 } })
    await within(socketClosed ?? Promise.resolve(0), 500, 'socket still open')
    expect(seen.filter((request) => request.method === 'GET')).toHaveLength(1)
  })

  it('passes over named events that are no status, as following the stream does', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      response.write('event: ping\ndata: {"time": 1}\n\n')
      response.write(event({ status: 'running', progress: 25 }, 'e1'))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    await new Promise((resolve) => setTimeout(resolve, 120))
    const outcome = await within(api.check(op.toJSON()), 2_000, 'hung')
    expect(outcome).toMatchObject({ state: 'pending', snapshot: { progress: 0.25 } })
  })

  it('ends with a typed error, not a rejection, when the first record is no JSON', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, sse)
      response.write('data: <html>busy</html>\n\n')
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    await new Promise((resolve) => setTimeout(resolve, 120))
    const outcome = await within(api.check(op.toJSON()), 2_000, 'hung')
    expect(outcome).toMatchObject({ state: 'ended', error: expect.any(ResponseValidationError) })
  })
})

describe('an NDJSON status stream', () => {
  it('reads each line as a status, as the server flushes it', async () => {
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' })
      let step = 0
      const timer = setInterval(() => {
        step += 1
        const line =
          step < 3
            ? { status: 'running', progress: step / 3 }
            : { status: 'succeeded', result: { lines: step } }
        // A line in two writes: it is read whole.
        const text = `${JSON.stringify(line)}\n`
        response.write(text.slice(0, 5))
        response.write(text.slice(5))
        if (step === 3) {
          clearInterval(timer)
          response.end()
        }
      }, 30)
      request.socket.once('close', () => clearInterval(timer))
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const progress: Array<number | undefined> = []
    expect(await op.wait({ onProgress: (snap) => progress.push(snap.progress) })).toEqual({
      lines: 3,
    })
    expect(progress.slice(0, 2).map((value) => value?.toFixed(2))).toEqual(['0.33', '0.67'])
    expect(seen.filter((request) => request.method === 'GET')).toHaveLength(1)
  })
})

describe('a JSON text sequence status stream (RFC 7464)', () => {
  it('reads each text at its line feed, so a last status on a stream left open ends the wait', async () => {
    let opened = 0
    const url = await serve((_request, response) => {
      opened += 1
      response.writeHead(200, { 'content-type': 'application/json-seq' })
      response.write(`\x1e${JSON.stringify({ status: 'running', progress: 0.5 }, null, 2)}\n`)
      setTimeout(() => {
        response.write(`\x1e${JSON.stringify({ status: 'succeeded', result: { n: 1 } })}\n`)
        // The connection stays open: no later record or end completes the last text.
      }, 50)
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls })
    const op = await api.start('/jobs', { json: {} })
    const progress: Array<number | undefined> = []
    const result = await within(
      op.wait({ onProgress: (snap) => progress.push(snap.progress) }),
      2_000,
      'the last text was held back',
    )
    expect(result).toEqual({ n: 1 })
    expect(progress).toEqual([0.5, 1])
    expect(opened).toBe(1)
  })
})

describe('a stream location named beside the status location', () => {
  it('opens the stream a template names, and polls the status location when the stream fails', async () => {
    let statusReads = 0
    const url = await serve((_request, response, { pathname }) => {
      if (pathname === '/jobs/7/events') {
        response.writeHead(503).end()
        return
      }
      statusReads += 1
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(
        statusReads === 1
          ? '{"id":"7","status":"running"}'
          : '{"id":"7","status":"succeeded","result":"polled"}',
      )
    })
    // The stream location's 503 is not retried: the status location is read at once.
    const api = createClient({
      baseUrl: url,
      backoff: slowPolls,
      streamLocation: '/jobs/{id}/events',
    })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    expect(await within(op.wait(), 2_000, 'hung')).toBe('polled')
    // The stream's failure is no outage: the status location is read at once, not in 5 s.
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(seen.map((request) => request.path)).toEqual([
      '/jobs',
      '/jobs/7',
      '/jobs/7/events',
      '/jobs/7',
    ])
  })

  it('follows a stream_url field: Accept asks for events, and the stream carries the operation', async () => {
    const url = await serve((_request, response, { pathname }) => {
      if (pathname === '/jobs/7') {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end('{"status":"running","stream_url":"/jobs/7/stream"}')
        return
      }
      response.writeHead(200, sse)
      response.write(event({ status: 'running', progress: 50 }))
      setTimeout(() => response.end(event({ status: 'succeeded', result: 'streamed' })), 50)
    })
    const api = createClient({ baseUrl: url, backoff: { ...slowPolls, initialDelayMs: 100 } })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    expect(await op.wait()).toBe('streamed')
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(seen.map((request) => request.path)).toEqual(['/jobs', '/jobs/7', '/jobs/7/stream'])
    expect(seen[2]?.headers.accept).toMatch(/text\/event-stream/)
  })

  it('reads the status location at once when the stream location is cut, then opens the stream again', async () => {
    let statusReads = 0
    let streams = 0
    const url = await serve((_request, response, { pathname }) => {
      if (pathname === '/jobs/7/stream') {
        streams += 1
        response.writeHead(200, sse)
        response.write(event({ status: 'running', progress: streams * 10 }, `s${streams}`))
        if (streams === 1) response.end()
        return
      }
      statusReads += 1
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(
        statusReads < 3
          ? '{"status":"running","stream_url":"/jobs/7/stream"}'
          : '{"status":"succeeded","result":"after the cut"}',
      )
    })
    const api = createClient({ baseUrl: url, backoff: slowPolls, heartbeatTimeoutMs: 400 })
    const op = await api.start('/jobs', { json: {} })
    expect(await within(op.wait(), 3_000, 'hung')).toBe('after the cut')
    // status, stream (cut), status at once, stream again (Last-Event-ID), stalled: status.
    expect(seen.map((request) => request.path)).toEqual([
      '/jobs',
      '/jobs/7',
      '/jobs/7/stream',
      '/jobs/7',
      '/jobs/7/stream',
      '/jobs/7',
    ])
    expect(seen[4]?.headers['last-event-id']).toBe('s1')
  })

  it('gives up at its headers a stream location that answers text for as long as the job runs', async () => {
    let logClosed: Promise<number> | undefined
    const url = await serve((request, response, { pathname }) => {
      if (pathname === '/jobs/7/output') {
        // A build log served as text/plain: it streams until the build ends, and never ends here.
        logClosed = closed(request)
        response.writeHead(200, { 'content-type': 'text/plain' })
        response.write('-----> Building\n')
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' })
      if (seen.filter((read) => read.path === '/jobs/7').length < 2) {
        response.end('{"status":"pending","output_stream_url":"/jobs/7/output"}')
      } else response.end('{"status":"succeeded","result":"built"}')
    })
    const api = createClient({ baseUrl: url, backoff: { ...slowPolls, initialDelayMs: 100 } })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    expect(await within(op.wait(), 2_000, 'hung')).toBe('built')
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(
      await within(logClosed ?? Promise.reject(new Error('no log read')), 1_000, 'open'),
    ).toBeGreaterThan(0)
    expect(seen.map((request) => request.path)).toEqual([
      '/jobs',
      '/jobs/7',
      '/jobs/7/output',
      '/jobs/7',
    ])
  })

  it('gives up a stream location that answers JSON, and polls the status location', async () => {
    const url = await serve((_request, response, { pathname }) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      if (pathname === '/jobs/7/stream') response.end('[{"type":"PushEvent"}]')
      else if (seen.filter((read) => read.path === '/jobs/7').length < 2) {
        response.end('{"status":"running","stream_url":"/jobs/7/stream"}')
      } else response.end('{"status":"succeeded","result":"polled"}')
    })
    const api = createClient({ baseUrl: url, backoff: { ...slowPolls, initialDelayMs: 100 } })
    const op = await api.start('/jobs', { json: {} })
    expect(await within(op.wait(), 2_000, 'hung')).toBe('polled')
    expect(seen.map((request) => request.path)).toEqual([
      '/jobs',
      '/jobs/7',
      '/jobs/7/stream',
      '/jobs/7',
    ])
  })
})

describe('long-poll (RFC 7240 Prefer: wait)', () => {
  it('is held by a server that honours it, sees the change at once, and asks again at once', async () => {
    let changeAt = 0
    let doneAt = Number.POSITIVE_INFINITY
    const url = await serve((request, response) => {
      const wait = /wait=(\d+)/.exec(String(request.headers.prefer))?.[1]
      const answer = () => {
        const done = performance.now() >= doneAt
        if (done) changeAt = changeAt || doneAt
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(wait ? { 'preference-applied': `wait=${wait}` } : {}),
        })
        response.end(done ? '{"status":"succeeded","result":1}' : '{"status":"running"}')
      }
      if (!wait) return answer()
      // Held until the job ends or 1.5 s pass.
      const started = performance.now()
      const timer = setInterval(() => {
        if (performance.now() >= doneAt || performance.now() - started > 1_500) {
          clearInterval(timer)
          answer()
        }
      }, 5)
      request.socket.once('close', () => clearInterval(timer))
    })
    const api = createClient({
      baseUrl: url,
      backoff: { ...slowPolls, initialDelayMs: 100 },
      longPollSeconds: 20,
      requestTimeoutMs: 10_000,
    })
    const op = await api.start('/jobs', { json: {} })
    doneAt = performance.now() + 2_500
    const result = await op.wait()
    const seenAt = performance.now()
    expect(result).toBe(1)
    expect(seenAt - doneAt).toBeLessThan(150)
    const reads = seen.filter((request) => request.method === 'GET')
    // Held reads of 1.5 s: about two before the change, then the one that saw it.
    expect(reads.length).toBeGreaterThanOrEqual(2)
    expect(reads.length).toBeLessThanOrEqual(4)
    // N stays under 80% of the try's timeout.
    expect(reads[0]?.headers.prefer).toBe('wait=8')
  })

  /**
   * A job running for three reads, answered at once with `headers`, polled with long-poll on at
   * 150 ms then `maxDelayMs`: how long the wait took and the headers of the reads.
   */
  async function answeredAtOnce(headers: Record<string, string>, maxDelayMs: number) {
    let reads = 0
    const url = await serve((_request, response) => {
      reads += 1
      response.writeHead(200, { 'content-type': 'application/json', ...headers })
      response.end(reads < 4 ? '{"status":"running"}' : '{"status":"succeeded","result":2}')
    })
    const api = createClient({
      baseUrl: url,
      backoff: { initialDelayMs: 150, factor: 1, maxDelayMs, jitter: 'none' },
      longPollSeconds: 20,
    })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    expect(await op.wait()).toBe(2)
    expect(reads).toBe(4)
    return performance.now() - started
  }

  it('costs nothing with a server that ignores it: the backoff`s cadence, no hot loop', async () => {
    expect(await answeredAtOnce({}, 150)).toBeGreaterThan(4 * 150 - 20)
    expect(seen[1]?.headers.prefer).toBe('wait=20')
  })

  it('never asks again sooner than the initial delay when a server applies it but answers at once', async () => {
    const took = await answeredAtOnce({ 'preference-applied': 'wait=20' }, 5_000)
    // Not the 5 s backoff: the server's cadence, one read per initial delay.
    expect(took).toBeGreaterThan(4 * 150 - 20)
    expect(took).toBeLessThan(2_000)
  })

  it('sends Prefer: respond-async, wait on the submit when asked, and takes the result answered at once', async () => {
    const url = await serve(() => {})
    server?.removeAllListeners('request')
    server?.on('request', (request: IncomingMessage, response: ServerResponse) => {
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers })
      response.writeHead(200, {
        'content-type': 'application/json',
        'preference-applied': 'wait=5',
      })
      response.end('{"done":true}')
    })
    const api = createClient({ baseUrl: url, requestTimeoutMs: 10_000 })
    const op = await api.start('/fast', { json: {}, submitWaitSeconds: 30 })
    expect(await op.wait()).toEqual({ done: true })
    expect(seen).toHaveLength(1)
    expect(seen[0]?.headers.prefer).toBe('respond-async, wait=8')
  })
})
