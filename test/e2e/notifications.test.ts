import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import * as z from 'zod'
import {
  type ClientOptions,
  createClient,
  type Operation,
  ProtocolError,
  type Snapshot,
} from '../../src/index.js'
import { within } from '../support/real-time.js'

// Notifications over real loopback sockets: the app's own WebSocket tells an operation what it
// hears (`op.notify`), and the status location stays the truth. The status location is read 100 ms
// after the submit, then every 5 s: a test passes only if the notification, not the cadence, made
// the operation move.

const slowPolls = { initialDelayMs: 100, factor: 50, maxDelayMs: 5_000, jitter: 'none' as const }
const finished = { status: 'succeeded', result: { rows: 3 } }

/** What the status location answers: a test changes it as the job moves. */
let job: Record<string, unknown> = { status: 'running' }
/** While set, the status location refuses every read: `429 Too Many Requests`, `Retry-After: 2`. */
let refusing = false
/** While set, the status location answers `303 See Other` to `/results/7`, `Retry-After: 1`. */
let seeOther = false
/** Every HTTP request the server saw, as `METHOD /path`. */
let requests: string[] = []
/** How long the server takes to send a status read's answer, which says what the job was when the read came. */
let answerLagMs = 0
let server: Server | undefined
let updates: WebSocketServer | undefined
let client: WebSocket | undefined

/** The status location's reads so far. */
const reads = () => requests.filter((request) => request === 'GET /jobs/7').length

/** An HTTP server that runs one job, and a WebSocket endpoint on it that pushes its updates. */
async function serve(): Promise<string> {
  job = { status: 'running' }
  requests = []
  answerLagMs = 0
  refusing = false
  seeOther = false
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    requests.push(`${request.method} ${path}`)
    if (request.method === 'POST' && path === '/jobs') {
      response.writeHead(202, { location: '/jobs/7' }).end()
      return
    }
    if (seeOther && path === '/jobs/7') {
      response.writeHead(303, { location: '/results/7', 'retry-after': '1' }).end()
      return
    }
    if (refusing) {
      response.writeHead(429, { 'retry-after': '2' }).end()
      return
    }
    const answer = JSON.stringify(job)
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer)
    }, answerLagMs)
  })
  updates = new WebSocketServer({ server, path: '/updates' })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** What the app's message handler did with one message: `error` is what `notify` threw. */
interface Handled {
  readonly error?: unknown
}

/** Resolvers of the messages sent and not yet handled, in order. */
let handling: Array<(handled: Handled) => void> = []

/**
 * The app's WebSocket client: a message `{ operation, status? }` about `op` goes to
 * `op.notify(status)`, or to `op.notify()` when it carries no status.
 */
async function listen(host: string, op: Operation): Promise<void> {
  const connected = once(updates as WebSocketServer, 'connection')
  client = new WebSocket(`ws://${host}/updates`)
  client.on('message', (data) => {
    const message = JSON.parse(String(data)) as { operation: string; status?: unknown }
    let handled: Handled = {}
    try {
      if (message.operation === op.statusUrl) {
        if ('status' in message) op.notify(message.status)
        else op.notify()
      }
    } catch (error) {
      handled = { error }
    }
    handling.shift()?.(handled)
  })
  await Promise.all([once(client, 'open'), connected])
}

/**
 * The server pushes a message about the job to every client; settles once the app handled it,
 * with the time it was sent.
 */
async function push(message: unknown): Promise<Handled & { sentAt: number }> {
  const handled = new Promise<Handled>((resolve) => handling.push(resolve))
  const sentAt = performance.now()
  for (const socket of updates?.clients ?? []) socket.send(JSON.stringify(message))
  const outcome = await within(handled, 2_000, 'the message never reached the app')
  if (typeof outcome === 'string') throw new Error(outcome)
  return { ...outcome, sentAt }
}

/** Real time passing, for a test that checks that nothing happens meanwhile. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Settles once the server has seen `count` reads of the status location, within 2 s. */
async function readsReach(count: number): Promise<void> {
  const reached = (async () => {
    while (reads() < count) await pause(5)
  })()
  expect(await within(reached, 2_000, 'too few reads'), 'reads').toBeUndefined()
}

/** onProgress for a test: every observation, and a way to wait for the next ones. */
function observations() {
  const seen: Snapshot[] = []
  let wake: (() => void) | undefined
  return {
    seen,
    onProgress(snapshot: Snapshot) {
      seen.push(snapshot)
      wake?.()
    },
    /** Settles once `count` observations have come, within 2 s. */
    async reach(count: number): Promise<void> {
      const reached = (async () => {
        while (seen.length < count) await new Promise<void>((resolve) => (wake = resolve))
      })()
      expect(await within(reached, 2_000, 'too few observations'), 'observations').toBeUndefined()
    },
  }
}

afterEach(async () => {
  handling = []
  const [socket, endpoint, closing] = [client, updates, server]
  client = undefined
  updates = undefined
  server = undefined
  socket?.terminate()
  for (const peer of endpoint?.clients ?? []) peer.terminate()
  if (endpoint) await new Promise<void>((resolve) => endpoint.close(() => resolve()))
  if (closing) {
    closing.closeAllConnections()
    await new Promise<void>((resolve) => closing.close(() => resolve()))
  }
})

/** An operation started on the job, whose app listens to the job's updates. */
async function started(options: ClientOptions = {}) {
  const host = await serve()
  const api = createClient({ baseUrl: `http://${host}`, backoff: slowPolls, ...options })
  const op = await api.start('/jobs', { json: {} })
  await listen(host, op)
  return op
}

const status = z.object({ status: z.string(), progress: z.number().optional() })

describe('an operation told of its job over a WebSocket', () => {
  it('takes a pending status from a message as an observation, with no request', async () => {
    const op = await started()
    const seen = observations()
    const controller = new AbortController()
    const waiting = op.wait({ status, onProgress: seen.onProgress, signal: controller.signal })
    waiting.catch(() => {})
    await seen.reach(1)
    expect(reads()).toBe(1)

    const handled = await push({
      operation: op.statusUrl,
      status: { status: 'running', progress: 40 },
    })
    expect(handled.error).toBeUndefined()
    await seen.reach(2)
    expect(seen.seen[1]).toMatchObject({
      state: 'pending',
      status: { status: 'running', progress: 40 },
      progress: 0.4,
    })
    await pause(200)
    // The message alone: no read of the status location followed it.
    expect(reads()).toBe(1)
    expect(requests).toEqual(['POST /jobs', 'GET /jobs/7'])
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('reads the status location at once when a message says the job finished, and resolves with what it says', async () => {
    const op = await started()
    const seen = observations()
    const waiting = op.wait({ onProgress: seen.onProgress })
    await seen.reach(1)
    expect(reads()).toBe(1)

    job = finished
    const { sentAt } = await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
    expect(await within(waiting, 1_000, 'still waiting')).toEqual({ rows: 3 })
    const tookMs = performance.now() - sentAt
    expect(tookMs).toBeLessThan(300)
    // One more read, the one the message asked for; the 5 s cadence had no part in it.
    expect(reads()).toBe(2)
    expect(seen.seen.at(-1)?.state).toBe('succeeded')
  })

  it('does not take a forged result from a message: the status location, still running, is the truth', async () => {
    const op = await started()
    const seen = observations()
    const waiting = op.wait({ onProgress: seen.onProgress })
    let settled = false
    waiting.then(
      () => {
        settled = true
      },
      () => {
        settled = true
      },
    )
    await seen.reach(1)

    const forged = await push({
      operation: op.statusUrl,
      status: { status: 'succeeded', result: 'forged' },
    })
    expect(forged.error).toBeUndefined()
    // The message had the status location read at once, which says the job still runs.
    await seen.reach(2)
    expect(reads()).toBe(2)
    expect(seen.seen[1]).toMatchObject({ state: 'pending', status: { status: 'running' } })
    await pause(200)
    expect(settled).toBe(false)
    expect(reads()).toBe(2)

    // The job really finishes: the wait resolves with the server's result.
    job = finished
    await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
    expect(await within(waiting, 1_000, 'still waiting')).toEqual({ rows: 3 })
    expect(reads()).toBe(3)
    expect(seen.seen.some((snapshot) => JSON.stringify(snapshot.status).includes('forged'))).toBe(
      false,
    )
  })

  it.each([
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['an object with no state', { foo: 1 }],
    ['a word no rule classifies', { status: 'exploded' }],
  ])(
    'throws a ProtocolError from notify for %s, and the wait goes on unharmed',
    async (_name, body) => {
      const op = await started()
      const seen = observations()
      const waiting = op.wait({ onProgress: seen.onProgress })
      await seen.reach(1)

      const handled = await push({ operation: op.statusUrl, status: body })
      expect(handled.error).toBeInstanceOf(ProtocolError)
      expect((handled.error as ProtocolError).url).toBe(op.statusUrl)
      await pause(150)
      // No observation, no request: the operation is as it was.
      expect(seen.seen).toHaveLength(1)
      expect(reads()).toBe(1)

      job = finished
      await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
      expect(await within(waiting, 1_000, 'still waiting')).toEqual({ rows: 3 })
      expect(reads()).toBe(2)
    },
  )

  it('reads at once at the next wait when a message without a status came while no wait was in progress', async () => {
    const op = await started()
    const seen = observations()
    const controller = new AbortController()
    const first = op.wait({ onProgress: seen.onProgress, signal: controller.signal })
    first.catch(() => {})
    await seen.reach(1)
    controller.abort()
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })

    job = finished
    const handled = await push({ operation: op.statusUrl })
    expect(handled.error).toBeUndefined()
    await pause(150)
    // No wait is in progress: nothing is read yet.
    expect(reads()).toBe(1)

    const startedAt = performance.now()
    expect(await within(op.wait(), 1_000, 'still waiting')).toEqual({ rows: 3 })
    expect(performance.now() - startedAt).toBeLessThan(300)
    expect(reads()).toBe(2)
  })

  it('reads once more as soon as a read in flight is answered, when a message says the job finished meanwhile', async () => {
    const op = await started()
    const waiting = op.wait()
    // The server reads the job as the request comes, and answers 300 ms later.
    answerLagMs = 300
    await readsReach(1)
    job = finished
    const { sentAt } = await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
    answerLagMs = 0
    // The read in flight answers "running", as the job was when it came: one more read, at once.
    expect(await within(waiting, 2_000, 'still waiting')).toEqual({ rows: 3 })
    expect(performance.now() - sentAt).toBeLessThan(1_000)
    expect(reads()).toBe(2)
  })

  it('sends one read for a burst of messages, and one more for a burst while a read is in flight', async () => {
    const op = await started()
    const seen = observations()
    const waiting = op.wait({ onProgress: seen.onProgress })
    await seen.reach(1)
    expect(reads()).toBe(1)

    // Ten at once while the next read is 5 s away: one read.
    answerLagMs = 200
    for (let count = 0; count < 10; count++) op.notify()
    await seen.reach(2)
    await pause(300)
    expect(reads()).toBe(2)
    // Ten, each its own message, while a read is in flight: one more read, once it is answered.
    op.notify()
    await readsReach(3)
    await Promise.all(Array.from({ length: 10 }, () => push({ operation: op.statusUrl })))
    await seen.reach(4)
    await pause(300)
    expect(reads()).toBe(4)
    expect(seen.seen.map((snapshot) => snapshot.nextPollInMs)).toEqual([5_000, 5_000, 0, 5_000])

    job = finished
    await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
    expect(await within(waiting, 1_000, 'still waiting')).toEqual({ rows: 3 })
    expect(reads()).toBe(5)
  })

  it('sends nothing before the Retry-After of a server that refused the last read (429), whatever the messages', async () => {
    const op = await started({ retries: 0 })
    refusing = true
    const waiting = op.wait()
    await readsReach(1)
    const refusedAt = performance.now()
    for (let count = 0; count < 5; count++) {
      await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
      await push({ operation: op.statusUrl })
      await pause(100)
    }
    expect(reads()).toBe(1)

    refusing = false
    job = finished
    expect(await within(waiting, 3_000, 'still waiting')).toEqual({ rows: 3 })
    expect(reads()).toBe(2)
    expect(performance.now() - refusedAt).toBeGreaterThan(1_800)
  })

  it('fetches the result no sooner than the Retry-After of the 303 that named it, whatever the messages', async () => {
    const op = await started()
    seeOther = true
    job = { rows: 3 }
    const waiting = op.wait()
    await readsReach(1)
    const redirectedAt = performance.now()
    for (let count = 0; count < 3; count++) {
      await push({ operation: op.statusUrl })
      await push({ operation: op.statusUrl, status: { status: 'succeeded' } })
      await pause(100)
    }
    expect(requests).not.toContain('GET /results/7')

    expect(await within(waiting, 2_000, 'still waiting')).toEqual({ rows: 3 })
    expect(performance.now() - redirectedAt).toBeGreaterThan(900)
    expect(requests.filter((request) => request === 'GET /results/7')).toHaveLength(1)
    expect(reads()).toBe(1)
  })

  it('ignores messages once the operation ended: no request, nothing thrown', async () => {
    const op = await started()
    job = finished
    expect(await within(op.wait(), 1_000, 'still waiting')).toEqual({ rows: 3 })
    expect(reads()).toBe(1)

    for (const status of [
      { status: 'running', progress: 10 },
      { status: 'succeeded', result: 'forged' },
      '<html></html>',
      undefined,
    ]) {
      const message =
        status === undefined ? { operation: op.statusUrl } : { operation: op.statusUrl, status }
      expect((await push(message)).error).toBeUndefined()
    }
    await pause(150)
    expect(reads()).toBe(1)
    // The outcome is kept: a later wait settles with it, without a request.
    expect(await op.wait()).toEqual({ rows: 3 })
    expect(reads()).toBe(1)
  })
})
