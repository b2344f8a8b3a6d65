import { delay, HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 3000, steps: 0, latencyMs: 400 })
useFakeTime()
const backoff = { initialDelayMs: 500, factor: 1, maxDelayMs: 500, jitter: 'none' } as const

describe('many operations at once', () => {
  it.each([1, 3, 4])(
    'never has more than %i status requests in flight per origin',
    async (limit) => {
      const api = createClient({ baseUrl, backoff, maxConcurrentPolls: limit })
      const operations = await Promise.all(
        Array.from({ length: 20 }, () => api.start('/jobs', { json: {} })),
      )
      const results = await settleWithin(Promise.all(operations.map((op) => op.wait())), 120_000)
      expect(results.status).toBe('fulfilled')
      expect(tasks().peakInFlight()).toBe(limit)
    },
  )

  it('defaults to 64 per origin in Node', async () => {
    const api = createClient({ baseUrl, backoff })
    const operations = await Promise.all(
      Array.from({ length: 100 }, () => api.start('/jobs', { json: {} })),
    )
    await settleWithin(Promise.all(operations.map((op) => op.wait())), 60_000)
    expect(tasks().peakInFlight()).toBe(64)
  })

  it('defaults to 4 per origin in a page', async () => {
    vi.stubGlobal('location', new URL('https://app.example.com/'))
    const api = createClient({ baseUrl, backoff })
    const operations = await Promise.all(
      Array.from({ length: 10 }, () => api.start('/jobs', { json: {} })),
    )
    await settleWithin(Promise.all(operations.map((op) => op.wait())), 60_000)
    expect(tasks().peakInFlight()).toBe(4)
  })

  it('counts submits against the same limit: a burst of starts opens no more than it', async () => {
    let inFlight = 0
    let peak = 0
    server.use(
      http.post('*/burst', async () => {
        inFlight += 1
        peak = Math.max(peak, inFlight)
        await delay(100)
        inFlight -= 1
        return new HttpResponse(null, { status: 202, headers: { location: '/jobs/1' } })
      }),
    )
    const api = createClient({ baseUrl, backoff, maxConcurrentPolls: 3 })
    const starts = Promise.all(Array.from({ length: 12 }, () => api.start('/burst')))
    const outcome = await settleWithin(starts, 2_000)
    expect(outcome.status).toBe('fulfilled')
    expect(peak).toBe(3)
  })
})
