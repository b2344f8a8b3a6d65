import { delay, HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import * as z from 'zod'
import {
  type ClientOptions,
  createClient,
  OperationCanceledError,
  PollTimeoutError,
  type PollwiseClient,
  type ResumeToken,
  type Snapshot,
} from '../../src/index.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { createLockManager } from '../support/web-locks.js'

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

// The lifecycle across its stages (before a wait, sleeping, a request in flight, the result link),
// with several waits at once, each with its own signal and listener.

/**
 * A job that is running for `pendingPolls` polls, then completed with a download link. Every
 * request is logged; `statusDelayMs` / `downloadDelayMs` keep a request in flight that long.
 */
function serveJob(
  options: {
    pendingPolls?: number
    statusDelayMs?: number
    downloadDelayMs?: number
    cancelStatus?: number
  } = {},
) {
  const { pendingPolls = 2, statusDelayMs = 0, downloadDelayMs = 0, cancelStatus = 202 } = options
  const log: string[] = []
  let polls = 0
  let canceled = false
  server.use(
    http.post(at('/jobs'), () => {
      log.push('POST /jobs')
      return new HttpResponse(null, { status: 202, headers: { location: '/jobs/1' } })
    }),
    http.get(at('/jobs/1'), async () => {
      log.push('GET /jobs/1')
      polls++
      if (statusDelayMs) await delay(statusDelayMs)
      if (canceled) return HttpResponse.json({ status: 'canceled' })
      return polls <= pendingPolls
        ? HttpResponse.json({ status: 'running', progress: polls / (pendingPolls + 1) })
        : HttpResponse.json({ status: 'completed', download_link: '/files/1' })
    }),
    http.delete(at('/jobs/1'), () => {
      log.push('DELETE /jobs/1')
      canceled = cancelStatus < 300
      return new HttpResponse(null, { status: cancelStatus })
    }),
    http.get(at('/files/1'), async () => {
      log.push('GET /files/1')
      if (downloadDelayMs) await delay(downloadDelayMs)
      return HttpResponse.json({ rows: 3 })
    }),
  )
  return { log, polls: () => polls }
}

/** Both outcomes, handled from the start so that neither rejection goes unhandled meanwhile. */
async function bothWithin<T>(a: Promise<T>, b: Promise<T>, ms: number) {
  const settled = Promise.allSettled([a, b])
  await vi.advanceTimersByTimeAsync(ms)
  return settled
}

const client = (timeoutMs?: number) =>
  createClient({ baseUrl: origin, backoff, ...(timeoutMs ? { timeoutMs } : {}) })

describe('several waits at once', () => {
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

describe('snapshots()', () => {
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

describe('resume() of a token taken at each stage', () => {
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

describe('the deadline', () => {
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

describe('tabs sharing one operation', () => {
  // Real timers: BroadcastChannel delivers on the event loop, outside any fake clock.
  beforeEach(() => {
    vi.useRealTimers()
    vi.stubGlobal('document', {})
    vi.stubGlobal('navigator', { locks: createLockManager() })
  })
  afterEach(() => vi.unstubAllGlobals())

  const tabBackoff = {
    initialDelayMs: 50,
    factor: 1,
    maxDelayMs: 50,
    jitter: 'none',
    minDelayMs: 10,
  } as const
  async function twoTabs(timeoutMs = 60_000) {
    const first = createClient({ baseUrl: origin, backoff: tabBackoff, timeoutMs })
    const second = createClient({ baseUrl: origin, backoff: tabBackoff, timeoutMs })
    const op = await first.start('/jobs', { json: {} })
    return { op, other: second.resume(JSON.stringify(op)) }
  }
  const sleepReal = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('once both tabs have the result, no tab polls or downloads again', async () => {
    const job = serveJob({ pendingPolls: 3 })
    const { op, other } = await twoTabs()
    const [a, b] = await Promise.all([op.wait(), other.wait()])
    expect(a).toEqual({ rows: 3 })
    expect(b).toEqual({ rows: 3 })
    const settledLog = [...job.log]
    await sleepReal(300)
    expect(job.log).toEqual(settledLog)
    expect(job.log.filter((l) => l === 'GET /files/1')).toHaveLength(1)
  })

  it('a cancel in the polling tab ends the listening tab with OperationCanceledError', async () => {
    const job = serveJob({ pendingPolls: 100 })
    const { op, other } = await twoTabs()
    const a = op.wait()
    const b = other.wait()
    const outcomes = Promise.allSettled([a, b])
    await sleepReal(120)
    expect(await op.cancel()).toBe(true)
    const [first, second] = await outcomes
    expect((first as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(OperationCanceledError)
    const settledLog = [...job.log]
    await sleepReal(300)
    expect(job.log).toEqual(settledLog)
  })

  it('a listening tab that aborts leaves the polling tab going to the result', async () => {
    serveJob({ pendingPolls: 3 })
    const { op, other } = await twoTabs()
    const a = op.wait()
    const leaving = new AbortController()
    const b = other.wait({ signal: leaving.signal })
    const outcomes = Promise.allSettled([a, b])
    await sleepReal(70)
    leaving.abort()
    const [first, second] = await outcomes
    expect(first).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect((second as PromiseRejectedResult).reason).toMatchObject({ name: 'AbortError' })
  })

  it('the deadline passing in both tabs rejects both with PollTimeoutError, and polling stops', async () => {
    const job = serveJob({ pendingPolls: 1000 })
    const { op, other } = await twoTabs(300)
    const outcomes = await Promise.allSettled([op.wait(), other.wait()])
    for (const outcome of outcomes) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PollTimeoutError)
    }
    const settledLog = [...job.log]
    await sleepReal(300)
    expect(job.log).toEqual(settledLog)
  })
})
