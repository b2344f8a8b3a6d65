import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Clock, createClient } from '../../src/index.js'

const baseUrl = 'https://api.example.com'
const hour = 3_600_000
const backoff = { initialDelayMs: 1000, jitter: 'none' } as const

/** Jobs that stay running for `polls` status answers, each with a Retry-After of an hour. */
let polls = new Map<string, number>()
const server = setupServer(
  http.post(`${baseUrl}/jobs/:id`, ({ params }) => {
    polls.set(String(params.id), 0)
    return new HttpResponse(null, { status: 202, headers: { location: `/status/${params.id}` } })
  }),
  http.get(`${baseUrl}/status/:id`, ({ params }) => {
    const id = String(params.id)
    const count = (polls.get(id) ?? 0) + 1
    polls.set(id, count)
    return count < 3
      ? HttpResponse.json({ status: 'running' }, { headers: { 'retry-after': '3600' } })
      : HttpResponse.json({ status: 'succeeded', result: { id } })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  polls = new Map()
})
afterAll(() => server.close())

/** A virtual clock: time moves only when the test says; it records the sleeps asked of it. */
function virtualClock() {
  let now = Date.UTC(2026, 0, 1)
  const sleeps = new Set<{ until: number; wake: () => void }>()
  const asked: number[] = []
  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      asked.push(ms)
      return new Promise((resolve, reject) => {
        signal.throwIfAborted()
        const sleep = { until: now + ms, wake: () => resolve() }
        sleeps.add(sleep)
        signal.addEventListener('abort', () => {
          sleeps.delete(sleep)
          reject(signal.reason)
        })
      })
    },
  }
  /** Lets requests and promise callbacks run (msw answers on later turns of the event loop). */
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve))
  }
  return {
    clock,
    asked,
    settle,
    async advance(ms: number) {
      now += ms
      for (const sleep of [...sleeps]) {
        if (sleep.until <= now) {
          sleeps.delete(sleep)
          sleep.wake()
        }
      }
      await settle()
    },
    /** Sleeps in progress on the clock. */
    open: () => sleeps.size,
  }
}

describe('a custom clock', () => {
  it('drives the whole schedule: hour-long Retry-Afters pass in virtual time', async () => {
    const time = virtualClock()
    const api = createClient({ baseUrl, backoff, timeoutMs: 4 * hour, clock: time.clock })
    const op = await api.start('/jobs/a')
    let result: unknown
    const waiting = op.wait().then((value) => {
      result = value
    })
    await time.advance(999)
    expect(polls.get('a')).toBe(0)
    await time.advance(1)
    expect(polls.get('a')).toBe(1)
    expect(time.asked).toContain(hour)
    await time.advance(hour - 1)
    expect(polls.get('a')).toBe(1)
    await time.advance(1)
    expect(polls.get('a')).toBe(2)
    await time.advance(hour)
    await waiting
    expect(result).toEqual({ id: 'a' })
    expect(time.open()).toBe(0)
  })

  it('holds one sleep on the clock for many sleeping operations, and none once they are aborted', async () => {
    const time = virtualClock()
    const api = createClient({ baseUrl, backoff, timeoutMs: 4 * hour, clock: time.clock })
    const controller = new AbortController()
    const ops = await Promise.all(['a', 'b', 'c', 'd'].map((id) => api.start(`/jobs/${id}`)))
    const waits = ops.map((op) => op.wait({ signal: controller.signal }))
    await time.advance(1000)
    expect([...polls.values()]).toEqual([1, 1, 1, 1])
    expect(time.open()).toBe(1)
    controller.abort()
    await Promise.allSettled(waits)
    expect(time.open()).toBe(0)
    await time.advance(2 * hour)
    expect([...polls.values()]).toEqual([1, 1, 1, 1])
  })

  it("rejects the wait with the clock's error when its sleep fails, and sends nothing more", async () => {
    const broken: Clock = {
      now: () => Date.UTC(2026, 0, 1),
      sleep: () => Promise.reject(new Error('the clock is broken')),
    }
    const api = createClient({ baseUrl, backoff, clock: broken })
    const op = await api.start('/jobs/broken')
    await expect(op.wait()).rejects.toThrow('the clock is broken')
    expect(polls.get('broken')).toBe(0)
  })
})
