import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { timersLeft, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks } = useTaskServer({ durationMs: 5000, steps: 0 })
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const api = () => createClient({ baseUrl, backoff })

useFakeTime()

describe('abort', () => {
  it('rejects at once with the signal reason while sleeping, and sends nothing after', async () => {
    const op = await api().start('/jobs', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal })
    await vi.advanceTimersByTimeAsync(1500)
    expect(tasks().count('GET', '/jobs/1')).toBe(1)

    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tasks().count('GET', '/jobs/1')).toBe(1)
  })

  it('rejects with a custom reason as given', async () => {
    const op = await api().start('/jobs', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal })
    const reason = new Error('user closed the dialog')
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
  })

  it('rejects at once while a request is in flight', async () => {
    // The status location takes 20 s to answer: the abort lands while the request is open.
    const op = await api().start('/jobs', { json: { job: { latencyMs: 20_000 } } })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal })
    await vi.advanceTimersByTimeAsync(1500)
    expect(tasks().count('GET', '/jobs/1')).toBe(1)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(tasks().count('GET', '/jobs/1')).toBe(1)
  })

  it('rejects at once for a signal that is already aborted, sending nothing', async () => {
    const op = await api().start('/jobs', { json: {} })
    await expect(op.wait({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    })
    expect(tasks().count('GET', '/jobs/1')).toBe(0)
    expect(await timersLeft()).toBe(0)
  })

  it('does not poison the operation: a later wait goes on polling and resolves', async () => {
    const op = await api().start('/jobs', { json: {} })
    const first = new AbortController()
    const aborted = op.wait({ signal: first.signal })
    await vi.advanceTimersByTimeAsync(2500)
    first.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    const pollsBefore = tasks().count('GET', '/jobs/1')

    const again = op.wait({ signal: new AbortController().signal })
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(again).resolves.toEqual({ ok: true })
    expect(tasks().count('GET', '/jobs/1')).toBeGreaterThan(pollsBefore)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps polling for the other waiters when one of two aborts', async () => {
    const op = await api().start('/jobs', { json: {} })
    const leaving = new AbortController()
    const left = op.wait({ signal: leaving.signal })
    const staying = op.wait()
    await vi.advanceTimersByTimeAsync(1500)
    leaving.abort()
    await expect(left).rejects.toMatchObject({ name: 'AbortError' })
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(staying).resolves.toEqual({ ok: true })
    // One loop served both waits: one poll a second until the job ended at 5 s.
    expect(tasks().count('GET', '/jobs/1')).toBe(5)
  })

  it('aborts the submit', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      api().start('/jobs', { json: {}, signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('settles every later wait at once with the same outcome, without polling again', async () => {
    const op = await api().start('/jobs', { json: {} })
    const first = op.wait()
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(first).resolves.toEqual({ ok: true })
    const polls = tasks().requests.length
    await expect(op.wait()).resolves.toEqual({ ok: true })
    expect(tasks().requests.length).toBe(polls)
  })
})
