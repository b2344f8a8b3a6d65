import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, OperationCanceledError, PollTimeoutError } from '../../src/index.js'
import { useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { jobServer } from '../support/serve-job.js'
import { createLockManager } from '../support/web-locks.js'

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'

const serveJob = jobServer(server, origin)

describe('tabs sharing one operation: the outcome, a cancel, an abort and the deadline', () => {
  // Real timers: BroadcastChannel delivers on the event loop, outside any fake clock.
  beforeEach(() => {
    vi.useRealTimers()
    vi.stubGlobal('document', {})
    vi.stubGlobal('navigator', { locks: createLockManager() })
  })
  afterEach(() => vi.unstubAllGlobals())

  const tabBackoff = {
    initialDelayMs: 50,
    factor: 1,
    maxDelayMs: 50,
    jitter: 'none',
    minDelayMs: 10,
  } as const
  async function twoTabs(timeoutMs = 60_000) {
    const first = createClient({ baseUrl: origin, backoff: tabBackoff, timeoutMs })
    const second = createClient({ baseUrl: origin, backoff: tabBackoff, timeoutMs })
    const op = await first.start('/jobs', { json: {} })
    return { op, other: second.resume(JSON.stringify(op)) }
  }
  const sleepReal = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('once both tabs have the result, no tab polls or downloads again', async () => {
    const job = serveJob({ pendingPolls: 3 })
    const { op, other } = await twoTabs()
    const [a, b] = await Promise.all([op.wait(), other.wait()])
    expect(a).toEqual({ rows: 3 })
    expect(b).toEqual({ rows: 3 })
    const settledLog = [...job.log]
    await sleepReal(300)
    expect(job.log).toEqual(settledLog)
    expect(job.log.filter((l) => l === 'GET /files/1')).toHaveLength(1)
  })

  it('a cancel in the polling tab ends the listening tab with OperationCanceledError', async () => {
    const job = serveJob({ pendingPolls: 100 })
    const { op, other } = await twoTabs()
    const a = op.wait()
    const b = other.wait()
    const outcomes = Promise.allSettled([a, b])
    await sleepReal(120)
    expect(await op.cancel()).toBe(true)
    const [first, second] = await outcomes
    expect((first as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    const settledLog = [...job.log]
    await sleepReal(300)
    expect(job.log).toEqual(settledLog)
  })

  it('a listening tab that aborts leaves the polling tab going to the result', async () => {
    serveJob({ pendingPolls: 3 })
    const { op, other } = await twoTabs()
    const a = op.wait()
    const leaving = new AbortController()
    const b = other.wait({ signal: leaving.signal })
    const outcomes = Promise.allSettled([a, b])
    await sleepReal(70)
    leaving.abort()
    const [first, second] = await outcomes
    expect(first).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect((second as PromiseRejectedResult).reason).toMatchObject({ name: 'AbortError' })
  })

  it('the deadline passing in both tabs rejects both with PollTimeoutError, and polling stops', async () => {
    const job = serveJob({ pendingPolls: 1000 })
    const { op, other } = await twoTabs(300)
    const outcomes = await Promise.allSettled([op.wait(), other.wait()])
    for (const outcome of outcomes) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    }
    const settledLog = [...job.log]
    await sleepReal(300)
    expect(job.log).toEqual(settledLog)
  })
})
