import { describe, expect, it, vi } from 'vitest'
import { createClient, PollTimeoutError, type Snapshot } from '../../src/index.js'
import { settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks } = useTaskServer({ durationMs: 4000, steps: 4 })
useFakeTime()
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const api = (options = {}) => createClient({ baseUrl, backoff, ...options })

/** Drains an async iterator while the fake clock runs. */
async function collect<T>(
  iterable: AsyncIterable<T>,
  ms: number,
  stopAfter = Infinity,
): Promise<T[]> {
  const items: T[] = []
  const draining = (async () => {
    for await (const item of iterable) {
      items.push(item)
      if (items.length >= stopAfter) break
    }
  })()
  await settleWithin(draining, ms)
  await draining
  return items
}

describe('operation.snapshots()', () => {
  it('yields every observation, pending ones then the terminal one', async () => {
    const op = await api().start('/jobs', { json: {} })
    const snapshots = await collect(op.snapshots(), 10_000)
    expect(snapshots.map((s) => [s.state, s.progress, s.attempt])).toEqual([
      ['pending', 0.25, 1],
      ['pending', 0.5, 2],
      ['pending', 0.75, 3],
      ['succeeded', 1, 5],
    ])
    expect(snapshots.at(-1)?.resultUrl).toBe('https://api.example.com/jobs/1/result')
  })

  it('stops polling when the loop breaks early, and leaves nothing running', async () => {
    const op = await api().start('/jobs', { json: { job: { durationMs: 60_000 } } })
    const snapshots = await collect(op.snapshots(), 10_000, 2)
    expect(snapshots).toHaveLength(2)
    await settleWithin(Promise.resolve(), 10_000)
    expect(tasks().count('GET', '/jobs/1')).toBe(2)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ends with a failed snapshot instead of throwing', async () => {
    const op = await api().start('/jobs', { json: { job: { outcome: 'failed' } } })
    const snapshots = await collect(op.snapshots(), 10_000)
    expect(snapshots.at(-1)?.state).toBe('failed')
  })

  it('throws what wait() throws when no terminal snapshot came', async () => {
    const client = api({ timeoutMs: 2500 })
    const op = await client.start('/jobs', { json: { job: { durationMs: 60_000 } } })
    const seen: Snapshot[] = []
    const draining = (async () => {
      for await (const snapshot of op.snapshots()) seen.push(snapshot)
    })()
    const result = await settleWithin(draining, 5000)
    expect(result.status).toBe('rejected')
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    expect(seen).toHaveLength(2)
  })

  it('stops at the signal', async () => {
    const op = await api().start('/jobs', { json: { job: { durationMs: 60_000 } } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 2500)
    const draining = collect(op.snapshots({ signal: controller.signal }), 5000)
    await expect(draining).rejects.toMatchObject({ name: 'AbortError' })
    expect(tasks().count('GET', '/jobs/1')).toBe(2)
  })

  it('shares the poll loop with a wait in progress', async () => {
    const op = await api().start('/jobs', { json: {} })
    const waiting = op.wait()
    const snapshots = await collect(op.snapshots(), 10_000)
    await expect(waiting).resolves.toEqual({ ok: true })
    expect(snapshots.at(-1)?.state).toBe('succeeded')
    expect(tasks().count('GET', '/jobs/1')).toBe(4)
  })
})
