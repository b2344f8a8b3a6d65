import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient, PollTimeoutError, type Snapshot } from '../../src/index.js'
import { useFakePage } from '../support/fake-page.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

// A status stream in a page: while the page is hidden or offline no stream is kept open. One that
// is open when the page goes away is closed at once; while away the status location is read at
// the page's hidden cadence (or not at all offline), each read taking the first record of the
// stream only; when the page is back the stream is opened again at once, with Last-Event-ID.

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const statusUrl = `${origin}/jobs/7`
/** One read a second while visible, every 10 s while hidden, no jitter: every time is known. */
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const hiddenDelayMs = 10_000
const encode = (text: string) => new TextEncoder().encode(text)

const page = useFakePage()

/** One connection to the status location, as the server saw it (times since the submit). */
interface Connection {
  readonly openedAt: number
  closedAt?: number
  readonly lastEventId: string | null
  /** The ids of the events written to it. */
  readonly sent: string[]
}

/**
 * `POST /jobs` answered 202 with `/jobs/7`, and `GET /jobs/7` answered with an SSE stream that
 * never ends: a running event at once, then one a second, numbered across connections (id `n`,
 * progress `n`). Once `finish()` is called, the next connection sends a succeeded event after its
 * first one, naming the result link `/jobs/7/result`. Records when each connection opens and when
 * the client closes it.
 */
function serveStream() {
  const connections: Connection[] = []
  let submittedAt = 0
  let next = 0
  let finishing = false
  let downloads = 0
  server.use(
    http.post(`${origin}/jobs`, () => {
      submittedAt = Date.now()
      return new HttpResponse(null, { status: 202, headers: { location: '/jobs/7' } })
    }),
    http.get(`${origin}/jobs/7/result`, () => {
      downloads += 1
      return HttpResponse.json({ rows: 42 })
    }),
    http.get(statusUrl, ({ request }) => {
      const since = () => Date.now() - submittedAt
      const connection: Connection = {
        openedAt: since(),
        lastEventId: request.headers.get('last-event-id'),
        sent: [],
      }
      connections.push(connection)
      const ends = finishing
      let timer: ReturnType<typeof setTimeout> | undefined
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const write = (first: boolean) => {
            if (connection.closedAt !== undefined) return
            if (ends && !first) {
              controller.enqueue(
                encode('data: {"status":"succeeded","resultUrl":"/jobs/7/result"}\n\n'),
              )
              return
            }
            next += 1
            connection.sent.push(String(next))
            controller.enqueue(
              encode(`id: ${next}\ndata: {"status":"running","progress":${next}}\n\n`),
            )
            timer = setTimeout(() => write(false), 1000)
          }
          write(true)
        },
      })
      request.signal.addEventListener('abort', () => {
        connection.closedAt = since()
        clearTimeout(timer)
      })
      return new HttpResponse(stream, {
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      })
    }),
  )
  return {
    connections,
    finish: () => {
      finishing = true
    },
    downloads: () => downloads,
  }
}

/** Starts the operation and a wait on it that records every observation (times since the submit). */
async function startWaiting(timeoutMs = 600_000) {
  const api = createClient({ baseUrl: origin, backoff, hiddenDelayMs, timeoutMs })
  const submittedAt = Date.now()
  const op = await api.start('/jobs', { json: {} })
  const seen: Array<{ at: number; progress: number | undefined; state: Snapshot['state'] }> = []
  const controller = new AbortController()
  const waiting = op.wait({
    signal: controller.signal,
    onProgress: (snapshot) => {
      seen.push({
        at: Date.now() - submittedAt,
        progress: snapshot.progress,
        state: snapshot.state,
      })
    },
  })
  return {
    waiting,
    seen,
    stop: async () => {
      controller.abort()
      await waiting.catch(() => {})
    },
  }
}

/** Each connection as `[openedAt, closedAt]`, times since the submit. */
const spans = (connections: readonly Connection[]) =>
  connections.map((connection) => [connection.openedAt, connection.closedAt])

describe('a status stream in a hidden page', () => {
  it('is closed the moment the page is hidden, and not read again before the hidden cadence', async () => {
    const stream = serveStream()
    const job = await startWaiting()
    await vi.advanceTimersByTimeAsync(3500)
    expect(spans(stream.connections)).toEqual([[1000, undefined]])
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(9000)
    expect(spans(stream.connections)).toEqual([[1000, 3500]])
    // Three events while visible, each seen as it came; none since.
    expect(job.seen.map((seen) => [seen.at, seen.progress])).toEqual([
      [1000, 0.01],
      [2000, 0.02],
      [3000, 0.03],
    ])
    await job.stop()
  })

  it('is read at the hidden cadence while hidden, the first record of each connection only', async () => {
    const stream = serveStream()
    const job = await startWaiting()
    await vi.advanceTimersByTimeAsync(3500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(31_000)
    // Every 10 s: opened, its first event read, closed at once (the next would come 1 s later).
    expect(spans(stream.connections)).toEqual([
      [1000, 3500],
      [13_500, 13_500],
      [23_500, 23_500],
      [33_500, 33_500],
    ])
    expect(stream.connections.map((connection) => connection.sent)).toEqual([
      ['1', '2', '3'],
      ['4'],
      ['5'],
      ['6'],
    ])
    expect(job.seen.map((seen) => seen.at)).toEqual([1000, 2000, 3000, 13_500, 23_500, 33_500])
    // Each read goes on from the last event seen.
    expect(stream.connections.map((connection) => connection.lastEventId)).toEqual([
      null,
      '3',
      '4',
      '5',
    ])
    await job.stop()
  })

  it('is opened again at once when the page is shown, with Last-Event-ID, and settles', async () => {
    const stream = serveStream()
    const job = await startWaiting()
    await vi.advanceTimersByTimeAsync(3500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(2500)
    stream.finish()
    page.set('visible')
    const outcome = await outcomeWithin(job.waiting, 1050)
    expect(outcome).toEqual({ status: 'fulfilled', value: { rows: 42 } })
    expect(spans(stream.connections)).toEqual([
      [1000, 3500],
      [6000, 7000],
    ])
    expect(stream.connections[1]?.lastEventId).toBe('3')
    // Seen while visible, nothing while hidden, then again from the moment it was shown.
    expect(job.seen.map((seen) => [seen.at, seen.progress])).toEqual([
      [1000, 0.01],
      [2000, 0.02],
      [3000, 0.03],
      [6000, 0.04],
      [expect.closeTo(7000, -1), 1],
    ])
    expect(stream.downloads()).toBe(1)
    expect(await timersLeft()).toBe(0)
  })

  it('read once while hidden, is followed again from its last event when the page is shown', async () => {
    const stream = serveStream()
    const job = await startWaiting()
    await vi.advanceTimersByTimeAsync(3500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(21_500)
    expect(spans(stream.connections)).toHaveLength(3)
    stream.finish()
    page.set('visible')
    const outcome = await outcomeWithin(job.waiting, 1050)
    expect(outcome).toEqual({ status: 'fulfilled', value: { rows: 42 } })
    expect(spans(stream.connections)).toEqual([
      [1000, 3500],
      [13_500, 13_500],
      [23_500, 23_500],
      [25_000, 26_000],
    ])
    expect(stream.connections[3]?.lastEventId).toBe('5')
    expect(stream.downloads()).toBe(1)
    expect(await timersLeft()).toBe(0)
  })

  it('read once while hidden, still ends at the deadline', async () => {
    const stream = serveStream()
    const job = await startWaiting(20_000)
    await vi.advanceTimersByTimeAsync(3500)
    page.set('hidden')
    const outcome = await outcomeWithin(job.waiting, 16_600)
    expect(outcome?.status).toBe('rejected')
    expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    expect(spans(stream.connections)).toEqual([
      [1000, 3500],
      [13_500, 13_500],
    ])
    expect(await timersLeft()).toBe(0)
  })
})

describe('a status stream in a page that goes offline', () => {
  it('is closed at once, not read while offline, and opened again the moment the network is back', async () => {
    const stream = serveStream()
    const job = await startWaiting()
    await vi.advanceTimersByTimeAsync(3500)
    page.goOffline()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(spans(stream.connections)).toEqual([[1000, 3500]])
    stream.finish()
    page.goOnline()
    const outcome = await outcomeWithin(job.waiting, 1050)
    expect(outcome).toEqual({ status: 'fulfilled', value: { rows: 42 } })
    expect(spans(stream.connections)).toEqual([
      [1000, 3500],
      [33_500, 34_500],
    ])
    expect(stream.connections[1]?.lastEventId).toBe('3')
    expect(stream.downloads()).toBe(1)
    expect(await timersLeft()).toBe(0)
  })
})
