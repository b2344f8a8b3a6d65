import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { jobServer } from '../support/serve-job.js'

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const accepted = (location: string) => () =>
  new HttpResponse(null, { status: 202, headers: { location } })

const serveJob = jobServer(server, origin)
const client = (timeoutMs?: number) =>
  createClient({ baseUrl: origin, backoff, ...(timeoutMs ? { timeoutMs } : {}) })

describe('a terminal outcome is kept when the last waiter leaves', () => {
  /**
   * A report that runs for two polls, then names a one-shot download link: the link answers the
   * result once and 404 after that, as signed download URLs do.
   */
  function serveOneShotReport() {
    let polls = 0
    let downloads = 0
    server.use(
      http.post(at('/reports'), accepted('/reports/7')),
      http.get(at('/reports/7'), () => {
        polls++
        return polls <= 2
          ? HttpResponse.json({ status: 'running' })
          : HttpResponse.json({ status: 'completed', download_link: '/downloads/7?sig=abc' })
      }),
      http.get(at('/downloads/7'), () => {
        downloads++
        return downloads === 1
          ? HttpResponse.json({ rows: 3 })
          : new HttpResponse(null, { status: 404 })
      }),
    )
    return { polls: () => polls, downloads: () => downloads }
  }

  it('settles wait() with the result after a break at the terminal snapshot, without a second download', async () => {
    const report = serveOneShotReport()
    const op = await createClient({ baseUrl: origin, backoff }).start('/reports', { json: {} })
    const states: string[] = []
    const iterate = async () => {
      for await (const snap of op.snapshots()) {
        states.push(snap.state)
        if (snap.state !== 'pending') break
      }
    }
    expect(await outcomeWithin(iterate(), 10_000)).toEqual({
      status: 'fulfilled',
      value: undefined,
    })
    expect(states).toEqual(['pending', 'pending', 'succeeded'])
    const polls = report.polls()

    expect(await outcomeWithin(op.wait(), 10_000)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
    expect(report.downloads()).toBe(1)
    expect(report.polls()).toBe(polls)
  })

  it('settles wait() with the result after the snapshots ran out on their own', async () => {
    const report = serveOneShotReport()
    const op = await createClient({ baseUrl: origin, backoff }).start('/reports', { json: {} })
    const iterate = async () => {
      const states: string[] = []
      for await (const snap of op.snapshots()) states.push(snap.state)
      return states
    }
    expect(await outcomeWithin(iterate(), 10_000)).toEqual({
      status: 'fulfilled',
      value: ['pending', 'pending', 'succeeded'],
    })
    expect(await outcomeWithin(op.wait(), 10_000)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
    expect(report.downloads()).toBe(1)
  })
})

describe('leaving snapshots() early', () => {
  it('a throw inside the loop leaves a concurrent wait polling to the end', async () => {
    serveJob({ pendingPolls: 3 })
    const op = await client().start('/jobs', { json: {} })
    const other = op.wait()
    const iterate = async () => {
      for await (const snap of op.snapshots()) {
        if (snap.state === 'pending') throw new Error('stop here')
      }
    }
    expect((await outcomeWithin(iterate(), 1500))?.status).toBe('rejected')
    expect(await outcomeWithin(other, 10_000)).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(await timersLeft()).toBe(0)
  })

  it('a break as the only waiter stops polling and leaves no timer', async () => {
    const job = serveJob({ pendingPolls: 5 })
    const op = await client().start('/jobs', { json: {} })
    const iterate = async () => {
      for await (const _ of op.snapshots()) break
    }
    await outcomeWithin(iterate(), 1500)
    const polls = job.polls()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(job.polls()).toBe(polls)
    expect(await timersLeft()).toBe(0)
  })
})
