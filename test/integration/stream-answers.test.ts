import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient, ProtocolError } from '../../src/index.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

// A status location that streams (Server-Sent Events, NDJSON and its kin) is read record by
// record, each a status body. Anywhere else a stream is never a status body or a result: pollwise
// does not read it (an event stream may never end), and `wait()` rejects at once.

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
/** One poll a second, no jitter: every poll time is known. */
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const encode = (text: string) => new TextEncoder().encode(text)

/** The rejection reason, failing the test if the promise resolved or is still pending. */
function reasonOf(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  expect(outcome?.status).toBe('rejected')
  return (outcome as PromiseRejectedResult).reason
}

/**
 * A body that yields `line(n)` each time it is read, for `count` lines or forever, counting its
 * reads. msw keeps a clone of every answer (a tee), so a cancel of the body pollwise got does not
 * reach this stream: the proof that the body was not read is that it was hardly pulled (a stream
 * pulls a chunk or two to fill its queues on its own), and that `wait()` settles at all.
 */
function lineBody(line: (n: number) => string, count = Number.POSITIVE_INFINITY) {
  const seen = { pulls: 0 }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls += 1
      controller.enqueue(encode(line(seen.pulls)))
      if (seen.pulls >= count) controller.close()
    },
  })
  return { stream, seen }
}

/** An SSE stream of status events that never closes. */
function eventStream() {
  return lineBody((n) => `event: status\nid: ${n}\ndata: {"status":"running","n":${n}}\n\n`)
}

/** A stream is read at most to fill the queues of its tee branches: a chunk or two. */
const unread = (seen: { pulls: number }) => expect(seen.pulls).toBeLessThanOrEqual(2)

const streamed = (stream: ReadableStream<Uint8Array>, contentType: string) =>
  new HttpResponse(stream, {
    headers: { 'content-type': contentType, 'cache-control': 'no-cache' },
  })

/** `POST /jobs` answered 202 with `/jobs/7` as its status location; counts the submits. */
function serveSubmit() {
  let submits = 0
  server.use(
    http.post(at('/jobs'), () => {
      submits++
      return new HttpResponse(null, { status: 202, headers: { location: '/jobs/7' } })
    }),
  )
  return { submits: () => submits }
}

/** `GET /jobs/7` answered with `answers` in turn, the last one from then on; counts the polls. */
function serveStatus(answers: readonly (() => Response)[]) {
  let polls = 0
  server.use(
    http.get(at('/jobs/7'), () => {
      const answer = answers[Math.min(polls, answers.length - 1)] as () => Response
      polls++
      return answer()
    }),
  )
  return { polls: () => polls }
}

const running = () => HttpResponse.json({ status: 'running' })

function expectStreamRefused(error: unknown, mediaType: string, url: string): void {
  expect(error).toBeInstanceOf(ProtocolError)
  const refused = error as ProtocolError
  expect(refused.message).toContain(`stream (200, ${mediaType})`)
  expect(refused.message).toContain('where a status body or a result was expected')
  expect(refused.message).toContain('plain resource')
  expect(refused.url).toBe(url)
  expect(refused.bodyExcerpt).toBe(`<${mediaType}>`)
}

describe('a status location that answers with a stream', () => {
  /** SSE status events: running twice, then succeeded with its result; then the stream ends. */
  const statusEvents = () =>
    lineBody(
      (n) =>
        n < 3
          ? `event: status\nid: ${n}\ndata: {"status":"running","progress":${n * 30}}\n\n`
          : `id: ${n}\ndata: {"status":"succeeded","result":{"n":${n}}}\n\n`,
      3,
    )

  it.each([
    { protocol: undefined, name: 'auto' },
    { protocol: 'generic', name: 'generic' },
  ] as const)(
    '$name: SSE status events are read as they come, and the last one settles',
    async ({ protocol }) => {
      const sse = statusEvents()
      const submit = serveSubmit()
      const status = serveStatus([running, () => streamed(sse.stream, 'text/event-stream')])
      const api = createClient({
        baseUrl: origin,
        backoff,
        ...(protocol === undefined ? {} : { protocol }),
      })
      const op = await api.start('/jobs', { json: {} })
      const progress: Array<number | undefined> = []
      const outcome = await outcomeWithin(
        op.wait({ onProgress: (snap) => progress.push(snap.progress) }),
        2_050,
      )
      expect(outcome).toEqual({ status: 'fulfilled', value: { n: 3 } })
      expect(progress).toEqual([undefined, 0.3, 0.6, 1])
      expect([submit.submits(), status.polls()]).toEqual([1, 2])
      expect(await timersLeft()).toBe(0)
    },
  )

  it('http: a convention that reads status codes cannot read a stream: a ProtocolError, never a result', async () => {
    const sse = statusEvents()
    serveSubmit()
    serveStatus([
      () => new HttpResponse(null, { status: 202 }),
      () => streamed(sse.stream, 'text/event-stream'),
    ])
    const api = createClient({ baseUrl: origin, backoff, protocol: 'http' })
    const op = await api.start('/jobs', { json: {} })
    const error = reasonOf(await outcomeWithin(op.wait(), 2_050))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/never taken for the result/)
    expect(await timersLeft()).toBe(0)
  })

  it.each([
    'application/x-ndjson',
    'application/ndjson; charset=utf-8',
    'application/jsonl',
    'application/x-jsonlines',
    'application/stream+json',
  ])('chunked %s status lines are read one by one', async (contentType) => {
    const lines = lineBody(
      (n) => (n < 5 ? `{"status":"running","n":${n}}\n` : `{"status":"succeeded","result":${n}}\n`),
      5,
    )
    serveSubmit()
    const status = serveStatus([() => streamed(lines.stream, contentType)])
    const op = await createClient({ baseUrl: origin, backoff }).start('/jobs', { json: {} })
    const states: string[] = []
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snap) => states.push(snap.state) }),
      1_050,
    )
    expect(outcome).toEqual({ status: 'fulfilled', value: 5 })
    expect(states).toEqual(['pending', 'pending', 'pending', 'pending', 'succeeded'])
    expect(status.polls()).toBe(1)
  })

  it('snapshots() yields each streamed status', async () => {
    const sse = statusEvents()
    serveSubmit()
    serveStatus([() => streamed(sse.stream, 'text/event-stream')])
    const op = await createClient({ baseUrl: origin, backoff }).start('/jobs', { json: {} })
    const states: string[] = []
    const reading = (async () => {
      for await (const snapshot of op.snapshots()) states.push(snapshot.state)
    })()
    expect(await outcomeWithin(reading, 1_050)).toEqual({ status: 'fulfilled', value: undefined })
    expect(states).toEqual(['pending', 'pending', 'succeeded'])
    expect(await timersLeft()).toBe(0)
  })
})

describe('a result link that answers with a stream', () => {
  it('is a ProtocolError, fetched once, its body unread', async () => {
    const sse = eventStream()
    let downloads = 0
    serveSubmit()
    const status = serveStatus([() => HttpResponse.json({ status: 'done', result_url: '/r' })])
    server.use(
      http.get(at('/r'), () => {
        downloads++
        return streamed(sse.stream, 'text/event-stream; charset=utf-8')
      }),
    )
    const op = await createClient({ baseUrl: origin, backoff }).start('/jobs', { json: {} })
    const error = reasonOf(await outcomeWithin(op.wait(), 1_050))
    expectStreamRefused(error, 'text/event-stream', at('/r'))
    expect([status.polls(), downloads]).toEqual([1, 1])
    unread(sse.seen)
    expect(await timersLeft()).toBe(0)
  })
})

describe('a result link that answers with a file of records', () => {
  it('is the result: an NDJSON file a finished status links to is read whole', async () => {
    let downloads = 0
    serveSubmit()
    serveStatus([() => HttpResponse.json({ status: 'done', result_url: '/r' })])
    server.use(
      http.get(at('/r'), () => {
        downloads++
        return new HttpResponse('{"n":1}\n{"n":2}\n', {
          headers: { 'content-type': 'application/x-ndjson' },
        })
      }),
    )
    const op = await createClient({ baseUrl: origin, backoff }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(op.wait(), 1_050)
    expect(outcome?.status).toBe('fulfilled')
    const file = (outcome as PromiseFulfilledResult<Blob>).value
    expect(file).toBeInstanceOf(Blob)
    expect(await file.text()).toBe('{"n":1}\n{"n":2}\n')
    expect(downloads).toBe(1)
    expect(await timersLeft()).toBe(0)
  })
})

/**
 * `POST /jobs` answered `code` with an endless event stream and `/jobs/7` as its Location, which
 * answers `status`; counts its reads.
 */
function serveStreamingSubmit(code: number, status: () => Response) {
  const sse = eventStream()
  let polls = 0
  server.use(
    http.post(
      at('/jobs'),
      () =>
        new HttpResponse(sse.stream, {
          status: code,
          headers: { 'content-type': 'text/event-stream', location: '/jobs/7' },
        }),
    ),
    http.get(at('/jobs/7'), () => {
      polls++
      return status()
    }),
  )
  return { sse, polls: () => polls }
}

describe('a submit answered with a stream', () => {
  it.each([200, 201])(
    'start() rejects a %i SSE answer with a ProtocolError, polling nothing',
    async (code) => {
      const { sse, polls } = serveStreamingSubmit(code, running)
      const starting = createClient({ baseUrl: origin, backoff }).start('/jobs', { json: {} })
      const error = reasonOf(await outcomeWithin(starting, 50))
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as ProtocolError).message).toContain(`stream (${code}, text/event-stream)`)
      expect((error as ProtocolError).url).toBe(at('/jobs'))
      unread(sse.seen)
      expect(await timersLeft()).toBe(0)
      await vi.advanceTimersByTimeAsync(5_000)
      expect(polls()).toBe(0)
    },
  )
})

describe('a submit answered 202 with a stream and a status location', () => {
  it('lets the stream go unread and polls the status location, as for any 202 (RFC 9110 §15.3.3)', async () => {
    const done = () => HttpResponse.json({ status: 'succeeded', result: { n: 7 } })
    const { sse, polls } = serveStreamingSubmit(202, done)
    const op = await createClient({ baseUrl: origin, backoff }).start('/jobs', { json: {} })
    expect(op.statusUrl).toBe(at('/jobs/7'))
    unread(sse.seen)
    const outcome = await outcomeWithin(op.wait(), 1_050)
    expect(outcome).toEqual({ status: 'fulfilled', value: { n: 7 } })
    expect(polls()).toBe(1)
    expect(await timersLeft()).toBe(0)
  })
})
