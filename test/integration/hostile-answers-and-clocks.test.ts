import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLimiter } from '../../src/http/limiter.js'
import {
  type Clock,
  createClient,
  HTTPError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/index.js'
import { baseUrl, submitTo, useTaskServer } from '../support/msw.js'
import { within } from '../support/real-time.js'

const { server, tasks } = useTaskServer({ durationMs: 60_000, steps: 0 })
const fast = {
  initialDelayMs: 10,
  factor: 1,
  maxDelayMs: 10,
  minDelayMs: 0,
  jitter: 'none',
} as const

afterEach(() => {
  vi.unstubAllGlobals()
})

/** An error answer whose body sends its first bytes, then stalls. */
function stalledError(status: number): HttpResponse<null> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"error":"bad request"'))
    },
  })
  return new HttpResponse(stream, {
    status,
    headers: { 'content-type': 'application/json' },
  }) as unknown as HttpResponse<null>
}

describe('an error answer whose body stalls', () => {
  it('rejects a poll answered 400 with the HTTPError after one request, not a TimeoutError after retries', async () => {
    let polls = 0
    server.use(
      submitTo('/stall-400/1'),
      http.get('https://api.example.com/stall-400/1', () => {
        polls += 1
        return stalledError(400)
      }),
    )
    const api = createClient({ baseUrl, backoff: fast, requestTimeoutMs: 200, retries: 2 })
    const op = await api.start('/submit', { json: {} })
    const outcome = await within(
      op.wait().catch((error: unknown) => error),
      3000,
      'still waiting',
    )
    expect(outcome).toBeInstanceOf(HTTPError)
    expect(polls).toBe(1)
  })

  it('rejects a cancel answered 403 with the HTTPError, not a TimeoutError after the cancel budget', async () => {
    let deletes = 0
    server.use(
      submitTo('/stall-403/1'),
      http.get('https://api.example.com/stall-403/1', () =>
        HttpResponse.json({ status: 'running' }, { headers: { 'retry-after': '3600' } }),
      ),
      http.delete('https://api.example.com/stall-403/1', () => {
        deletes += 1
        return stalledError(403)
      }),
    )
    const api = createClient({ baseUrl, backoff: fast, requestTimeoutMs: 200, retries: 2 })
    const op = await api.start('/submit', { json: {} })
    const outcome = await within(
      op.cancel().catch((error: unknown) => error),
      3000,
      'still waiting',
    )
    expect(outcome).toBeInstanceOf(HTTPError)
    expect(deletes).toBe(1)
  })

  it('rejects with the caller abort reason when the wait is aborted mid-read of an error body', async () => {
    server.use(
      submitTo('/stall-400/2'),
      http.get('https://api.example.com/stall-400/2', () => stalledError(400)),
    )
    const api = createClient({ baseUrl, backoff: fast, requestTimeoutMs: 5000 })
    const op = await api.start('/submit', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal }).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const reason = new Error('user gave up')
    controller.abort(reason)
    expect(await within(waiting, 500, 'still waiting')).toBe(reason)
  })
})

describe('error bodies on the ky path', () => {
  it('keeps the error body readable when an afterResponse hook was given the response (a tee branch)', async () => {
    server.use(
      submitTo('/ky-400/1'),
      http.get('https://api.example.com/ky-400/1', () =>
        HttpResponse.json({ error: 'nope' }, { status: 400 }),
      ),
    )
    const seen: number[] = []
    const api = createClient({
      baseUrl,
      backoff: fast,
      ky: { hooks: { afterResponse: [(_r, _o, response) => void seen.push(response.status)] } },
    })
    const op = await api.start('/submit', { json: {} })
    const error = await op.wait().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(await (error as HTTPError).response.json()).toEqual({ error: 'nope' })
    expect(seen).toContain(400)
  })

  it('lets go of the body of an error answer that a signal-ignoring fetch delivers after the abort', async () => {
    let canceled = false
    let answer: (() => void) | undefined
    const stubbornFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      if (request.method === 'POST') {
        return new Response(null, { status: 202, headers: { location: '/stubborn/1' } })
      }
      // Ignores the signal: answers 400 only when the test says so.
      await new Promise<void>((resolve) => {
        answer = resolve
      })
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"error":'))
        },
        cancel() {
          canceled = true
        },
      })
      return new Response(body, { status: 400, headers: { 'content-type': 'application/json' } })
    }
    const api = createClient({ baseUrl, backoff: fast, ky: { fetch: stubbornFetch } })
    const op = await api.start('/submit', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal }).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    controller.abort()
    expect(await waiting).toBeInstanceOf(DOMException)
    answer?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(canceled).toBe(true)
  })
})

describe('credentials withheld', () => {
  it('does not say credentials were withheld from a trusted origin that answered 401 after a redirect', async () => {
    server.use(
      http.post(
        `${baseUrl}/submit`,
        () =>
          new HttpResponse(null, {
            status: 202,
            headers: { location: 'https://other.example.net/status/1' },
          }),
      ),
      http.get(
        'https://other.example.net/status/1',
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: 'https://api.example.com/v2/status/1' },
          }),
      ),
      http.get(`${baseUrl}/status/1`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer t'
          ? HttpResponse.json({ error: 'token expired' }, { status: 401 })
          : HttpResponse.json({ error: 'no token' }, { status: 400 }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fast, headers: { authorization: 'Bearer t' } })
    const op = await api.start('/submit', { json: {} })
    const error = (await op.wait().catch((e: unknown) => e)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(401)
    expect(error.message).not.toContain('withheld from https://api.example.com')
  })
})

describe('accepted statuses', () => {
  it('reads the body of a 404 under grace as an answer and goes on polling', async () => {
    let polls = 0
    server.use(
      submitTo('/grace/1'),
      http.get('https://api.example.com/grace/1', () => {
        polls += 1
        return polls === 1
          ? HttpResponse.json({ error: 'not yet' }, { status: 404 })
          : HttpResponse.json({ status: 'completed', result: 'done' })
      }),
    )
    const api = createClient({ baseUrl, backoff: fast })
    expect(await api.run('/submit', { json: {} })).toBe('done')
    expect(polls).toBe(2)
  })
})

describe('a clock whose sleep fails in a hidden page', () => {
  it('rejects the wait with the clock error and leaves no page listener behind', async () => {
    const page = Object.assign(new EventTarget(), { visibilityState: 'hidden' })
    const win = new EventTarget()
    const listeners = new Set<string>()
    const add = page.addEventListener.bind(page)
    const remove = page.removeEventListener.bind(page)
    page.addEventListener = (type: string, fn: EventListenerOrEventListenerObject | null) => {
      listeners.add(`document:${type}`)
      add(type, fn)
    }
    page.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject | null) => {
      listeners.delete(`document:${type}`)
      remove(type, fn)
    }
    vi.stubGlobal('document', page)
    vi.stubGlobal('navigator', { onLine: true })
    vi.stubGlobal('addEventListener', (type: string, fn: EventListener) => {
      listeners.add(`window:${type}`)
      win.addEventListener(type, fn)
    })
    vi.stubGlobal('removeEventListener', (type: string, fn: EventListener) => {
      listeners.delete(`window:${type}`)
      win.removeEventListener(type, fn)
    })
    let sleeps = 0
    let isBroken = false
    const broken: Clock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        if (!isBroken)
          return new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms)
            signal.addEventListener('abort', () => clearTimeout(timer))
          })
        sleeps += 1
        throw new Error('the clock is broken')
      },
    }
    const api = createClient({ baseUrl, backoff: fast, clock: broken })
    const op = await api.start('/jobs', { json: {} })
    isBroken = true
    const outcome = await within(
      op.wait().catch((e: unknown) => e),
      1000,
      'still waiting',
    )
    expect((outcome as Error).message).toBe('the clock is broken')
    expect(sleeps).toBeGreaterThan(0)
    expect([...listeners]).toEqual([])
    expect(tasks().requests.filter((r) => r.path === '/jobs/1')).toHaveLength(0)
  })
})

describe('the limiter with a clock whose sleep throws', () => {
  it('hands the slot on to the next task after a queued task failed on the clock', async () => {
    const throwing: Clock = {
      now: () => 0,
      sleep: () => {
        throw new Error('the clock is broken')
      },
    }
    const limit = createLimiter(1, throwing)
    const never = new AbortController().signal
    let finishA: (() => void) | undefined
    const a = limit(
      'o',
      never,
      () => new Promise<string>((resolve) => (finishA = () => resolve('a'))),
    )
    const b = limit('o', never, async () => 'b', { at: 1000, reason: () => new Error('expired') })
    await expect(b).rejects.toThrow('the clock is broken')
    finishA?.()
    expect(await a).toBe('a')
    const c = limit('o', never, async () => 'c')
    expect(await within(c, 500, 'no slot for c')).toBe('c')
  })

  it('frees the slot of a task that throws synchronously', async () => {
    const limit = createLimiter(1, { now: () => 0, sleep: () => new Promise(() => {}) })
    const never = new AbortController().signal
    const thrown = (() => {
      try {
        return limit('o', never, () => {
          throw new Error('sync')
        })
      } catch (error) {
        return Promise.reject(error)
      }
    })()
    await expect(thrown).rejects.toThrow('sync')
    const next = limit('o', never, async () => 'next')
    expect(await within(next, 500, 'no slot for next')).toBe('next')
  })
})

describe('a cancel during a poll that is reading an error body', () => {
  it('settles the wait as canceled and the cancel with the server answer', async () => {
    server.use(
      submitTo('/cancel-mid/1'),
      http.get('https://api.example.com/cancel-mid/1', () => stalledError(400)),
      http.delete(
        'https://api.example.com/cancel-mid/1',
        () => new HttpResponse(null, { status: 204 }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fast, requestTimeoutMs: 5000 })
    const op = await api.start('/submit', { json: {} })
    const waiting = op.wait().catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await within(op.cancel(), 1000, 'cancel hangs')).toBe(true)
    expect(((await waiting) as Error).name).toBe('OperationCanceledError')
  })
})

void TimeoutError

describe('body reading', () => {
  it('bounds a body by maxBodyBytes even when its Content-Length is smaller than the body', async () => {
    server.use(
      submitTo('/big/1'),
      http.get(
        'https://api.example.com/big/1',
        () =>
          new HttpResponse(JSON.stringify({ status: 'completed', result: 'x'.repeat(200_000) }), {
            headers: { 'content-type': 'application/json', 'content-length': '50' },
          }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fast, maxBodyBytes: 1000 })
    const outcome = await api.run('/submit', { json: {} }).then(
      (v) => `resolved with ${String(v).length} chars`,
      (e: unknown) => e,
    )
    expect(outcome).toBeInstanceOf(ResponseValidationError)
  })

  it('times out a stalled body with a Content-Length at requestTimeoutMs', async () => {
    server.use(
      submitTo('/stall/1'),
      http.get('https://api.example.com/stall/1', () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"status":'))
          },
        })
        return new HttpResponse(stream, {
          headers: { 'content-type': 'application/json', 'content-length': '30' },
        })
      }),
    )
    const api = createClient({ baseUrl, backoff: fast, requestTimeoutMs: 300, retries: 0 })
    const outcome = await within(
      api.run('/submit', { json: {} }).catch((error: unknown) => error),
      1500,
      'no answer 1.5 s after the 300 ms request timeout',
    )
    expect(outcome).toBeInstanceOf(TimeoutError)
  })
})

/** A stalled body with a Content-Length: its first bytes, then nothing. */
function stalledJson(): HttpResponse<null> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"status":'))
    },
  })
  return new HttpResponse(stream, {
    headers: { 'content-type': 'application/json', 'content-length': '30' },
  }) as unknown as HttpResponse<null>
}

describe('an aborted wait whose poll is reading a body', () => {
  it('frees its request slot: the next operation of the origin runs (maxConcurrentPolls: 1)', async () => {
    server.use(
      http.post(
        `${baseUrl}/submit-a`,
        () => new HttpResponse(null, { status: 202, headers: { location: '/a/1' } }),
      ),
      http.post(
        `${baseUrl}/submit-b`,
        () => new HttpResponse(null, { status: 202, headers: { location: '/b/1' } }),
      ),
      http.get('https://api.example.com/a/1', () => stalledJson()),
      http.get('https://api.example.com/b/1', () =>
        HttpResponse.json({ status: 'completed', result: 'b' }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fast, maxConcurrentPolls: 1 })
    const a = await api.start('/submit-a', { json: {} })
    const controller = new AbortController()
    const waitingA = a.wait({ signal: controller.signal }).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 100))
    controller.abort()
    expect(await waitingA).toBeInstanceOf(DOMException)
    // B's submit and poll each need the one slot of the origin.
    const outcome = await within(
      api.run('/submit-b', { json: {} }),
      1000,
      'still waiting for a slot',
    )
    expect(outcome).toBe('b')
  })
})

describe('sleeping operations when fake timers come and go', () => {
  it('polls an operation that went to sleep under real timers, after fake timers were installed and removed', async () => {
    const realSetTimeout = globalThis.setTimeout
    const realSleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms))
    const backoff = {
      initialDelayMs: 300,
      factor: 1,
      maxDelayMs: 300,
      minDelayMs: 0,
      jitter: 'none',
    } as const
    const api = createClient({ baseUrl, backoff, timeoutMs: 10_000 })
    const a = await api.start('/jobs', { json: {} })
    const b = await api.start('/jobs', { json: {} })
    const stopA = new AbortController()
    const stopB = new AbortController()
    try {
      // A's first poll is due in 300 ms of real time.
      a.wait({ signal: stopA.signal }).catch(() => {})
      await realSleep(150)
      // B's first poll is due 300 ms later: at about 450 ms. Both sleep under real timers.
      b.wait({ signal: stopB.signal }).catch(() => {})
      await realSleep(20)
      vi.useFakeTimers()
      // Real time passes under fake timers: A's real timer fires at 300 ms and A polls.
      await realSleep(250)
      vi.useRealTimers()
      // B's poll was due at about 450 ms of real time: give it plenty more.
      await realSleep(800)
      const polls = (path: string) =>
        tasks().requests.filter((r) => r.method === 'GET' && r.path === path).length
      expect(polls('/jobs/1')).toBeGreaterThanOrEqual(1)
      expect(polls('/jobs/2')).toBeGreaterThanOrEqual(1)
    } finally {
      vi.useRealTimers()
      stopA.abort()
      stopB.abort()
    }
  })
})

/** Whether `n` setImmediate callbacks scheduled together all run within `ms` of real time. */
function immediatesRun(n: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    let left = n
    const timer = setTimeout(() => resolve(false), ms)
    for (let i = 0; i < n; i += 1) {
      setImmediate(() => {
        left -= 1
        if (left === 0) {
          clearTimeout(timer)
          resolve(true)
        }
      })
    }
  })
}

// Last in the file: when it fails, Node's own count of pending immediates is left wrong for the
// rest of this worker process.
describe('a request slot freed under fake timers that are then removed', () => {
  it("leaves Node's setImmediate working (a cancel under fake timers, then vi.useRealTimers())", async () => {
    for (const n of [1, 2, 3]) expect(await immediatesRun(n, 200)).toBe(true)
    vi.useFakeTimers()
    try {
      const api = createClient({ baseUrl })
      const op = await api.start('/jobs', { json: {} })
      expect(await op.cancel()).toBe(true)
    } finally {
      // As an afterEach does: the slot's handoff is still pending on both the fake and real turn.
      vi.useRealTimers()
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
    const ran: boolean[] = []
    for (const n of [1, 2, 3]) ran.push(await immediatesRun(n, 200))
    expect(ran).toEqual([true, true, true])
  })
})
