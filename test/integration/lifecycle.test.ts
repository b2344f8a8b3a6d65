import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import * as z from 'zod'
import {
  type ClientOptions,
  createClient,
  type PollwiseClient,
  type ResumeToken,
  type Snapshot,
} from '../../src/index.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

// Defects a new user meets in the first hour: a result lost after `break`, an orphan task left by
// a bad option, a status typed as always there, and a resume token that decides where the
// credentials go.

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const accepted = (location: string) => () =>
  new HttpResponse(null, { status: 202, headers: { location } })

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

describe('every option is checked before anything is sent', () => {
  const seen: string[] = []
  const record = ({ request }: { request: Request }) => {
    seen.push(`${request.method} ${request.url}`)
  }
  beforeEach(() => {
    seen.length = 0
    server.events.on('request:start', record)
    server.use(
      http.post(at('/reports'), accepted('/reports/7')),
      http.get(at('/reports/7'), () => HttpResponse.json({ status: 'succeeded', result: 1 })),
    )
  })
  afterEach(() => {
    server.events.removeListener('request:start', record)
  })

  const api = () => createClient({ baseUrl: origin, backoff })
  // Wrong on purpose: what a JavaScript caller, or a caller past a cast, can pass.
  const bad = <T>(value: unknown) => value as T

  it.each([
    ['a string as onProgress', 'onProgress', { onProgress: bad<never>('render') }],
    ['an object that is not a schema as status', 'status', { status: bad<never>({}) }],
    [
      'a parse-only object as result',
      'result',
      { result: bad<never>({ parse: (value: unknown) => value }) },
    ],
    ['a string as result', 'result', { result: bad<never>('Report') }],
  ])('run() refuses %s with a TypeError, and sends nothing', async (_, option, options) => {
    const attempt = async () => api().run('/reports', { json: {}, ...options })
    const error = await attempt().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toContain(option)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(seen).toEqual([])
  })

  it.each([
    ['a method with a path in it', 'method', { method: 'GET /x' }],
    ['an unknown finalStateVia', 'finalStateVia', { finalStateVia: bad<never>('somewhere') }],
  ])('start() refuses %s with a TypeError, and sends nothing', async (_, option, options) => {
    const attempt = async () => api().start('/reports', { json: {}, ...options })
    const error = await attempt().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toContain(option)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(seen).toEqual([])
  })

  it('run() refuses a bad method the same way', async () => {
    const attempt = async () => api().run('/reports', { json: {}, method: 'GET /x' })
    await expect(attempt()).rejects.toThrow(TypeError)
    expect(seen).toEqual([])
  })

  it('sends the submit once the options are good (the recorder sees requests)', async () => {
    const outcome = await outcomeWithin(api().run('/reports', { json: {} }), 5_000)
    expect(outcome).toEqual({ status: 'fulfilled', value: 1 })
    expect(seen[0]).toBe(`POST ${at('/reports')}`)
  })
})

describe('Snapshot.status is undefined where no status body came', () => {
  function serveHttpDriven(final: () => Response) {
    let polls = 0
    server.use(
      http.post(at('/renders'), accepted('/renders/7')),
      http.get(at('/renders/7'), () => {
        polls++
        return polls <= 2 ? new HttpResponse(null, { status: 202 }) : final()
      }),
      http.get(at('/renders/7/output'), () => HttpResponse.json({ frames: 24 })),
    )
  }

  it.each([
    ['200 with the result itself', () => HttpResponse.json({ frames: 24 })],
    [
      '303 to the result',
      () => new HttpResponse(null, { status: 303, headers: { location: '/renders/7/output' } }),
    ],
  ])('202 without a body, then %s', async (_, final) => {
    serveHttpDriven(final)
    const snapshots: Snapshot[] = []
    const run = createClient({ baseUrl: origin, backoff }).run('/renders', {
      json: {},
      onProgress: (snap) => snapshots.push(snap),
    })
    expect(await outcomeWithin(run, 10_000)).toEqual({
      status: 'fulfilled',
      value: { frames: 24 },
    })
    expect(snapshots.map((snap) => snap.state)).toEqual(['pending', 'pending', 'succeeded'])
    expect(snapshots.slice(0, 2).map((snap) => snap.httpStatus)).toEqual([202, 202])
    for (const snap of snapshots) expect(snap.status).toBeUndefined()
  })

  it('stays undefined with a status schema, which has no status body to validate', async () => {
    serveHttpDriven(() => HttpResponse.json({ frames: 24 }))
    const statuses: unknown[] = []
    const run = createClient({ baseUrl: origin, backoff }).run('/renders', {
      json: {},
      status: z.object({ status: z.string() }),
      onProgress: (snap) => statuses.push(snap.status),
    })
    expect(await outcomeWithin(run, 10_000)).toEqual({
      status: 'fulfilled',
      value: { frames: 24 },
    })
    expect(statuses).toEqual([undefined, undefined, undefined])
  })

  it('is typed as possibly undefined, so reading through it does not compile', () => {
    expectTypeOf<undefined>().toExtend<Snapshot['status']>()
    expectTypeOf<Snapshot<{ status: string }>['status']>().toEqualTypeOf<
      { status: string } | undefined
    >()
    // Functions, never called: the types are the point.
    const render = (snap: Snapshot<{ status: string }>) =>
      // @ts-expect-error `status` is undefined for a 202 without a body or a 200 with the result
      snap.status.status
    const waitAndRender = (api: PollwiseClient) =>
      api.run('/r', {
        status: z.object({ status: z.string() }),
        onProgress: (snap) => {
          expectTypeOf(snap.status).toEqualTypeOf<{ status: string } | undefined>()
          // @ts-expect-error the demo's pattern: it must not compile, since it would crash
          return snap.status.status
        },
      })
    expectTypeOf(render).toBeFunction()
    expectTypeOf(waitAndRender).toBeFunction()
  })
})

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
