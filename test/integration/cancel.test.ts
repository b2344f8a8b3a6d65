import { describe, expect, it, vi } from 'vitest'
import { createClient, OperationCanceledError } from '../../src/index.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { bothWithin, jobServer } from '../support/serve-job.js'

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const serveJob = jobServer(server, origin)
const client = (timeoutMs?: number) =>
  createClient({ baseUrl: origin, backoff, ...(timeoutMs ? { timeoutMs } : {}) })

describe('cancel() at every stage', () => {
  it('before any wait: DELETE once, waits reject with OperationCanceledError, a second cancel sends nothing', async () => {
    const job = serveJob()
    const op = await client().start('/jobs', { json: {} })
    expect(await op.cancel()).toBe(true)
    expect(await op.cancel()).toBe(false)
    const outcome = await outcomeWithin(op.wait(), 5000)
    expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    expect(job.log).toEqual(['POST /jobs', 'DELETE /jobs/1'])
  })

  it('while sleeping: every wait rejects, each listener sees the canceled snapshot, no timer left', async () => {
    const job = serveJob({ pendingPolls: 5 })
    const op = await client().start('/jobs', { json: {} })
    const seenA: string[] = []
    const seenB: string[] = []
    const a = op.wait({ onProgress: (s) => seenA.push(s.state) })
    const b = op.wait({
      signal: new AbortController().signal,
      onProgress: (s) => seenB.push(s.state),
    })
    await vi.advanceTimersByTimeAsync(1500)
    const outcomes = bothWithin(a, b, 0)
    expect(await op.cancel()).toBe(true)
    for (const outcome of await outcomes) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    }
    expect(seenA).toEqual(['pending', 'canceled'])
    expect(seenB).toEqual(['pending', 'canceled'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(job.log).toEqual(['POST /jobs', 'GET /jobs/1', 'DELETE /jobs/1'])
    expect(await timersLeft()).toBe(0)
  })

  it('while a status request is in flight: the request is dropped, waits reject at once', async () => {
    const job = serveJob({ pendingPolls: 5, statusDelayMs: 3000 })
    const op = await client().start('/jobs', { json: {} })
    const a = op.wait()
    await vi.advanceTimersByTimeAsync(1500)
    const canceling = op.cancel()
    expect(((await outcomeWithin(a, 0)) as PromiseRejectedResult).reason).toBeInstanceOf(
      OperationCanceledError,
    )
    expect(await outcomeWithin(canceling, 0)).toEqual({ status: 'fulfilled', value: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(job.log).toEqual(['POST /jobs', 'GET /jobs/1', 'DELETE /jobs/1'])
    expect(await timersLeft()).toBe(0)
  })

  it('while the result link is being fetched: waits reject canceled, DELETE goes to the status URL', async () => {
    const job = serveJob({ pendingPolls: 1, downloadDelayMs: 3000 })
    const op = await client().start('/jobs', { json: {} })
    const a = op.wait()
    await vi.advanceTimersByTimeAsync(2500)
    expect(job.log.at(-1)).toBe('GET /files/1')
    const waited = outcomeWithin(a, 0)
    expect(await outcomeWithin(op.cancel(), 0)).toEqual({ status: 'fulfilled', value: true })
    expect(((await waited) as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    expect(job.log.at(-1)).toBe('DELETE /jobs/1')
    // The mock's own delay for the dropped download runs out.
    await vi.advanceTimersByTimeAsync(5000)
    expect(await timersLeft()).toBe(0)
  })

  it('after the last wait aborted: DELETE, and a later wait rejects canceled without polling', async () => {
    const job = serveJob({ pendingPolls: 5 })
    const op = await client().start('/jobs', { json: {} })
    const leaving = new AbortController()
    const a = op.wait({ signal: leaving.signal })
    await vi.advanceTimersByTimeAsync(1500)
    leaving.abort()
    await outcomeWithin(a, 0)
    expect(await outcomeWithin(op.cancel(), 0)).toEqual({ status: 'fulfilled', value: true })
    const later = await outcomeWithin(op.wait(), 5000)
    expect((later as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    expect(job.log).toEqual(['POST /jobs', 'GET /jobs/1', 'DELETE /jobs/1'])
  })
})
