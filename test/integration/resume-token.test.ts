import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { type ClientOptions, createClient, type ResumeToken } from '../../src/index.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
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

describe('a resume token grants no trust', () => {
  const credentials = { authorization: 'Bearer secret' }
  const evil = 'https://evil.example.net'

  /** Authorization headers seen, per origin, by every request. */
  function serveAndRecord() {
    const seen: { origin: string; authorization: string | null }[] = []
    const note = (request: Request) =>
      seen.push({
        origin: new URL(request.url).origin,
        authorization: request.headers.get('authorization'),
      })
    let polls = 0
    server.use(
      http.post(at('/exports'), ({ request }) => {
        note(request)
        return new HttpResponse(null, { status: 202, headers: { location: '/exports/7' } })
      }),
      http.get(at('/exports/7'), ({ request }) => {
        note(request)
        polls++
        return HttpResponse.json(
          polls <= 3 ? { status: 'running' } : { status: 'succeeded', result: { rows: 3 } },
        )
      }),
      http.all(`${evil}/*`, ({ request }) => {
        note(request)
        return HttpResponse.json({ status: 'succeeded', result: { stolen: true } })
      }),
    )
    return seen
  }

  /** A token from a real submit, as it sits in storage. */
  async function storedToken(options: ClientOptions): Promise<ResumeToken> {
    const op = await createClient(options).start('/exports', { json: {} })
    return JSON.parse(JSON.stringify(op)) as ResumeToken
  }

  /** The same token after someone with write access to the storage edited it. */
  function tamper(token: ResumeToken): ResumeToken {
    return {
      ...token,
      statusUrl: `${evil}/collect/7`,
      target: `${evil}/collect/7`,
      submit: { ...token.submit, url: `${evil}/collect` },
    }
  }

  it.each<[string, ClientOptions]>([
    ['a client with a baseUrl', { baseUrl: origin, backoff, headers: credentials }],
    [
      'a client that also trusts another origin',
      {
        baseUrl: origin,
        backoff,
        headers: credentials,
        trustedOrigins: ['https://files.example.com'],
      },
    ],
  ])('%s sends no credential to an origin a tampered token names', async (_, options) => {
    const seen = serveAndRecord()
    const token = tamper(await storedToken(options))
    const op = createClient(options).resume(token)
    await outcomeWithin(op.wait(), 10_000)
    const toEvil = seen.filter((request) => request.origin === evil)
    expect(toEvil.length).toBeGreaterThan(0)
    expect(toEvil.map((request) => request.authorization)).toEqual(toEvil.map(() => null))
  })

  it('keeps sending the credential to the baseUrl origin for an untampered token', async () => {
    const options: ClientOptions = { baseUrl: origin, backoff, headers: credentials }
    const seen = serveAndRecord()
    const token = await storedToken(options)
    seen.length = 0
    const op = createClient(options).resume(token)
    expect(await outcomeWithin(op.wait(), 10_000)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
    expect(seen.length).toBe(4)
    expect(seen.every((request) => request.origin === origin)).toBe(true)
    expect(seen.map((request) => request.authorization)).toEqual(seen.map(() => 'Bearer secret'))
  })
})

describe('a token resumes where it was taken: sleeping or at the result link', () => {
  it('sleeping, then at the result link: each resumes where it stood', async () => {
    const job = serveJob({ pendingPolls: 1, downloadDelayMs: 3000 })
    const api = client()
    const op = await api.start('/jobs', { json: {} })
    const before = JSON.parse(JSON.stringify(op))
    const waiting = op.wait()
    await vi.advanceTimersByTimeAsync(2500)
    const atResult = JSON.parse(JSON.stringify(op))
    expect(atResult).toMatchObject({ stage: 'result' })
    await outcomeWithin(waiting, 5000)
    const pollsBefore = job.polls()
    expect(await outcomeWithin(api.resume(atResult).wait(), 5000)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
    expect(job.polls()).toBe(pollsBefore)
    expect(await outcomeWithin(api.resume(before).wait(), 5000)).toEqual({
      status: 'fulfilled',
      value: { rows: 3 },
    })
  })
})
