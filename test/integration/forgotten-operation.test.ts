import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { type CheckOutcome, createClient, endsOperation, HTTPError } from '../../src/index.js'
import { rejection, settleWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

// A server that forgets an operation (a restart, an expired job record): its status location,
// which answered 200 before, now answers 404 or 410. RFC 9110 §15.5.11: 410 Gone is likely
// permanent, so the operation is over; §15.5.5: a 404 may be temporary, so it ends one wait or
// check only. wait() and check() give the same verdict for the same answer.

const { server } = useTaskServer()
useFakeTime(Date.UTC(2026, 11, 4))

const origin = 'https://api.example.com'
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const api = () => createClient({ baseUrl: origin, backoff })

/** A job whose status location answers `running` once, then `status` with a JSON error. */
function serveForgetting(status: number) {
  let polls = 0
  server.use(
    http.post(
      `${origin}/jobs`,
      () => new HttpResponse(null, { status: 202, headers: { location: `${origin}/jobs/1` } }),
    ),
    http.get(`${origin}/jobs/1`, () => {
      polls += 1
      return polls === 1
        ? HttpResponse.json({ status: 'running' })
        : HttpResponse.json({ error: { message: 'no such job' } }, { status })
    }),
  )
  return { polls: () => polls }
}

/** Checks a fresh operation twice: a `running`, then the answer that forgets it. */
async function checkOutcome(): Promise<Extract<CheckOutcome, { state: 'ended' }>> {
  const token = (await api().start('/jobs', { json: {} })).toJSON()
  await vi.advanceTimersByTimeAsync(1000)
  const first = await api().check(token)
  expect(first.state).toBe('pending')
  await vi.advanceTimersByTimeAsync(1000)
  const second = await api().check(first.token)
  expect(second.state).toBe('ended')
  return second as Extract<CheckOutcome, { state: 'ended' }>
}

describe('a status location that answered, then 410 Gone', () => {
  it('rejects wait() with the HTTPError at once, and keeps it: a later wait() sends nothing', async () => {
    const server = serveForgetting(410)
    const op = await api().start('/jobs', { json: {} })
    const error = rejection(await settleWithin(op.wait(), 5000)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(410)
    expect(error.message).toMatch(
      /no such job; the status location answered before: the server says the operation is gone for good$/,
    )
    expect(endsOperation(error)).toBe(true)
    expect(server.polls()).toBe(2)
    const again = rejection(await settleWithin(op.wait(), 5000))
    expect(again).toBe(error)
    expect(server.polls()).toBe(2)
  })

  it('ends check() with the same HTTPError, final', async () => {
    serveForgetting(410)
    const outcome = await checkOutcome()
    expect((outcome.error as HTTPError).response.status).toBe(410)
    expect((outcome.error as HTTPError).message).toContain('gone for good')
    expect(outcome.final).toBe(true)
  })
})

describe('a status location that answered, then 404 Not Found', () => {
  it('rejects wait() with the HTTPError at once, not for good: a later wait() polls again', async () => {
    const server = serveForgetting(404)
    const op = await api().start('/jobs', { json: {} })
    const error = rejection(await settleWithin(op.wait(), 5000)) as HTTPError
    expect(error.response.status).toBe(404)
    expect(error.message).toContain(
      '; the status location answered before: the server no longer knows the operation (a restart, an expired record), perhaps for a while',
    )
    expect(endsOperation(error)).toBe(false)
    expect(server.polls()).toBe(2)
    const again = rejection(await settleWithin(op.wait(), 5000)) as HTTPError
    expect(again.response.status).toBe(404)
    expect(server.polls()).toBe(3)
  })

  it('ends check() with the same HTTPError, not final', async () => {
    serveForgetting(404)
    const outcome = await checkOutcome()
    expect((outcome.error as HTTPError).response.status).toBe(404)
    expect((outcome.error as HTTPError).message).toContain(
      'the server no longer knows the operation',
    )
    expect(outcome.final).toBe(false)
  })

  it('says nothing of the kind of a status location that never answered, once its grace is spent', async () => {
    server.use(
      http.post(
        `${origin}/jobs`,
        () => new HttpResponse(null, { status: 202, headers: { location: `${origin}/jobs/2` } }),
      ),
      http.get(`${origin}/jobs/2`, () => new HttpResponse(null, { status: 404 })),
    )
    const op = await createClient({ baseUrl: origin, backoff, notReadyGraceMs: 1500 }).start(
      '/jobs',
      { json: {} },
    )
    const error = rejection(await settleWithin(op.wait(), 5000)) as HTTPError
    expect(error.response.status).toBe(404)
    expect(error.message).not.toContain('answered before')
  })
})

describe('the same answer, the same verdict', () => {
  it.each([404, 410, 403])(
    '%i: check() is final exactly when wait() keeps its error',
    async (status) => {
      const first = serveForgetting(status)
      const op = await api().start('/jobs', { json: {} })
      const error = rejection(await settleWithin(op.wait(), 5000))
      await settleWithin(op.wait(), 5000)
      const kept = first.polls() === 2
      serveForgetting(status)
      const outcome = await checkOutcome()
      expect(outcome.error).toBeInstanceOf(HTTPError)
      expect(outcome.final).toBe(kept)
      expect(endsOperation(error)).toBe(kept)
    },
  )
})
