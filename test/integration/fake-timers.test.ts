import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks } = useTaskServer({ durationMs: 60_000, steps: 0 })
afterEach(() => {
  vi.unstubAllGlobals()
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
