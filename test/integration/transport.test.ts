import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createClient,
  HTTPError,
  NetworkError,
  PollTimeoutError,
  PollwiseError,
} from '../../src/index.js'
import { rejection, settleWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 60_000, steps: 0 })
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

useFakeTime()

let startedAt = 0
beforeEach(() => {
  startedAt = Date.now()
})

/** Clock readings of the GET requests to `path`, from the start of the test. */
function pollTimes(path: string): number[] {
  return tasks()
    .requests.filter((r) => r.method === 'GET' && r.path === path)
    .map((r) => r.at - startedAt)
}

/**
 * Poll times, each within 2 ms after the one expected: a request slot is handed on one event-loop
 * turn after a response, which fake timers may count as a millisecond.
 */
function expectNear(times: number[], expected: number[]): void {
  expect(times).toHaveLength(expected.length)
  times.forEach((at, index) => {
    expect(at - (expected[index] ?? Number.NaN)).toBeGreaterThanOrEqual(0)
    expect(at - (expected[index] ?? Number.NaN)).toBeLessThanOrEqual(2)
  })
}

/** A wait on `op` that the test can stop. */
function waitOn(op: { wait(options: { signal: AbortSignal }): Promise<unknown> }) {
  const controller = new AbortController()
  const waiting = op.wait({ signal: controller.signal })
  const outcome = Promise.allSettled([waiting])
  return {
    waiting,
    controller,
    stop: async () => {
      controller.abort()
      await outcome
    },
  }
}

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

describe('the per-origin limiter', () => {
  it('holds a slot only while a request is in flight, not through a Retry-After wait: another operation polls during it', async () => {
    const api = createClient({ baseUrl, backoff, maxConcurrentPolls: 1 })
    const a = await api.start('/jobs', { json: {} })
    const b = await api.start('/jobs', { json: {} })
    expect([a.statusUrl, b.statusUrl]).toEqual([
      'https://api.example.com/jobs/1',
      'https://api.example.com/jobs/2',
    ])
    tasks().failNext({ count: 1, status: 503, path: '/jobs/1', retryAfterSec: 5 })
    const waitA = waitOn(a)
    const waitB = waitOn(b)
    await vi.advanceTimersByTimeAsync(6500)

    // A: the 503 at 1 s, its retry 5 s later.
    expectNear(pollTimes('/jobs/1'), [1000, 6000])
    // B went on polling every second while A slept: its first poll waited for A's slot.
    expectNear(pollTimes('/jobs/2'), [1000, 2000, 3000, 4000, 5000, 6000])
    await waitA.stop()
    await waitB.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('holds no slot through the sleep between polls either', async () => {
    const api = createClient({ baseUrl, maxConcurrentPolls: 1, backoff })
    const ops = await Promise.all([1, 2, 3].map(() => api.start('/jobs', { json: {} })))
    const waits = ops.map(waitOn)
    await vi.advanceTimersByTimeAsync(3500)
    for (const path of ['/jobs/1', '/jobs/2', '/jobs/3']) {
      expectNear(pollTimes(path), [1000, 2000, 3000])
    }
    for (const wait of waits) await wait.stop()
  })

  it('lets an aborted queued poll leave the queue at once; it sends no request', async () => {
    const held = gate()
    let heldRequests = 0
    server.use(
      http.get('https://api.example.com/jobs/1', async () => {
        heldRequests += 1
        await held.opened
        return HttpResponse.json({ status: 'running' })
      }),
    )
    const api = createClient({ baseUrl, backoff, maxConcurrentPolls: 1 })
    const a = await api.start('/jobs', { json: {} })
    const b = await api.start('/jobs', { json: {} })
    const c = await api.start('/jobs', { json: {} })
    const waitA = waitOn(a)
    const waitB = waitOn(b)
    const waitC = waitOn(c)
    await vi.advanceTimersByTimeAsync(1000)
    // A's poll is in flight and holds the only slot; B and C wait their turn.
    expect(heldRequests).toBe(1)
    expect(pollTimes('/jobs/2')).toEqual([])
    expect(pollTimes('/jobs/3')).toEqual([])

    const reason = new Error('no longer needed')
    waitB.controller.abort(reason)
    const result = await settleWithin(waitB.waiting, 0)
    expect(rejection(result)).toBe(reason)

    held.open()
    await vi.advanceTimersByTimeAsync(100)
    // The slot went to C, next in line; B never sent its poll.
    expect(pollTimes('/jobs/3')).toEqual([1000])
    await vi.advanceTimersByTimeAsync(5000)
    expect(pollTimes('/jobs/2')).toEqual([])
    expect(pollTimes('/jobs/3').length).toBeGreaterThan(1)
    await waitA.stop()
    await waitC.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe("a wait that ends stops its poll's retries", () => {
  it('ends the wait before a retry (503 + Retry-After: 5): it rejects at once, and the retry is never sent', async () => {
    tasks().failNext({ count: 1, status: 503, path: '/jobs/1', retryAfterSec: 5 })
    const op = await createClient({ baseUrl, backoff }).start('/jobs', { json: {} })
    const wait = waitOn(op)
    await vi.advanceTimersByTimeAsync(2000)
    expectNear(pollTimes('/jobs/1'), [1000])

    const reason = new Error('closed by the user')
    wait.controller.abort(reason)
    expect(rejection(await settleWithin(wait.waiting, 0))).toBe(reason)
    await vi.advanceTimersByTimeAsync(10_000)
    expectNear(pollTimes('/jobs/1'), [1000])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ends the retry in flight after a try that timed out: it rejects at once, and nothing more is sent', async () => {
    const never = gate()
    let polls = 0
    let abortedPolls = 0
    server.use(
      http.get('https://api.example.com/jobs/1', async ({ request }) => {
        polls += 1
        request.signal.addEventListener('abort', () => {
          abortedPolls += 1
        })
        await never.opened
        return HttpResponse.json({ status: 'running' })
      }),
    )
    const api = createClient({ baseUrl, backoff, requestTimeoutMs: 2000, retries: 2 })
    const op = await api.start('/jobs', { json: {} })
    const wait = waitOn(op)
    // The first try at 1 s times out at 3 s; its retry goes out after the backoff's 1 s.
    await vi.advanceTimersByTimeAsync(4500)
    expect(polls).toBe(2)
    expect(abortedPolls).toBe(1)

    const reason = new Error('closed by the user')
    wait.controller.abort(reason)
    expect(rejection(await settleWithin(wait.waiting, 0))).toBe(reason)
    expect(abortedPolls).toBe(2)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(polls).toBe(2)
    expect(vi.getTimerCount()).toBe(0)
    never.open()
  })
})

describe('timeoutMs bounds every retry', () => {
  it('gives up on a PUT submit answered 503 + Retry-After: 3600 within timeoutMs, after 1 request', async () => {
    let puts = 0
    server.use(
      http.put('https://api.example.com/v2/reports/1', () => {
        puts += 1
        return HttpResponse.json(
          { error: 'busy' },
          { status: 503, headers: { 'retry-after': '3600' } },
        )
      }),
    )
    const started = createClient({ baseUrl, timeoutMs: 10_000 }).start('/reports/1', {
      method: 'PUT',
      json: {},
    })
    const error = rejection(await settleWithin(started, 10_000))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(503)
    expect(puts).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('settles cancel() answered 503 + Retry-After: 3600 within requestTimeoutMs * (retries + 1)', async () => {
    let deletes = 0
    server.use(
      http.delete('https://api.example.com/jobs/1', () => {
        deletes += 1
        return new HttpResponse(null, { status: 503, headers: { 'retry-after': '3600' } })
      }),
    )
    const api = createClient({ baseUrl, backoff, requestTimeoutMs: 2000, retries: 2 })
    const op = await api.start('/jobs', { json: {} })
    const canceling = op.cancel()
    const error = rejection(await settleWithin(canceling, 2000 * 3))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(503)
    expect(deletes).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('settles a PUT submit that keeps answering 503 + Retry-After: 1 by timeoutMs, whatever `retries` allows', async () => {
    let puts = 0
    server.use(
      http.put('https://api.example.com/v2/reports/1', () => {
        puts += 1
        return new HttpResponse(null, { status: 503, headers: { 'retry-after': '1' } })
      }),
    )
    const started = createClient({ baseUrl, timeoutMs: 5000, retries: 100 }).start('/reports/1', {
      method: 'PUT',
      json: {},
    })
    const error = rejection(await settleWithin(started, 5000))
    expect(error instanceof HTTPError || error instanceof PollTimeoutError).toBe(true)
    // Tries at 0, 1, 2, 3 and 4 s at most: none starts at or after the deadline.
    expect(puts).toBeGreaterThanOrEqual(2)
    expect(puts).toBeLessThanOrEqual(5)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('settles a submit that never answers by timeoutMs, however long requestTimeoutMs is', async () => {
    server.use(
      // Not msw's delay('infinite'), which leaves a timer of its own.
      http.put('https://api.example.com/v2/reports/1', () => new Promise<never>(() => {})),
    )
    const started = createClient({ baseUrl, timeoutMs: 5000, requestTimeoutMs: 60_000 }).start(
      '/reports/1',
      { method: 'PUT', json: {} },
    )
    const error = rejection(await settleWithin(started, 5000))
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(await timersLeft()).toBe(0)
  })
})

describe('credentials withheld from an untrusted origin', () => {
  const files = 'https://files.example.net'

  /** A submit on the API whose status location is `statusUrl`, answering `status`. */
  function serveStatusAt(statusUrl: string, status: number) {
    const seen: Array<string | null> = []
    server.use(
      http.post('https://api.example.com/v2/export', () => {
        return new HttpResponse(null, { status: 202, headers: { location: statusUrl } })
      }),
      http.get(statusUrl, ({ request }) => {
        seen.push(request.headers.get('authorization'))
        return HttpResponse.json({ error: 'denied' }, { status })
      }),
    )
    return seen
  }

  async function failureOfWait(options: Parameters<typeof createClient>[0]) {
    const op = await createClient({
      baseUrl,
      backoff,
      retries: 0,
      maxOutageMs: 0,
      ...options,
    }).start('/export')
    const error = rejection(await settleWithin(op.wait(), 2000))
    expect(error).toBeInstanceOf(HTTPError)
    return error as HTTPError
  }

  it.each([401, 403])(
    'says, on a %i, that authorization was withheld and names trustedOrigins',
    async (status) => {
      const seen = serveStatusAt(`${files}/status/1`, status)
      const error = await failureOfWait({ headers: { authorization: 'Bearer s' } })
      expect(error.response.status).toBe(status)
      expect(seen).toEqual([null])
      expect(error.message).toContain('authorization')
      expect(error.message).toMatch(/withheld/)
      expect(error.message).toContain('trustedOrigins')
      expect(error.message).toContain(files)
      expect(error.message).not.toContain('Bearer s')
    },
  )

  it('gives no hint on a 401 from the trusted baseUrl origin', async () => {
    const seen = serveStatusAt('https://api.example.com/v2/export/1', 401)
    const error = await failureOfWait({ headers: { authorization: 'Bearer s' } })
    expect(seen).toEqual(['Bearer s'])
    expect(error.message).not.toMatch(/withheld/)
    expect(error.message).not.toContain('trustedOrigins')
  })

  it('gives no hint on a 401 from an origin listed in trustedOrigins', async () => {
    const seen = serveStatusAt(`${files}/status/1`, 401)
    const error = await failureOfWait({
      headers: { authorization: 'Bearer s' },
      trustedOrigins: [files],
    })
    expect(seen).toEqual(['Bearer s'])
    expect(error.message).not.toMatch(/withheld/)
    expect(error.message).not.toContain('trustedOrigins')
  })

  it('gives no hint on a 500 from the untrusted origin', async () => {
    serveStatusAt(`${files}/status/1`, 500)
    const error = await failureOfWait({ headers: { authorization: 'Bearer s' } })
    expect(error.response.status).toBe(500)
    expect(error.message).not.toMatch(/withheld/)
    expect(error.message).not.toContain('trustedOrigins')
  })

  it('gives no hint on a 401 from the untrusted origin when no credential was configured', async () => {
    serveStatusAt(`${files}/status/1`, 401)
    const error = await failureOfWait({ headers: { 'x-trace': 't-1' } })
    expect(error.message).not.toMatch(/withheld/)
    expect(error.message).not.toContain('trustedOrigins')
  })
})

describe('NetworkError', () => {
  function failEveryStatusPoll() {
    let polls = 0
    server.use(
      http.get('https://api.example.com/jobs/1', () => {
        polls += 1
        return HttpResponse.error()
      }),
    )
    return () => polls
  }

  async function networkFailureOfWait(retries: number): Promise<NetworkError> {
    const op = await createClient({ baseUrl, backoff, retries, maxOutageMs: 0 }).start('/jobs', {
      json: {},
    })
    const error = rejection(await settleWithin(op.wait(), 20_000))
    expect(error).toBeInstanceOf(NetworkError)
    return error as NetworkError
  }

  it('comes out of a status poll that fails at the network level on every try', async () => {
    const polls = failEveryStatusPoll()
    const error = await networkFailureOfWait(2)
    expect(error).toBeInstanceOf(PollwiseError)
    expect(error.name).toBe('NetworkError')
    expect(error.url).toBe('https://api.example.com/jobs/1')
    expect(error.attempts).toBe(3)
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(error.message).toContain('https://api.example.com/jobs/1')
    expect(error.message).toMatch(/3 tries/)
    expect(error.message).not.toMatch(/CORS/)
    expect(polls()).toBe(3)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('counts one try when retries is 0', async () => {
    const polls = failEveryStatusPoll()
    const error = await networkFailureOfWait(0)
    expect(error.attempts).toBe(1)
    expect(polls()).toBe(1)
  })

  it('comes out of an idempotent submit after its retries', async () => {
    let puts = 0
    server.use(
      http.put('https://api.example.com/v2/reports/1', () => {
        puts += 1
        return HttpResponse.error()
      }),
    )
    const started = createClient({ baseUrl, backoff, retries: 2 }).start('/reports/1', {
      method: 'PUT',
    })
    const error = rejection(await settleWithin(started, 10_000))
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ url: 'https://api.example.com/v2/reports/1', attempts: 3 })
    expect(puts).toBe(3)
  })

  describe('in a browser', () => {
    beforeEach(() => {
      const window = new EventTarget()
      const page = Object.assign(new EventTarget(), { visibilityState: 'visible' })
      vi.stubGlobal('document', page)
      vi.stubGlobal('addEventListener', window.addEventListener.bind(window))
      vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window))
    })

    it('says that a CORS refusal looks like this', async () => {
      const polls = failEveryStatusPoll()
      const error = await networkFailureOfWait(1)
      expect(error.message).toMatch(/CORS/)
      expect(error.attempts).toBe(2)
      expect(error.url).toBe('https://api.example.com/jobs/1')
      expect(error.cause).toBeInstanceOf(TypeError)
      expect(polls()).toBe(2)
    })
  })
})
