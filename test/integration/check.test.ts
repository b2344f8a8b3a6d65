import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import {
  type CheckOutcome,
  createClient,
  OperationFailedError,
  PollTimeoutError,
  type ResumeToken,
} from '../../src/index.js'
import { timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

// One step at a time, driven from outside: a check makes one exchange and hands back the token to
// check with next, and when; nothing sleeps in between.

const { server } = useTaskServer()
useFakeTime(Date.UTC(2026, 11, 4))

const origin = 'https://api.example.com'
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

function serve(statuses: unknown[]) {
  const polls: number[] = []
  server.use(
    http.post(
      `${origin}/jobs`,
      () => new HttpResponse(null, { status: 202, headers: { location: `${origin}/jobs/1` } }),
    ),
    http.get(`${origin}/jobs/1`, () => {
      polls.push(Date.now())
      return HttpResponse.json(statuses[Math.min(polls.length, statuses.length) - 1] as object)
    }),
  )
  return polls
}

const api = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ baseUrl: origin, backoff, ...options })

async function submit(client = api()): Promise<ResumeToken> {
  return (await client.start('/jobs', { json: {} })).toJSON()
}

function pending(outcome: CheckOutcome): Extract<CheckOutcome, { state: 'pending' }> {
  expect(outcome.state).toBe('pending')
  return outcome as Extract<CheckOutcome, { state: 'pending' }>
}

describe('api.check(token)', () => {
  it('sends nothing before the check is due, and says when it is', async () => {
    const polls = serve([{ status: 'running' }])
    const token = await submit()
    const early = pending(await api().check(token))
    expect(polls).toHaveLength(0)
    expect(early.checkAt).toBe(Date.now() + 1000)
    expect(early.token).toEqual(token)
  })

  it('makes one exchange when due, and hands on the next token and time', async () => {
    const polls = serve([
      { status: 'running', progress: 0.4 },
      { status: 'done', result: 7 },
    ])
    const token = await submit()
    vi.setSystemTime(Date.now() + 1000)
    const first = pending(await api().check(token))
    expect(polls).toHaveLength(1)
    expect(first.snapshot?.progress).toBe(0.4)
    expect(first.checkAt).toBe(Date.now() + 1000)
    expect(await timersLeft()).toBe(0)
    vi.setSystemTime(first.checkAt)
    const done = await api().check(first.token, { result: z.number() })
    expect(done).toMatchObject({ state: 'succeeded', result: 7 })
    expect(polls).toHaveLength(2)
  })

  it('checks the same token again after a crash: the same exchange, the same or a later state', async () => {
    const polls = serve([
      { status: 'running' },
      { status: 'running' },
      { status: 'done', result: 1 },
    ])
    const token = await submit()
    vi.setSystemTime(Date.now() + 1000)
    const once = pending(await api().check(token))
    const again = pending(await api().check(token))
    expect(again.token.attempt).toBe(once.token.attempt)
    expect(polls).toHaveLength(2)
  })

  it('ends with the server verdict, final', async () => {
    serve([{ status: 'failed', error: 'disk full' }])
    const token = await submit()
    vi.setSystemTime(Date.now() + 1000)
    const outcome = await api().check(token)
    expect(outcome).toMatchObject({ state: 'ended', final: true })
    expect((outcome as { error: unknown }).error).toBeInstanceOf(OperationFailedError)
  })

  it('ends at the deadline, final, without a request', async () => {
    const polls = serve([{ status: 'running' }])
    const token = await submit(api({ timeoutMs: 5000 }))
    vi.setSystemTime(Date.now() + 6000)
    const outcome = await api().check(token)
    expect(outcome).toMatchObject({ state: 'ended', final: true })
    expect((outcome as { error: unknown }).error).toBeInstanceOf(PollTimeoutError)
    expect(polls).toHaveLength(0)
  })

  it('stays pending through an outage within its budget, and ends, not final, past it', async () => {
    server.use(
      http.post(
        `${origin}/jobs`,
        () => new HttpResponse(null, { status: 202, headers: { location: `${origin}/down/1` } }),
      ),
      http.get(`${origin}/down/1`, () => new HttpResponse(null, { status: 503 })),
    )
    const token = await submit()
    vi.setSystemTime(Date.now() + 1000)
    const riding = pending(await api({ retries: 0 }).check(token))
    expect(riding.checkAt).toBeGreaterThan(Date.now())
    vi.setSystemTime(riding.checkAt)
    const over = await api({ retries: 0, maxOutageMs: 0 }).check(riding.token)
    expect(over).toMatchObject({ state: 'ended', final: false })
  })

  it('refuses a malformed token with a TypeError', async () => {
    await expect(api().check({ nope: true })).rejects.toBeInstanceOf(TypeError)
  })
})
