import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { useFakePage } from '../support/fake-page.js'
import { finishWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 60_000, steps: 0 })
useFakeTime()
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const page = useFakePage()

function pollTimes(): number[] {
  const start = tasks().requests[0]?.at ?? 0
  return tasks()
    .requests.filter((r) => r.path === '/jobs/1')
    .map((r) => r.at - start)
}

/** Starts an operation and a wait on it; `stop()` aborts the wait and lets it settle. */
async function startWaiting(options = {}) {
  const op = await createClient({ baseUrl, backoff, ...options }).start('/jobs', { json: {} })
  const controller = new AbortController()
  const waiting = op.wait({ signal: controller.signal })
  return {
    stop: async () => {
      controller.abort()
      await waiting.catch(() => {})
    },
  }
}

describe('in a browser page', () => {
  it('slows to hiddenDelayMs while the page is hidden', async () => {
    const job = await startWaiting({ hiddenDelayMs: 10_000 })
    await vi.advanceTimersByTimeAsync(1500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(25_000)
    expect(pollTimes()).toEqual([1000, 11_000, 21_000])
    await job.stop()
  })

  it('slows to 20 s while hidden by default, above the default backoff cap (8 s)', async () => {
    const job = await startWaiting({ backoff: { factor: 8, jitter: 'none' } })
    await vi.advanceTimersByTimeAsync(1500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(45_000)
    expect(pollTimes()).toEqual([1000, 21_000, 41_000])
    await job.stop()
  })

  it('slows to the backoff cap while hidden by default when the cap is longer than 20 s', async () => {
    // Polls every second while shown; while hidden, every 30 s (the cap), not 20 s.
    const job = await startWaiting({ backoff: { ...backoff, maxDelayMs: 30_000 } })
    await vi.advanceTimersByTimeAsync(1500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(65_000)
    expect(pollTimes()).toEqual([1000, 31_000, 61_000])
    await job.stop()
  })

  it('polls at once when the page is shown again', async () => {
    const job = await startWaiting({ hiddenDelayMs: 10_000 })
    await vi.advanceTimersByTimeAsync(1500)
    page.set('hidden')
    await vi.advanceTimersByTimeAsync(3500)
    page.set('visible')
    await vi.advanceTimersByTimeAsync(1500)
    expect(pollTimes()).toEqual([1000, 5000, 6000])
    await job.stop()
  })

  it('pauses while offline and polls at once on online', async () => {
    const job = await startWaiting()
    await vi.advanceTimersByTimeAsync(1500)
    page.goOffline()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(pollTimes()).toEqual([1000])
    page.goOnline()
    await vi.advanceTimersByTimeAsync(500)
    expect(pollTimes()).toEqual([1000, 31_500])
    await job.stop()
  })

  it('does not count network failures while offline as tries', async () => {
    let requests = 0
    server.use(
      http.get('*/jobs/1', () => {
        requests += 1
        if (requests > 2) return HttpResponse.json({ status: 'done', result: 'ok' })
        // The network drops during the request, and comes back 5 s later.
        page.setOnLine(false)
        setTimeout(() => page.goOnline(), 5000)
        return HttpResponse.error()
      }),
    )
    const client = createClient({ baseUrl, backoff, retries: 1 })
    const waiting = client.run('/jobs', { json: {} })
    // Two failures against one allowed retry: only not counting them lets the wait succeed.
    await expect(finishWithin(waiting, 30_000)).resolves.toBe('ok')
    expect(requests).toBe(3)
  })
})
