import { type ChildProcess, spawn } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Queue, Worker } from 'bullmq'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { enqueueOperation, operationProcessor } from '../../src/bullmq/index.js'
import {
  type CheckOutcome,
  type ClientOptions,
  createClient,
  endsOperation,
  HTTPError,
  NetworkError,
  OperationFailedError,
  PollTimeoutError,
  type ResumeToken,
  TimeoutError,
} from '../../src/index.js'
import { hasRedis, type RunningRedis, startRedis } from '../support/redis.js'

// Fault scripts a long wait meets in the field, over real sockets on 127.0.0.1: a server that goes
// away and comes back on the same port, answers cut short or never sent, proxies answering 5xx
// pages, a server that restarts and forgets the operation, a client process killed mid-wait and
// resumed by another, and the one-step check through all of it.

/** A fault a request meets; an object is an error answer with a JSON body. */
type Fault = 'reset' | 'half' | 'hang' | 502 | 503 | 504 | { code: number; json: unknown }

interface Job {
  readyAt: number
  readonly result: unknown
  readonly failure?: unknown
  /** Faults the next status reads meet, one each, before they are answered again. */
  readonly faults: Fault[]
  /** Likewise for the result downloads. */
  readonly resultFaults: Fault[]
}

interface Seen {
  readonly method: string
  readonly path: string
  readonly at: number
  readonly authorization: string | undefined
}

/** A job server that can go down and listen again on the same port, and forget its jobs. */
class JobServer {
  readonly jobs = new Map<string, Job>()
  readonly seen: Seen[] = []
  port = 0
  #server: Server | undefined
  #next = 0

  constructor(readonly host: string) {}

  get url(): string {
    return `http://${this.host}:${this.port}`
  }

  count(method: string, prefix = '/'): number {
    return this.seen.filter(
      (request) => request.method === method && request.path.startsWith(prefix),
    ).length
  }

  add(
    job: { ms: number; result?: unknown; failure?: unknown } & Partial<
      Pick<Job, 'faults' | 'resultFaults'>
    >,
  ): string {
    this.#next += 1
    const id = `${this.host}-${this.#next}`
    this.jobs.set(id, {
      readyAt: Date.now() + job.ms,
      result: job.result ?? { id },
      failure: job.failure,
      faults: job.faults ?? [],
      resultFaults: job.resultFaults ?? [],
    })
    return id
  }

  async up(): Promise<void> {
    const server = createServer((request, response) => this.#handle(request, response))
    await new Promise<void>((resolve) => server.listen(this.port, this.host, resolve))
    this.port = (server.address() as AddressInfo).port
    this.#server = server
  }

  /** Gone: open connections reset, the port refuses new ones. */
  async down(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (!server) return
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '/'
    const { method = 'GET', headers } = request
    this.seen.push({ method, path, at: performance.now(), authorization: headers.authorization })
    request.resume()
    const json = (code: number, body: unknown, extra: Record<string, string> = {}) => {
      response.writeHead(code, { 'content-type': 'application/json', ...extra })
      response.end(JSON.stringify(body))
    }
    if (method === 'POST' && path === '/jobs') {
      const id = this.add({ ms: 60_000 })
      json(202, { status: 'queued' }, { location: `/jobs/${id}` })
      return
    }
    const job = this.jobs.get(path.replace(/^\/(jobs|results)\//, ''))
    if (!job) {
      json(404, { error: 'no such job' })
      return
    }
    const result = path.startsWith('/results/')
    const fault = (result ? job.resultFaults : job.faults).shift()
    if (fault === undefined && result) json(200, job.result)
    else if (fault === undefined) {
      if (job.failure !== undefined) json(200, { status: 'failed', error: job.failure })
      else if (Date.now() < job.readyAt) json(200, { status: 'running' })
      else json(200, { status: 'succeeded', result_url: `/results/${path.slice('/jobs/'.length)}` })
    } else this.#fail(response, fault)
  }

  #fail(response: ServerResponse, fault: Fault): void {
    const text = JSON.stringify({ status: 'running' })
    switch (fault) {
      case 'reset':
        response.writeHead(200, { 'content-type': 'application/json' })
        response.flushHeaders()
        setTimeout(() => response.destroy(), 5)
        return
      case 'half':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 })
        response.write(text.slice(0, 8))
        setTimeout(() => response.destroy(), 5)
        return
      case 'hang':
        return
      default:
        if (typeof fault === 'object') {
          response.writeHead(fault.code, { 'content-type': 'application/json' })
          response.end(JSON.stringify(fault.json))
          return
        }
        response.writeHead(fault, { 'content-type': 'text/html', connection: 'close' })
        response.end(`<html><body><h1>${fault} Bad Gateway</h1><hr>nginx</body></html>`)
    }
  }
}

const api = new JobServer('127.0.0.1')
const other = new JobServer('127.0.0.2')
beforeAll(async () => {
  await api.up()
  await other.up()
})
afterAll(async () => {
  await api.down()
  await other.down()
})
beforeEach(() => {
  api.seen.length = 0
  other.seen.length = 0
})

const backoff = {
  initialDelayMs: 50,
  factor: 1,
  maxDelayMs: 50,
  minDelayMs: 0,
  jitter: 'none',
} as const
const client = (options: ClientOptions = {}) =>
  createClient({ baseUrl: api.url, backoff, retries: 1, requestTimeoutMs: 200, ...options })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A token for a job already on the server, as `start()` would have made it just now. */
function tokenFor(id: string, timeoutMs = 600_000): ResumeToken {
  const server = id.startsWith(other.host) ? other : api
  const now = Date.now()
  return {
    pollwise: 2,
    protocol: 'auto',
    statusUrl: `${server.url}/jobs/${id}`,
    target: `${server.url}/jobs/${id}`,
    stage: 'status',
    submit: { method: 'POST', url: `${server.url}/jobs` },
    startedAt: now,
    deadline: now + timeoutMs,
    attempt: 0,
    nextPollAt: now,
    answered: true,
  }
}

/** A status URL on a loopback port nothing listens on: every connection is refused. */
async function refusedUrl(): Promise<string> {
  const gone = createServer()
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve))
  const { port } = gone.address() as AddressInfo
  await new Promise((resolve) => gone.close(resolve))
  return `http://127.0.0.1:${port}/jobs/1`
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => error,
  )

describe('the server goes away mid-wait, for longer than `retries` allow', () => {
  it('rides out a server that refuses connections for 1 s, back on the same port: the result, one submit, well within the deadline', async () => {
    const op = await client({ timeoutMs: 4000 }).start('/jobs', { json: {} })
    const id = op.statusUrl.split('/').at(-1) as string
    const waiting = op.wait()
    await sleep(150)
    await api.down()
    const downAt = performance.now()
    await sleep(1000)
    ;(api.jobs.get(id) as Job).readyAt = Date.now()
    await api.up()
    expect(await waiting).toEqual({ id })
    const back = performance.now() - downAt
    expect(back).toBeGreaterThanOrEqual(1000)
    // Polling went on at the 50 ms cadence through the outage: the result came soon after.
    expect(back).toBeLessThan(2000)
    expect(api.count('POST')).toBe(1)
    expect(api.count('GET', '/results/')).toBe(1)
  })

  it.each<[string, Fault]>([
    ['a connection reset after the headers', 'reset'],
    ['a body cut short of its Content-Length', 'half'],
    ['a request never answered (requestTimeoutMs, retried)', 'hang'],
    ['a proxy answering 502 with an HTML page', 502],
    ['a proxy answering 503 with an HTML page', 503],
    ['a proxy answering 504 with an HTML page', 504],
  ])('rides out six polls in a row met by %s: the result, one submit', async (_, fault) => {
    const id = api.add({ ms: 0, faults: Array(6).fill(fault) })
    const started = performance.now()
    const op = client({ timeoutMs: 4000 }).resume(tokenFor(id))
    expect(await op.wait()).toEqual({ id })
    const elapsed = performance.now() - started
    // Six failed tries (three polls of retries + 1), then the good answer and the result.
    expect(api.count('GET', '/jobs/')).toBe(7)
    expect(api.count('GET', '/results/')).toBe(1)
    expect(api.count('POST')).toBe(0)
    // A hang costs requestTimeoutMs a try; nothing else waits but the 50 ms backoff.
    expect(elapsed).toBeLessThan(fault === 'hang' ? 2500 : 1200)
    if (fault === 'hang') expect(elapsed).toBeGreaterThanOrEqual(6 * 200)
  })

  it.each<[string, Fault]>([
    [
      "502 with JSend's server error",
      { code: 502, json: { status: 'error', message: 'Unable to communicate with upstream' } },
    ],
    ['502 whose body says failed', { code: 502, json: { status: 'failed', error: 'bad gateway' } }],
    ['429 whose body says error', { code: 429, json: { status: 'error', message: 'slow down' } }],
    ['504 whose body says canceled', { code: 504, json: { status: 'canceled' } }],
    [
      "503 with JSend's server error (overload, maintenance)",
      { code: 503, json: { status: 'error', message: 'Service Unavailable' } },
    ],
    ['503 whose body says failed', { code: 503, json: { status: 'failed', error: 'maintenance' } }],
  ])('rides out a %s: a request not served is no verdict on the operation', async (_, fault) => {
    const id = api.add({ ms: 0, faults: [fault, fault, fault] })
    expect(await client().resume(tokenFor(id)).wait()).toEqual({ id })
    expect(api.count('GET', '/jobs/')).toBe(4)
  })

  it("still takes a 500 whose body says failed for the server's verdict, not retried", async () => {
    const failed = { code: 500, json: { status: 'failed', error: { message: 'worker lost' } } }
    const id = api.add({ ms: 0, faults: [failed] })
    const error = await rejection(client().resume(tokenFor(id)).wait())
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual({ message: 'worker lost' })
    expect(api.count('GET', '/jobs/')).toBe(1)
  })

  it('rides out a result download cut short, reset and refused by a proxy, past its retries: the result, whole', async () => {
    const id = api.add({ ms: 0, resultFaults: ['half', 'reset', 502, 'half'] })
    expect(await client().resume(tokenFor(id)).wait()).toEqual({ id })
    expect(api.count('GET', '/jobs/')).toBe(1)
    expect(api.count('GET', '/results/')).toBe(5)
  })

  it('checks a result download cut short: pending, with the token at the result link; the next check has the result', async () => {
    const id = api.add({ ms: 0, resultFaults: ['half'] })
    const checker = client()
    const first = await checker.check(tokenFor(id))
    expect(first.state).toBe('pending')
    const atLink = first as Extract<CheckOutcome, { state: 'pending' }>
    expect(atLink.token.stage).toBe('result')
    const cut = await checker.check(atLink.token)
    expect(cut.state).toBe('pending')
    const retried = cut as Extract<CheckOutcome, { state: 'pending' }>
    expect(retried.token.stage).toBe('result')
    await sleep(Math.max(0, retried.checkAt - Date.now()))
    const done = await checker.check(retried.token)
    expect(done).toMatchObject({ state: 'succeeded', result: { id } })
    expect(api.count('GET', '/results/')).toBe(2)
  })

  it('spends the whole maxOutageMs when the backoff steps past it: one last poll at its end', async () => {
    const slow = { ...backoff, initialDelayMs: 1000, maxDelayMs: 1000 }
    const ridden = client({ backoff: slow, retries: 0, maxOutageMs: 300 })
    // The poll after the failure would come 1 s later, past the budget: it comes at its end.
    const back = api.add({ ms: 0, faults: ['reset'] })
    expect(await ridden.resume(tokenFor(back)).wait()).toEqual({ id: back })
    const reads = api.seen.filter((request) => request.path.startsWith('/jobs/'))
    expect(reads).toHaveLength(2)
    const gap = (reads[1]?.at ?? 0) - (reads[0]?.at ?? 0)
    expect(gap).toBeGreaterThanOrEqual(290)
    expect(gap).toBeLessThan(600)
    // Still down then: the NetworkError, after that one last poll.
    api.seen.length = 0
    const started = performance.now()
    const gone = api.add({ ms: 0, faults: ['reset', 'reset', 'reset'] })
    const error = await rejection(ridden.resume(tokenFor(gone)).wait())
    expect(error).toBeInstanceOf(NetworkError)
    expect(api.count('GET', '/jobs/')).toBe(2)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(performance.now() - started).toBeLessThan(900)
  })

  it('ends at the deadline with PollTimeoutError, not a NetworkError, while the server stays away', async () => {
    const id = api.add({ ms: 0, faults: Array(100).fill(503) })
    const token = tokenFor(id, 700)
    const error = await rejection(client().resume(token).wait())
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect((error as PollTimeoutError).attempts).toBeGreaterThan(4)
    expect(Date.now() - token.deadline).toBeGreaterThanOrEqual(-5)
    expect(Date.now() - token.deadline).toBeLessThan(300)
  })

  it('does not ride out a host that does not resolve for ever: NetworkError once maxOutageMs is spent', async () => {
    const token = tokenFor(api.add({ ms: 0 }))
    // RFC 6761: .invalid never resolves. Where the resolver is slow to say so, each try is
    // ended by requestTimeoutMs instead: still an outage ridden out until maxOutageMs, not longer.
    const unresolvable = 'http://pollwise-fault-script.invalid/jobs/1'
    const moved = { ...token, statusUrl: unresolvable, target: unresolvable }
    const started = performance.now()
    const error = await rejection(client({ maxOutageMs: 400 }).resume(moved).wait())
    if (error instanceof NetworkError) {
      expect(error.url).toBe(unresolvable)
      expect(error.message).toMatch(/ENOTFOUND|EAI_AGAIN/)
    } else expect(error).toBeInstanceOf(TimeoutError)
    expect(endsOperation(error)).toBe(false)
    expect(performance.now() - started).toBeGreaterThanOrEqual(400)
    expect(performance.now() - started).toBeLessThan(2500)
  })
})

describe('the server restarts and forgets the operation', () => {
  it('ends with the 404 HTTPError at once when a status location that answered now answers 404', async () => {
    const op = await client().start('/jobs', { json: {} })
    const id = op.statusUrl.split('/').at(-1) as string
    const waiting = rejection(op.wait())
    while (api.count('GET', '/jobs/') < 2) await sleep(10)
    api.jobs.delete(id)
    const forgotAt = performance.now()
    const error = await waiting
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(404)
    expect((error as HTTPError).request.url).toBe(op.statusUrl)
    expect(performance.now() - forgotAt).toBeLessThan(300)
    // Not a 404 taken for "not ready yet", and not retried: one more read, not a loop of them.
    expect(api.count('GET', '/jobs/')).toBeLessThanOrEqual(4)
    expect(api.count('POST')).toBe(1)
  })

  it('ends with the 404 HTTPError when the server comes back from an outage without the operation', async () => {
    const op = await client({ timeoutMs: 4000 }).start('/jobs', { json: {} })
    const id = op.statusUrl.split('/').at(-1) as string
    const waiting = rejection(op.wait())
    while (api.count('GET', '/jobs/') < 1) await sleep(10)
    await api.down()
    await sleep(400)
    api.jobs.delete(id)
    await api.up()
    const error = await waiting
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(404)
    expect((error as HTTPError).message).toContain(
      `GET ${op.statusUrl}; the status location answered before: the server no longer knows the operation`,
    )
  })

  it('checks a forgotten operation once and ends it with the 404 HTTPError', async () => {
    const id = api.add({ ms: 60_000 })
    const token = tokenFor(id)
    api.jobs.delete(id)
    const outcome = await client().check(token)
    expect(outcome.state).toBe('ended')
    expect((outcome as Extract<CheckOutcome, { state: 'ended' }>).error).toBeInstanceOf(HTTPError)
    expect(api.count('GET', '/jobs/')).toBe(1)
  })
})

/** Child processes a test started: none outlives its test, whatever the test came to. */
const children = new Set<ChildProcess>()
afterEach(() => {
  for (const child of children) child.kill('SIGKILL')
  children.clear()
})

/** `node --import tsx fixture …args`, piping its stdout. */
function spawnFixture(fixture: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  return child
}

/** Starts the crash-mid-wait script; resolves with the first token at `attempt` or later. */
function crashingWaiter(timeoutMs: number, attempt: number) {
  const child = spawnFixture('test/integration/fixtures/crash-mid-wait.ts', [
    api.url,
    String(timeoutMs),
  ])
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_, signal) => resolve(signal)),
  )
  const token = new Promise<ResumeToken>((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const lines = text.split('\n').slice(0, -1)
      const found = lines
        .map((line) => JSON.parse(line) as ResumeToken)
        .find((saved) => saved.attempt >= attempt)
      if (found) resolve(found)
    })
    child.once('exit', () => reject(new Error('the waiting process exited before its token')))
  })
  return { child, token, exited }
}

describe('the client process is killed mid-wait and another resumes from its token', () => {
  it('resumes after SIGKILL: the same result, no second submit, the attempts going on', async () => {
    const waiter = crashingWaiter(20_000, 3)
    const token = await waiter.token
    waiter.child.kill('SIGKILL')
    expect(await waiter.exited).toBe('SIGKILL')
    const id = token.statusUrl.split('/').at(-1) as string
    const job = api.jobs.get(id) as Job
    job.readyAt = Date.now() + 200
    const readsBefore = api.count('GET', '/jobs/')
    const op = client().resume(JSON.stringify(token))
    const attempts: number[] = []
    expect(await op.wait({ onProgress: (snapshot) => attempts.push(snapshot.attempt) })).toEqual({
      id,
    })
    expect(api.count('POST')).toBe(1)
    expect(api.count('GET', '/results/')).toBe(1)
    // The count of requests goes on from the token's, one per read.
    expect(attempts[0]).toBe(token.attempt + 1)
    const reads = api.count('GET', '/jobs/') + api.count('GET', '/results/') - readsBefore
    expect(reads).toBe((attempts.at(-1) ?? 0) - token.attempt)
    expect(op.toJSON()).toMatchObject({ startedAt: token.startedAt, deadline: token.deadline })
  }, 10_000)

  it('keeps the deadline the first process started: the resumed wait ends there, not a full timeoutMs later', async () => {
    const waiter = crashingWaiter(2500, 2)
    const token = await waiter.token
    waiter.child.kill('SIGKILL')
    await waiter.exited
    // The resuming client's own timeoutMs (10 minutes) does not start the clock again.
    const error = await rejection(client({ timeoutMs: 600_000 }).resume(token).wait())
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(Date.now() - token.deadline).toBeGreaterThanOrEqual(-5)
    expect(Date.now() - token.deadline).toBeLessThan(300)
    expect((error as PollTimeoutError).elapsedMs).toBeGreaterThanOrEqual(2495)
    expect((error as PollTimeoutError).attempts).toBeGreaterThan(token.attempt)
    expect(api.count('POST')).toBe(1)
  }, 10_000)
})

describe('an outage that began before the crash', () => {
  it('keeps counting after a resume: the budget the token carries is not started again', async () => {
    const url = await refusedUrl()
    const since = Date.now() - 250
    const token = {
      ...tokenFor(api.add({ ms: 0 })),
      statusUrl: url,
      target: url,
      outageSince: since,
    }
    const started = performance.now()
    const error = await rejection(client({ maxOutageMs: 300, retries: 0 }).resume(token).wait())
    expect(error).toBeInstanceOf(NetworkError)
    // 50 ms of the budget were left: not another 300.
    expect(performance.now() - started).toBeLessThan(250)
  })
})

describe('a token that was tampered with or names another origin', () => {
  it.each<[string, (text: string) => string]>([
    ['cut in half', (text) => text.slice(0, text.length / 2)],
    ['with a byte flipped in its JSON', (text) => text.replace('"stage":', '"stage";')],
    [
      'with its deadline made a string',
      (text) => text.replace(/"deadline":\d+/, '"deadline":"later"'),
    ],
    ['with its submit URL made ftp:', (text) => text.replace(/"url":"http:/, '"url":"ftp:')],
    ['of an older version', (text) => text.replace('"pollwise":2', '"pollwise":1')],
  ])('refuses a token %s with a TypeError, before any request', async (_, tamper) => {
    const text = tamper(JSON.stringify(tokenFor(api.add({ ms: 0 }))))
    api.seen.length = 0
    expect(() => client().resume(text)).toThrow(TypeError)
    await expect(client().check(text)).rejects.toThrow(TypeError)
    expect(api.seen).toEqual([])
  })

  it('sends no credentials to 127.0.0.2 when a token names it, in any stage, and still ends there', async () => {
    const headers = { authorization: 'Bearer secret' }
    const id = other.add({ ms: 0 })
    const token = tokenFor(id)
    // Named as the submit's origin too: a token grants no trust, whichever field names the origin.
    const atResult: ResumeToken = {
      ...token,
      stage: 'result',
      target: `${other.url}/results/${id}`,
      resultUrl: `${other.url}/results/${id}`,
    }
    expect(await client({ headers }).resume(token).wait()).toEqual({ id })
    expect(await client({ headers }).resume(atResult).wait()).toEqual({ id })
    const outcome = await client({ headers }).check(token)
    expect(outcome.state).toBe('pending')
    expect(other.seen.length).toBeGreaterThanOrEqual(4)
    expect(other.seen.map((request) => request.authorization)).toEqual(
      other.seen.map(() => undefined),
    )
  })
})

describe('the one-step check in the fault scripts', () => {
  it.each<[string, Fault]>([
    ['a connection reset after the headers', 'reset'],
    ['a body cut short', 'half'],
    ['a proxy 502 page', 502],
  ])('stays pending through %s: one request, no retry, no sleep', async (_, fault) => {
    const token = tokenFor(api.add({ ms: 0, faults: [fault, fault] }))
    const started = performance.now()
    const outcome = await client().check(token)
    expect(performance.now() - started).toBeLessThan(400)
    expect(outcome.state).toBe('pending')
    const { checkAt, token: next } = outcome as Extract<CheckOutcome, { state: 'pending' }>
    expect(checkAt - Date.now()).toBeGreaterThan(0)
    expect(checkAt - Date.now()).toBeLessThanOrEqual(50)
    expect(next.outageSince).toBeTypeOf('number')
    expect(api.count('GET', '/jobs/')).toBe(1)
  })

  it('reports a 503 Retry-After: 30 as when to check again, sleeping through none of it', async () => {
    const id = api.add({ ms: 0 })
    const token = tokenFor(id)
    const server = createServer((_, response) => {
      response.writeHead(503, { 'content-type': 'text/html', 'retry-after': '30' })
      response.end('<html><body>Service Unavailable</body></html>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const busy = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs/${id}`
      const started = Date.now()
      const outcome = await client().check({ ...token, statusUrl: busy, target: busy })
      expect(Date.now() - started).toBeLessThan(400)
      expect(outcome.state).toBe('pending')
      const { checkAt } = outcome as Extract<CheckOutcome, { state: 'pending' }>
      expect(checkAt - started).toBeGreaterThanOrEqual(29_900)
      expect(checkAt - started).toBeLessThan(30_500)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('never hangs on a server that is down: pending at once, then ended with the NetworkError once maxOutageMs is spent', async () => {
    const id = api.add({ ms: 0 })
    let token = tokenFor(id)
    await api.down()
    try {
      const checker = client({ maxOutageMs: 300 })
      const outcomes: CheckOutcome['state'][] = []
      const started = performance.now()
      for (;;) {
        const outcome = await checker.check(token)
        outcomes.push(outcome.state)
        if (outcome.state !== 'pending') {
          expect(outcome.state).toBe('ended')
          const ended = outcome as Extract<CheckOutcome, { state: 'ended' }>
          expect(ended.error).toBeInstanceOf(NetworkError)
          expect(ended.final).toBe(false)
          break
        }
        token = outcome.token
        await sleep(Math.max(0, outcome.checkAt - Date.now()))
      }
      expect(performance.now() - started).toBeGreaterThanOrEqual(300)
      expect(performance.now() - started).toBeLessThan(1000)
      expect(outcomes.filter((state) => state === 'pending').length).toBeGreaterThanOrEqual(3)
    } finally {
      await api.up()
    }
    // The operation is not over: once the server is back, the same token checks on.
    const back = await client().check(token)
    expect(back.state).not.toBe('ended')
  })

  it.each([
    ['due now', 0],
    ['not due yet', 60_000],
    ['past its deadline', -1],
  ])(
    'rejects a check whose signal was already aborted with its reason, sending nothing (%s)',
    async (_, dueInMs) => {
      const token = tokenFor(api.add({ ms: 0 }))
      const now = Date.now()
      const edited =
        dueInMs < 0
          ? { ...token, startedAt: now - 1000, deadline: now - 1 }
          : { ...token, nextPollAt: now + dueInMs }
      const reason = new Error('shutting down')
      const signal = AbortSignal.abort(reason)
      await expect(client().check(edited, { signal })).rejects.toBe(reason)
      expect(api.seen).toEqual([])
    },
  )

  it('ends a check of a status location that never answers at requestTimeoutMs, with one request', async () => {
    const token = tokenFor(api.add({ ms: 0, faults: ['hang'] }))
    const started = performance.now()
    const outcome = await client().check(token)
    expect(performance.now() - started).toBeGreaterThanOrEqual(195)
    expect(performance.now() - started).toBeLessThan(500)
    expect(outcome.state).toBe('pending')
    expect(api.count('GET', '/jobs/')).toBe(1)
  })
})

describe.skipIf(!hasRedis)('pollwise/bullmq in the fault scripts (a real Redis)', () => {
  let redis: RunningRedis
  beforeAll(async () => {
    redis = await startRedis()
  }, 10_000)
  afterAll(() => redis?.stop())
  const connection = () => ({ host: '127.0.0.1', port: redis.port })

  /** A queue and an in-process worker on it, both removed afterwards. */
  async function withQueue(
    name: string,
    options: ClientOptions,
    body: (queue: Queue, startWorker: () => Worker) => Promise<void>,
  ): Promise<void> {
    const queue = new Queue(name, { connection: connection() })
    const workers: Worker[] = []
    const startWorker = () => {
      const worker = new Worker(name, operationProcessor(client(options)), {
        connection: connection(),
        lockDuration: 600,
        stalledInterval: 300,
      })
      worker.on('error', () => {})
      workers.push(worker)
      return worker
    }
    try {
      await body(queue, startWorker)
    } finally {
      await Promise.all(workers.map((worker) => worker.close()))
      await queue.obliterate({ force: true })
      await queue.close()
    }
  }

  /** The job once it is completed or failed. */
  async function finished(queue: Queue, id: string) {
    for (let i = 0; i < 320; i++) {
      const state = await queue.getJobState(id)
      if (state === 'completed' || state === 'failed') break
      await sleep(25)
    }
    return queue.getJob(id)
  }

  it('takes over the job of a worker killed with SIGKILL mid-check: the same token checked again, no second submit', async () => {
    await withQueue('fault-killed-worker', {}, async (queue, startWorker) => {
      const op = await client().start('/jobs', { json: {} })
      const id = op.statusUrl.split('/').at(-1) as string
      const job = api.jobs.get(id) as Job
      job.faults.push('hang')
      const child = spawnFixture('test/integration/fixtures/bullmq-short-lock-worker.ts', [
        api.url,
        String(redis.port),
        'fault-killed-worker',
      ])
      const exited = new Promise((resolve) => child.once('exit', resolve))
      const queued = await enqueueOperation(queue, op)
      // The worker's check is held by the server: it is killed in the middle of it.
      while (api.count('GET', '/jobs/') < 1) await sleep(20)
      child.kill('SIGKILL')
      await exited
      job.readyAt = Date.now()
      startWorker()
      const done = await finished(queue, queued.id as string)
      expect(await done?.getState()).toBe('completed')
      expect(done?.returnvalue).toEqual({ id })
      expect(api.count('POST')).toBe(1)
      expect(api.count('GET', '/jobs/')).toBe(2)
      expect(api.count('GET', '/results/')).toBe(1)
    })
  }, 15_000)

  it("fails a job whose operation failed for good, with the OperationFailedError's name and message", async () => {
    await withQueue('fault-failed-operation', {}, async (queue, startWorker) => {
      const id = api.add({ ms: 0, failure: { message: 'Out of paper', code: 'E42' } })
      const queued = await queue.add('pollwise', { token: tokenFor(id) }, { attempts: 3 })
      startWorker()
      const done = await finished(queue, queued.id as string)
      expect(await done?.getState()).toBe('failed')
      expect(done?.attemptsMade).toBe(1)
      expect(done?.failedReason).toMatch(
        /^OperationFailedError: Operation failed at .*Out of paper/,
      )
      expect(api.count('GET', '/jobs/')).toBe(1)
    })
  })

  it('fails a job whose server stays away past maxOutageMs through its own attempts, naming the NetworkError', async () => {
    await withQueue('fault-server-gone', { maxOutageMs: 0 }, async (queue, startWorker) => {
      const url = await refusedUrl()
      const token = { ...tokenFor(api.add({ ms: 0 })), statusUrl: url, target: url }
      const queued = await queue.add('pollwise', { token }, { attempts: 2, backoff: 10 })
      startWorker()
      const done = await finished(queue, queued.id as string)
      expect(await done?.getState()).toBe('failed')
      expect(done?.attemptsMade).toBe(2)
      expect(done?.failedReason).toMatch(/^NetworkError: Network failure on http:\/\/127\.0\.0\.1:/)
    })
  })
})
