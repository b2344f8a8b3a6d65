import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, OperationFailedError, type Snapshot } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'
import { createLockManager } from '../support/web-locks.js'

// Real timers: BroadcastChannel delivers on the event loop, outside any fake clock.
const { tasks } = useTaskServer({ durationMs: 1000, steps: 4 })
const backoff = {
  initialDelayMs: 100,
  factor: 1,
  maxDelayMs: 100,
  jitter: 'none',
  minDelayMs: 10,
} as const

/** Two tabs of one origin: two clients, the second resuming the first one's operation. */
async function twoTabs(job: object = {}) {
  const first = createClient({ baseUrl, backoff })
  const second = createClient({ baseUrl, backoff })
  const op = await first.start('/jobs', { json: { job } })
  return { op, other: second.resume(JSON.stringify(op)) }
}

const polls = () => tasks().requests.filter((request) => request.path === '/jobs/1')

describe('several tabs waiting on one operation', () => {
  beforeEach(() => {
    vi.stubGlobal('document', {})
    vi.stubGlobal('navigator', { locks: createLockManager() })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('polls from one tab only; the other receives its snapshots and its result', async () => {
    const { op, other } = await twoTabs()
    const seen: Snapshot[] = []
    const [first, second] = await Promise.all([
      op.wait(),
      other.wait({ onProgress: (snapshot) => seen.push(snapshot) }),
    ])
    expect(first).toEqual({ ok: true })
    expect(second).toEqual({ ok: true })
    // One poller every 100 ms over a one-second job: about ten polls, not twenty.
    expect(polls().length).toBeGreaterThanOrEqual(8)
    expect(polls().length).toBeLessThanOrEqual(13)
    expect(seen.filter((s) => s.state === 'pending').length).toBeGreaterThanOrEqual(5)
    expect(seen.at(-1)).toMatchObject({ state: 'succeeded', progress: 1 })
  })

  it('hands polling to the next tab when the polling tab goes away, without a gap', async () => {
    const { op, other } = await twoTabs()
    const leaving = new AbortController()
    const first = op.wait({ signal: leaving.signal })
    const second = other.wait()
    let pollsBeforeLeaving = 0
    setTimeout(() => {
      pollsBeforeLeaving = polls().length
      leaving.abort()
    }, 350)
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    await expect(second).resolves.toEqual({ ok: true })
    // One tab polled until it left (every 100 ms from 100 ms: 3 polls), not both.
    expect(pollsBeforeLeaving).toBeLessThanOrEqual(4)
    expect(polls().length).toBeLessThanOrEqual(13)
    const times = polls().map((request) => request.at)
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? at))
    // The next tab polls at once when it takes over: no gap longer than one poll interval.
    expect(Math.max(...gaps)).toBeLessThan(100 + 80)
  })

  it('shares a failure: both tabs reject with OperationFailedError, from one tab’s polls', async () => {
    const { op, other } = await twoTabs({ outcome: 'failed' })
    const [first, second] = await Promise.allSettled([op.wait(), other.wait()])
    for (const outcome of [first, second]) {
      expect(outcome.status).toBe('rejected')
      const error = (outcome as PromiseRejectedResult).reason as OperationFailedError
      expect(error).toBeInstanceOf(OperationFailedError)
      expect(error.url).toBe('https://api.example.com/jobs/1')
      expect(error.snapshot.state).toBe('failed')
    }
    expect(polls().length).toBeLessThanOrEqual(13)
  })

  it('lets each tab poll by itself where Web Locks are missing', async () => {
    vi.stubGlobal('navigator', {})
    const { op, other } = await twoTabs()
    await Promise.all([op.wait(), other.wait()])
    expect(polls().length).toBeGreaterThanOrEqual(16)
  })

  it('polls by itself where the page may not use Web Locks (a sandboxed iframe)', async () => {
    // An opaque origin, such as an iframe sandboxed without allow-same-origin, has
    // navigator.locks, but every request rejects with a SecurityError (Web Locks API, request()).
    const refuse = () =>
      Promise.reject(
        new DOMException('Access to the Locks API is denied in this context.', 'SecurityError'),
      )
    vi.stubGlobal('navigator', { locks: { request: refuse } })
    const { op } = await twoTabs()
    await expect(op.wait()).resolves.toEqual({ ok: true })
    expect(polls().length).toBeGreaterThanOrEqual(8)
  })

  it('lets each tab poll by itself with shareAcrossTabs: false', async () => {
    const first = createClient({ baseUrl, backoff, shareAcrossTabs: false })
    const second = createClient({ baseUrl, backoff, shareAcrossTabs: false })
    const op = await first.start('/jobs', { json: {} })
    await Promise.all([op.wait(), second.resume(JSON.stringify(op)).wait()])
    expect(polls().length).toBeGreaterThanOrEqual(16)
  })
})

describe('outside a page', () => {
  it('never shares, even with BroadcastChannel present (Node has one)', async () => {
    expect(typeof BroadcastChannel).toBe('function')
    const { op, other } = await twoTabs()
    await Promise.all([op.wait(), other.wait()])
    expect(polls().length).toBeGreaterThanOrEqual(16)
  })
})
