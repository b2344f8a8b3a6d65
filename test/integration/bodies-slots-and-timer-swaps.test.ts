import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient, ResponseValidationError, TimeoutError } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { server, tasks } = useTaskServer({ durationMs: 60_000, steps: 0 })
const fast = {
  initialDelayMs: 10,
  factor: 1,
  maxDelayMs: 10,
  minDelayMs: 0,
  jitter: 'none',
} as const

/** `promise`'s value, or `late` if it has not settled within `ms` of real time. */
async function within<T>(promise: Promise<T>, ms: number, late: string): Promise<T | string> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(late), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

function submitTo(path: string) {
  return http.post(
    `${baseUrl}/submit`,
    () => new HttpResponse(null, { status: 202, headers: { location: path } }),
  )
}

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
