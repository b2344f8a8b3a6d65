import type { Socket } from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  type CheckOutcome,
  type ClientOptions,
  type Operation,
  PollTimeoutError,
  ProtocolError,
  type Snapshot,
} from '../../src/index.js'
import { chunk, head, lastChunk, type RawRequest, sendJson } from '../support/raw-server.js'
import { rawServerPerTest } from '../support/raw-server-per-test.js'
import { within } from '../support/real-time.js'

// Push against the public specifications, byte by byte over loopback sockets: a stream the HTML
// standard would fail (a status other than 200), the one-step check of a stream that brings no
// status (its `retry:`), RFC 7240 preferences beside the app's own, and a wait ended (deadline,
// abort, a loop left) while a stream is open: it settles at once and the server sees its socket
// closed; the next wait opens the stream again where it stood.

const servers = rawServerPerTest()

beforeEach(() => {
  servers.api.routes.set('POST /jobs', (socket) =>
    socket.end(head('202 Accepted', { location: '/jobs/1', 'content-length': 0 })),
  )
  servers.api.routes.set('GET /files/1', (socket) => sendJson(socket, '200 OK', { rows: 3 }))
})

const done = '{"status":"succeeded","resultUrl":"/files/1"}'
const eventsHead = (status = '200 OK') =>
  head(status, { 'content-type': 'text/event-stream', 'transfer-encoding': 'chunked' })

const requestsTo = (path: string): RawRequest[] =>
  servers.api.seen.filter((request) => request.path === path)

/** Starts the job and waits for it: the value or the error, every snapshot, and how long it all took. */
async function run(options: ClientOptions = {}, signal?: AbortSignal) {
  const snapshots: Snapshot[] = []
  // From the submit on, as the deadline counts.
  const started = performance.now()
  const op = await servers.client(options).start('/jobs', { json: {} })
  const value = await within(
    op
      .wait({ onProgress: (snapshot) => snapshots.push(snapshot), ...(signal ? { signal } : {}) })
      .catch((error: unknown) => error),
    6000,
    'still waiting after 6 s',
  )
  return { value, snapshots, settledAt: performance.now(), ms: performance.now() - started }
}

/** The status location names `/events/1` while running, twice, then says the job is done. */
function statusNamingStream() {
  let reads = 0
  servers.api.routes.set('GET /jobs/1', (socket) => {
    reads += 1
    const body = reads < 3 ? { status: 'running', stream_url: '/events/1' } : JSON.parse(done)
    sendJson(socket, '200 OK', body)
  })
}

/**
 * Keeps writing `text` to `socket` in one-byte chunks every 10 ms, until the socket closes; resolves
 * then, with the time (`performance.now()`).
 */
function trickleForever(socket: Socket, text: string): Promise<number> {
  let at = 0
  const timer = setInterval(() => {
    socket.write(chunk(text[at % text.length] ?? ' '))
    at += 1
  }, 10)
  return new Promise((resolve) =>
    socket.once('close', () => {
      clearInterval(timer)
      resolve(performance.now())
    }),
  )
}

describe('a stream answered with a status other than 200 (the HTML standard fails its connection)', () => {
  it.each(['201 Created', '202 Accepted', '206 Partial Content'])(
    'is no status stream at the status location: %s ends with a ProtocolError, one request, its events unread',
    async (status) => {
      servers.api.routes.set('GET /jobs/1', (socket) => {
        socket.write(eventsHead(status))
        socket.end(
          `${chunk(`data: {"status":"running","progress":0.5}\n\ndata: ${done}\n\n`)}${lastChunk}`,
        )
      })
      const { value, snapshots } = await run()
      expect(value).toBeInstanceOf(ProtocolError)
      expect(snapshots).toEqual([])
      expect(requestsTo('/jobs/1')).toHaveLength(1)
      expect(requestsTo('/files/1')).toHaveLength(0)
    },
  )

  it('gives up a stream location that answers 201 with events, and polls the status location at once', async () => {
    statusNamingStream()
    let streamClosed: Promise<number> | undefined
    servers.api.routes.set('GET /events/1', (socket) => {
      socket.write(eventsHead('201 Created'))
      streamClosed = trickleForever(socket, 'data: {"status":"running"}\n\n')
    })
    const { value, ms } = await run({ timeoutMs: 1500 })
    expect(value).toEqual({ rows: 3 })
    expect(ms).toBeLessThan(1000)
    expect(requestsTo('/events/1')).toHaveLength(1)
    expect(await within(streamClosed ?? Promise.resolve(0), 200, 'open')).not.toBe('open')
  })
})

describe('the event type, reset after each event (HTML standard, dispatch)', () => {
  it.each([
    ['an event with data', 'event: ping\ndata: {"at":1}\n\n'],
    ['an event with no data', 'event: ping\n\n'],
  ])(
    'reads the unnamed event after %s named ping as a status: one that is none ends the wait',
    async (_which, named) => {
      servers.api.routes.set('GET /jobs/1', (socket) => {
        socket.write(eventsHead())
        socket.write(chunk(`${named}data: {"message":"no status"}\n\n`))
        // Then the stream stays open: only the second event can end the wait.
        void trickleForever(socket, ': heartbeat\n\n')
      })
      const { value, ms } = await run()
      expect(value).toBeInstanceOf(ProtocolError)
      expect(ms).toBeLessThan(1000)
      expect(requestsTo('/jobs/1')).toHaveLength(1)
    },
  )
})

describe('a stream whose events are all passed over (event: ping), closed after each', () => {
  const pings = (socket: Socket) => {
    socket.write(eventsHead())
    socket.end(`${chunk('event: ping\ndata: {"time":1}\n\n')}${lastChunk}`)
  }

  it('is a stream location that brings no status: given up after 3 connections, and the status location polled', async () => {
    let reads = 0
    servers.api.routes.set('GET /jobs/1', (socket) => {
      reads += 1
      const body = reads < 8 ? { status: 'running', stream_url: '/events/1' } : JSON.parse(done)
      sendJson(socket, '200 OK', body)
    })
    servers.api.routes.set('GET /events/1', pings)
    const { value } = await run()
    expect(value).toEqual({ rows: 3 })
    expect(requestsTo('/events/1')).toHaveLength(3)
    expect(requestsTo('/jobs/1')).toHaveLength(8)
  })

  it('is a status location opened again less and less often, not at the initial delay for ever', async () => {
    servers.api.routes.set('GET /jobs/1', pings)
    const backoff = { initialDelayMs: 20, maxDelayMs: 1000, minDelayMs: 0, jitter: 'none' as const }
    const { value } = await run({ backoff, timeoutMs: 1500 })
    expect(value).toBeInstanceOf(PollTimeoutError)
    // Opened 20, 40, 80, 160, then 320 ms apart: 8 connections or so in 1.5 s, not 40 and more.
    expect(requestsTo('/jobs/1').length).toBeLessThanOrEqual(10)
  })
})

describe('notifications while a cut stream waits for its retry: (HTML standard, reestablishing)', () => {
  /** A stream that says running with `retry: 1000` on its first connection, then done; closed after each. */
  const runningThenDone = (path: string) => (socket: Socket) => {
    const first = requestsTo(path).length === 1
    socket.write(eventsHead())
    const event = first ? 'retry: 1000\ndata: {"status":"running"}' : `data: ${done}`
    socket.end(`${chunk(`${event}\n\n`)}${lastChunk}`)
  }

  it('open it again no sooner than its retry:, however many come', async () => {
    servers.api.routes.set('GET /jobs/1', runningThenDone('/jobs/1'))
    const op = await servers.client().start('/jobs', { json: {} })
    const started = performance.now()
    const waiting = op.wait()
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (let count = 0; count < 5; count++) {
      op.notify()
      op.notify({ status: 'succeeded' })
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(requestsTo('/jobs/1')).toHaveLength(1)
    expect(await within(waiting, 2000, 'still waiting')).toEqual({ rows: 3 })
    expect(performance.now() - started).toBeGreaterThan(950)
    expect(requestsTo('/jobs/1')).toHaveLength(2)
  })

  it('open a stream location of its own no sooner than its retry:, when one comes during the status read after the cut', async () => {
    let op: Operation | undefined
    let reads = 0
    servers.api.routes.set('GET /jobs/1', (socket) => {
      reads += 1
      const answer = () =>
        sendJson(socket, '200 OK', { status: 'running', stream_url: '/events/1' })
      if (reads !== 2) return answer()
      // The status read that follows the cut: a message comes while it is in flight.
      setTimeout(() => op?.notify(), 50)
      setTimeout(answer, 300)
    })
    servers.api.routes.set('GET /events/1', runningThenDone('/events/1'))
    const backoff = { initialDelayMs: 1500, factor: 1, maxDelayMs: 1500, jitter: 'none' as const }
    op = await servers.client({ backoff }).start('/jobs', { json: {} })
    expect(await within(op.wait(), 4000, 'still waiting')).toEqual({ rows: 3 })
    const [first, second] = requestsTo('/events/1')
    expect(second && first && second.at - first.at).toBeGreaterThan(950)
  })
})

describe('check() of a status location whose stream brings no status', () => {
  /**
   * Starts a job with a client of `options` and checks it once when due: the outcome (pending, or
   * the test fails) and how long after the check was sent it says to check again.
   */
  async function checkOnceDue(options: ClientOptions = {}) {
    const checker = servers.client(options)
    const token = (await checker.start('/jobs', { json: {} })).toJSON()
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, token.nextPollAt - Date.now())))
    const before = Date.now()
    const outcome = await checker.check(token)
    expect(outcome.state).toBe('pending')
    const { checkAt } = outcome as Extract<CheckOutcome, { state: 'pending' }>
    return { outcome, dueInMs: checkAt - before }
  }

  it('is due again no sooner than the stream`s retry:, which a passed-over event carried', async () => {
    servers.api.routes.set('GET /jobs/1', (socket) => {
      socket.write(eventsHead())
      socket.end(`${chunk('retry: 400\nid: 3\nevent: ping\ndata: {}\n\n')}${lastChunk}`)
    })
    const { dueInMs } = await checkOnceDue()
    expect(dueInMs).toBeGreaterThanOrEqual(390)
    expect(dueInMs).toBeLessThan(1000)
  })

  it('is due again no sooner than the retry: of a stream the status location redirects to', async () => {
    servers.api.routes.set('GET /jobs/1', (socket) =>
      socket.end(head('302 Found', { location: '/events/1', 'content-length': 0 })),
    )
    servers.api.routes.set('GET /events/1', (socket) => {
      socket.write(eventsHead())
      socket.end(`${chunk('retry: 400\n: nothing yet\n\n')}${lastChunk}`)
    })
    const { dueInMs } = await checkOnceDue()
    expect(dueInMs).toBeGreaterThanOrEqual(390)
  })

  it('is due again no sooner than backoff.minDelayMs after a stream that ends at once, even with an initialDelayMs of 0', async () => {
    servers.api.routes.set('GET /jobs/1', (socket) => socket.end(`${eventsHead()}${lastChunk}`))
    const backoff = {
      initialDelayMs: 0,
      maxDelayMs: 1000,
      minDelayMs: 150,
      jitter: 'none' as const,
    }
    const { dueInMs } = await checkOnceDue({ backoff })
    expect(dueInMs).toBeGreaterThanOrEqual(145)
    expect(requestsTo('/jobs/1')).toHaveLength(1)
  })
})

describe('RFC 7240 preferences beside the app`s own Prefer', () => {
  it.each([
    ['the client`s headers', { headers: { prefer: 'return=minimal' } }],
    ['the app`s ky options', { ky: { headers: { prefer: 'return=minimal' } } }],
  ] as const)(
    'adds wait to a Prefer set in %s: it comes first, the app`s preferences stay',
    async (_where, options) => {
      let reads = 0
      servers.api.routes.set('GET /jobs/1', (socket) => {
        reads += 1
        const body = reads < 2 ? { status: 'running' } : JSON.parse(done)
        sendJson(socket, '200 OK', body, { 'preference-applied': 'wait=1' })
      })
      const { value } = await run({ ...options, longPollSeconds: 5, requestTimeoutMs: 2000 })
      expect(value).toEqual({ rows: 3 })
      expect(servers.api.seen.map((request) => [request.path, request.headers.prefer])).toEqual([
        ['/jobs', 'return=minimal'],
        ['/jobs/1', 'wait=1, return=minimal'],
        ['/jobs/1', 'wait=1, return=minimal'],
        ['/files/1', 'return=minimal'],
      ])
    },
  )

  it('sends respond-async, wait first on a submit that waits, then the submit`s and the client`s own, each name once', async () => {
    servers.api.routes.set('GET /jobs/1', (socket) => sendJson(socket, '200 OK', JSON.parse(done)))
    const api = servers.client({ headers: { prefer: 'return=minimal' }, requestTimeoutMs: 2000 })
    await api.run('/jobs', {
      json: {},
      headers: { prefer: 'handling=lenient, wait=60' },
      submitWaitSeconds: 1,
    })
    expect(requestsTo('/jobs')[0]?.headers.prefer).toBe(
      'respond-async, wait=1, handling=lenient, return=minimal',
    )
  })
})

describe('a wait ended while a stream is open', () => {
  /** The status location streams, or names a stream location that does: `route` answers the stream. */
  function streamAt(where: 'status location' | 'stream location', route: (socket: Socket) => void) {
    if (where === 'stream location') {
      statusNamingStream()
      servers.api.routes.set('GET /events/1', route)
    } else servers.api.routes.set('GET /jobs/1', route)
  }

  it.each(['status location', 'stream location'] as const)(
    'at the deadline while one event trickles in byte by byte (%s): PollTimeoutError at once, its socket closed',
    async (where) => {
      let closed: Promise<number> | undefined
      streamAt(where, (socket) => {
        socket.write(eventsHead())
        closed = trickleForever(socket, `data: {"status":"running","note":"${'x'.repeat(200)}`)
      })
      const { value, ms, settledAt } = await run({ timeoutMs: 600 })
      expect(value).toBeInstanceOf(PollTimeoutError)
      expect(ms).toBeGreaterThanOrEqual(550)
      expect(ms).toBeLessThan(900)
      const closedAt = await within(closed ?? new Promise<number>(() => {}), 500, 'open')
      expect(Number(closedAt) - settledAt).toBeLessThan(150)
    },
  )

  it.each(['status location', 'stream location'] as const)(
    'by an abort while heartbeats trickle in (%s): the reason at once, its socket closed',
    async (where) => {
      let closed: Promise<number> | undefined
      streamAt(where, (socket) => {
        socket.write(eventsHead())
        socket.write(chunk('id: 1\ndata: {"status":"running","progress":0.2}\n\n'))
        closed = trickleForever(socket, ': heartbeat\n\n')
      })
      const controller = new AbortController()
      const reason = new Error('user left')
      let abortedAt = 0
      setTimeout(() => {
        abortedAt = performance.now()
        controller.abort(reason)
      }, 300)
      const { value, snapshots, settledAt } = await run({}, controller.signal)
      expect(value).toBe(reason)
      expect(settledAt - abortedAt).toBeLessThan(100)
      expect(snapshots.filter((snapshot) => snapshot.progress === 0.2)).toHaveLength(1)
      const closedAt = await within(closed ?? new Promise<number>(() => {}), 500, 'open')
      expect(Number(closedAt) - abortedAt).toBeLessThan(150)
    },
  )

  it('by leaving snapshots(): its socket closed; the next wait opens the stream again with Last-Event-ID, each event seen once', async () => {
    let connections = 0
    let closed: Promise<number> | undefined
    servers.api.routes.set('GET /jobs/1', (socket, request) => {
      connections += 1
      socket.write(eventsHead())
      if (connections === 1) {
        socket.write(chunk('id: 5\ndata: {"status":"running","progress":0.5}\n\n'))
        closed = trickleForever(socket, ': heartbeat\n\n')
        return
      }
      // A server that replays what the client has not seen: from the id it names, or from the start.
      const replay =
        request.headers['last-event-id'] === '5'
          ? ''
          : 'id: 5\ndata: {"status":"running","progress":0.5}\n\n'
      socket.end(`${chunk(`${replay}id: 6\ndata: ${done}\n\n`)}${lastChunk}`)
    })
    const op = await servers.client().start('/jobs', { json: {} })
    const seen: (number | undefined)[] = []
    for await (const snapshot of op.snapshots()) {
      seen.push(snapshot.progress)
      break
    }
    const leftAt = performance.now()
    const closedAt = await within(closed ?? new Promise<number>(() => {}), 500, 'open')
    expect(Number(closedAt) - leftAt).toBeLessThan(150)
    const value = await op.wait({ onProgress: (snapshot) => seen.push(snapshot.progress) })
    expect(value).toEqual({ rows: 3 })
    expect(seen).toEqual([0.5, 1])
    expect(requestsTo('/jobs/1').map((request) => request.headers['last-event-id'])).toEqual([
      undefined,
      '5',
    ])
  })
})
