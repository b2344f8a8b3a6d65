import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient, PollTimeoutError } from '../../src/index.js'
import {
  type Answer,
  at,
  auto,
  azureDetected,
  azureResource,
  backoff,
  type Convention,
  conventionServer,
  empty,
  generic,
  googleDetected,
  json,
  origin,
  reasonOf,
  startOn,
} from '../support/conventions.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { bothWithin, jobServer } from '../support/serve-job.js'

const { server } = useTaskServer()
useFakeTime()
const serve = conventionServer(server)
const serveJob = jobServer(server, origin)
const client = (timeoutMs?: number) =>
  createClient({ baseUrl: origin, backoff, ...(timeoutMs ? { timeoutMs } : {}) })

describe('the deadline ends every wait, sleeping or with a request in flight', () => {
  it('fires while sleeping: every wait rejects with PollTimeoutError at the deadline', async () => {
    serveJob({ pendingPolls: 100 })
    const op = await client(2500).start('/jobs', { json: {} })
    const a = op.wait()
    const b = op.wait({ signal: new AbortController().signal })
    expect(await outcomeWithin(a, 2400)).toBeUndefined()
    for (const outcome of await bothWithin(a, b, 200)) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    }
    expect(await timersLeft()).toBe(0)
  })

  it('fires while a request is in flight', async () => {
    serveJob({ pendingPolls: 100, statusDelayMs: 5000 })
    const op = await client(2500).start('/jobs', { json: {} })
    const a = op.wait()
    expect(await outcomeWithin(a, 2400)).toBeUndefined()
    const outcome = await outcomeWithin(a, 200)
    expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    // A later wait settles with the same timeout at once.
    const later = await outcomeWithin(op.wait(), 0)
    expect((later as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    await vi.advanceTimersByTimeAsync(5000)
    expect(await timersLeft()).toBe(0)
  })
})

describe('a PollTimeoutError says the last HTTP status and URL it saw', () => {
  const rows: { name: string; convention: Convention; answer: Answer; httpStatus: number }[] = [
    { name: 'auto, 202 forever', convention: auto, answer: empty(202), httpStatus: 202 },
    ...[generic, azureDetected, azureResource, googleDetected].map((convention) => ({
      name: `${convention.name}, running forever`,
      convention,
      answer: json(convention.running),
      httpStatus: 200,
    })),
  ]

  it.each(rows)('$name', async ({ convention, answer, httpStatus }) => {
    serve(convention, [answer])
    const op = await startOn(convention, { timeoutMs: 5_000 })
    const error = reasonOf(await outcomeWithin(op.wait(), 6_000))
    expect(error).toBeInstanceOf(PollTimeoutError)
    const timeout = error as PollTimeoutError
    expect(timeout.lastAnswer).toEqual({ httpStatus, url: convention.statusUrl })
    expect(timeout.message).toContain(String(httpStatus))
    expect(timeout.message).toContain(convention.statusUrl)
  })

  it("`protocol: 'result'` polling a URL that answers 404 until the deadline", async () => {
    server.use(
      http.post(at('/results'), empty(202, { location: '/results/8' })),
      http.get(at('/results/8'), empty(404)),
    )
    const client = createClient({ baseUrl: origin, backoff, protocol: 'result', timeoutMs: 5_000 })
    const op = await client.start('/results')
    const error = reasonOf(await outcomeWithin(op.wait(), 6_000)) as PollTimeoutError
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(error.lastAnswer).toEqual({ httpStatus: 404, url: at('/results/8') })
    expect(error.message).toContain('404')
    expect(error.message).toContain(at('/results/8'))
  })
})
