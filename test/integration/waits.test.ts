import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import { createClient, type Snapshot } from '../../src/index.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { jobServer } from '../support/serve-job.js'

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const serveJob = jobServer(server, origin)
const client = (timeoutMs?: number) =>
  createClient({ baseUrl: origin, backoff, ...(timeoutMs ? { timeoutMs } : {}) })

describe('several waits on one operation at once', () => {
  it('one aborts while sleeping, the others go on; nothing is left once all settle', async () => {
    const job = serveJob({ pendingPolls: 3 })
    const op = await client().start('/jobs', { json: {} })
    const leaving = new AbortController()
    const seenA: string[] = []
    const seenB: string[] = []
    const a = op.wait({ signal: leaving.signal, onProgress: (s) => seenA.push(s.state) })
    const b = op.wait({
      signal: new AbortController().signal,
      onProgress: (s) => seenB.push(s.state),
    })
    await vi.advanceTimersByTimeAsync(1500)
    leaving.abort()
    expect(await outcomeWithin(a, 0)).toMatchObject({ status: 'rejected' })
    expect(await outcomeWithin(b, 10_000)).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(seenA).toEqual(['pending'])
    expect(seenB).toEqual(['pending', 'pending', 'pending', 'succeeded'])
    expect(job.log.filter((l) => l === 'GET /jobs/1')).toHaveLength(4)
    expect(await timersLeft()).toBe(0)
  })

  it('an onProgress that throws ends its own wait only', async () => {
    serveJob({ pendingPolls: 3 })
    const op = await client().start('/jobs', { json: {} })
    const boom = new Error('render failed')
    const seen: string[] = []
    const a = op.wait({
      onProgress: () => {
        throw boom
      },
    })
    const b = op.wait({ onProgress: (s) => seen.push(s.state) })
    expect(await outcomeWithin(a, 1500)).toEqual({ status: 'rejected', reason: boom })
    expect(await outcomeWithin(b, 10_000)).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(seen).toEqual(['pending', 'pending', 'pending', 'succeeded'])
    expect(await timersLeft()).toBe(0)
  })

  it('a status schema that fails in one wait ends that wait only', async () => {
    serveJob({ pendingPolls: 2 })
    const op = await client().start('/jobs', { json: {} })
    const a = op.wait({ status: z.object({ status: z.literal('queued') }) })
    const b = op.wait({ status: z.object({ status: z.string() }) })
    const outcomeA = await outcomeWithin(a, 1500)
    expect(outcomeA?.status).toBe('rejected')
    expect(await outcomeWithin(b, 10_000)).toEqual({ status: 'fulfilled', value: { rows: 3 } })
  })

  it('an async onProgress that never resolves does not hold up the polls', async () => {
    const job = serveJob({ pendingPolls: 3 })
    const op = await client().start('/jobs', { json: {} })
    const waiting = op.wait({ onProgress: () => new Promise<void>(() => {}) })
    expect(await outcomeWithin(waiting, 10_000)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
    expect(job.polls()).toBe(4)
  })

  it('a wait after the outcome settles at once, with no request', async () => {
    const job = serveJob()
    const op = await client().start('/jobs', { json: {} })
    await outcomeWithin(op.wait(), 10_000)
    const before = job.log.length
    const seen: Snapshot[] = []
    expect(await outcomeWithin(op.wait({ onProgress: (s) => seen.push(s) }), 0)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
    expect(seen.map((s) => s.state)).toEqual(['succeeded'])
    expect(job.log.length).toBe(before)
    expect(await op.cancel()).toBe(false)
    expect(job.log.length).toBe(before)
  })
})

describe('a submit answer that is terminal already', () => {
  it('waits settle without a request; cancel sends nothing', async () => {
    const log: string[] = []
    server.use(
      http.post(at('/quick'), () => {
        log.push('POST')
        return HttpResponse.json({ status: 'succeeded', result: { n: 1 } })
      }),
    )
    const op = await client().start('/quick', { json: {} })
    const seen: string[] = []
    expect(await outcomeWithin(op.wait({ onProgress: (s) => seen.push(s.state) }), 0)).toEqual({
      status: 'fulfilled',
      value: { n: 1 },
    })
    expect(seen).toEqual(['succeeded'])
    expect(await op.cancel()).toBe(false)
    expect(log).toEqual(['POST'])
  })
})
