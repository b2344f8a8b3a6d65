import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient, HTTPError, NetworkError } from '../../src/index.js'
import { useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 2000, steps: 0 })
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

useFakeTime()

describe('transient failures', () => {
  it.each([408, 429, 500, 502, 503, 504])(
    'retries a status poll that answers %i',
    async (status) => {
      tasks().failNext({ count: 2, status, path: '/jobs/1' })
      const waiting = createClient({ baseUrl, backoff }).run('/jobs', { json: {} })
      await vi.advanceTimersByTimeAsync(20_000)
      await expect(waiting).resolves.toEqual({ ok: true })
      expect(tasks().requests.filter((r) => r.path === '/jobs/1').length).toBeGreaterThanOrEqual(3)
    },
  )

  it('waits for Retry-After between tries', async () => {
    tasks().failNext({ count: 1, status: 503, path: '/jobs/1', retryAfterSec: 7 })
    const api = createClient({ baseUrl, backoff })
    const waiting = api.run('/jobs', { json: { job: { durationMs: 500 } } })
    await vi.advanceTimersByTimeAsync(20_000)
    await waiting
    const polls = tasks()
      .requests.filter((r) => r.path === '/jobs/1')
      .map((r) => r.at)
    expect(polls.length).toBe(2)
    expect((polls[1] ?? 0) - (polls[0] ?? 0)).toBe(7000)
  })

  it('gives up after `retries` tries with the HTTPError of the last one, with no outage budget', async () => {
    tasks().failNext({ count: 10, status: 503, path: '/jobs/1' })
    const waiting = createClient({ baseUrl, backoff, retries: 2, maxOutageMs: 0 }).run('/jobs', {
      json: {},
    })
    const outcome = Promise.allSettled([waiting])
    await vi.advanceTimersByTimeAsync(20_000)
    const [result] = await outcome
    expect(result?.status).toBe('rejected')
    const error = (result as PromiseRejectedResult).reason as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(503)
    expect(tasks().count('GET', '/jobs/1')).toBe(3)
  })

  it('retries network errors', async () => {
    let failures = 1
    server.use(
      http.get('*/jobs/1', () => {
        if (failures-- > 0) return HttpResponse.error()
        return undefined
      }),
    )
    const waiting = createClient({ baseUrl, backoff }).run('/jobs', {
      json: { job: { durationMs: 500 } },
    })
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(waiting).resolves.toEqual({ ok: true })
    expect(failures).toBe(-1)
  })
})

describe('the submit', () => {
  it('is sent exactly once, even when it fails transiently', async () => {
    tasks().failNext({ count: 1, status: 503, method: 'POST' })
    const started = createClient({ baseUrl, backoff }).start('/jobs', { json: {} })
    await expect(started).rejects.toBeInstanceOf(HTTPError)
    expect(tasks().count('POST', '/v2/jobs')).toBe(1)
  })

  it('is not retried after a network error either', async () => {
    let posts = 0
    server.use(
      http.post('*/jobs', () => {
        posts += 1
        return HttpResponse.error()
      }),
    )
    const error = await createClient({ baseUrl, backoff })
      .start('/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ url: 'https://api.example.com/v2/jobs', attempts: 1 })
    expect((error as NetworkError).cause).toBeInstanceOf(TypeError)
    expect(posts).toBe(1)
  })

  it('is retried with the same Idempotency-Key when one is given', async () => {
    tasks().failNext({ count: 2, status: 503, method: 'POST' })
    const started = createClient({ baseUrl, backoff }).start('/jobs', {
      json: {},
      idempotencyKey: true,
    })
    await vi.advanceTimersByTimeAsync(5000)
    const op = await started
    expect(op.statusUrl).toBe('https://api.example.com/jobs/1')
    const keys = tasks()
      .requests.filter((r) => r.method === 'POST')
      .map((r) => r.headers['idempotency-key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("sends the caller's own idempotency key", async () => {
    await createClient({ baseUrl }).start('/jobs', { json: {}, idempotencyKey: 'order-42' })
    expect(tasks().requests[0]?.headers['idempotency-key']).toBe('order-42')
  })
})
