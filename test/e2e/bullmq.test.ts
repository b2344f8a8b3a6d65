import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Queue, QueueEvents, Worker } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { enqueueOperation, operationProcessor } from '../../src/bullmq/index.js'
import { createClient } from '../../src/index.js'
import { hasRedis, type RunningRedis, startRedis } from '../support/redis.js'
import { type JobServer, startJobServer } from './fixtures/job-server.js'

// A fleet on BullMQ with a real Redis (Debian's redis-server, started here on a loopback port):
// operations queued once, checked one step at a time, and finished exactly once, even while the
// workers that check them are killed.

const inCi = process.env.CI !== undefined && process.env.CI !== ''
const run = hasRedis || inCi ? describe : describe.skip
if (!hasRedis && !inCi) {
  console.warn(
    'Skipping the BullMQ tests: /usr/bin/redis-server is missing (apt-get install redis-server)',
  )
}

let redis: RunningRedis
let jobs: JobServer
beforeAll(async () => {
  if (!hasRedis && !inCi) return
  redis = await startRedis()
  jobs = await startJobServer()
}, 20_000)
afterAll(async () => {
  await jobs?.close()
  await redis?.stop()
})

const connection = () => ({ host: '127.0.0.1', port: redis.port })
const backoff = { initialDelayMs: 200, maxDelayMs: 1000 }

/** Submits `count` operations of random length and queues each once (twice, to prove once). */
async function submitAll(queue: Queue, count: number, maxMs: number): Promise<string[]> {
  const api = createClient({ baseUrl: jobs.url, backoff })
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const op = await api.start('/jobs', { json: { ms: Math.floor(Math.random() * maxMs) } })
    const job = await enqueueOperation(queue, op)
    await enqueueOperation(queue, op)
    ids.push(job.id as string)
  }
  return ids
}

/** Waits until every job is completed or failed; returns the job states by id. */
async function settled(queue: Queue, ids: string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)))
    if (states.every((state) => state === 'completed' || state === 'failed')) return states
    if (Date.now() > until) return states
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

run('pollwise/bullmq on a real Redis', () => {
  it('follows operations to their results, each queued once, one check per run', async () => {
    const queue = new Queue('ops-basic', { connection: connection() })
    const api = createClient({ baseUrl: jobs.url, backoff })
    const worker = new Worker('ops-basic', operationProcessor(api), {
      connection: connection(),
      concurrency: 20,
    })
    // A lock BullMQ could not renew for a job already moved to the delayed set: outcomes are asserted.
    worker.on('error', () => {})
    try {
      const ids = await submitAll(queue, 20, 2000)
      expect(await queue.count()).toBeGreaterThan(0)
      const states = await settled(queue, ids, 20_000)
      expect(states.every((state) => state === 'completed')).toBe(true)
      for (const id of ids) {
        const job = await queue.getJob(id)
        const statusUrl = job?.data.token.statusUrl ?? ''
        expect(job?.returnvalue).toEqual({ id: statusUrl.split('/').at(-1) })
      }
    } finally {
      await worker.close()
      await queue.obliterate({ force: true })
      await queue.close()
    }
  }, 40_000)

  it('finishes every operation exactly once while workers are killed with SIGKILL', async () => {
    const name = 'ops-crash'
    const queue = new Queue(name, { connection: connection() })
    const events = new QueueEvents(name, { connection: connection() })
    await events.waitUntilReady()
    const completions = new Map<string, number>()
    events.on('completed', ({ jobId }) => completions.set(jobId, (completions.get(jobId) ?? 0) + 1))
    const workers: ChildProcess[] = []
    const startWorker = () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'test/e2e/fixtures/bullmq-worker.ts',
          jobs.url,
          String(redis.port),
          name,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      workers.push(child)
      return child
    }
    let kills = 0
    for (let i = 0; i < 4; i++) startWorker()
    const killer = setInterval(() => {
      const alive = workers.filter((child) => child.exitCode === null && child.signalCode === null)
      const victim = alive[Math.floor(Math.random() * alive.length)]
      if (!victim) return
      victim.kill('SIGKILL')
      kills += 1
      startWorker()
    }, 1500)
    try {
      const ids = await submitAll(queue, 2000, 6000)
      const states = await settled(queue, ids, 60_000)
      clearInterval(killer)
      expect(kills).toBeGreaterThan(0)
      // None lost, none failed.
      expect(states.filter((state) => state !== 'completed')).toEqual([])
      // Each completed once, with its own result.
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect([...completions.values()].every((count) => count === 1)).toBe(true)
      expect(completions.size).toBe(ids.length)
      for (const id of ids) {
        const job = await queue.getJob(id)
        const statusUrl = job?.data.token.statusUrl ?? ''
        expect(job?.returnvalue).toEqual({ id: statusUrl.split('/').at(-1) })
      }
      // A result fetch repeats only across a crash.
      const repeats = [...jobs.resultFetches.values()].reduce((sum, count) => sum + count - 1, 0)
      expect(repeats).toBeLessThanOrEqual(kills * 100)
    } finally {
      clearInterval(killer)
      for (const child of workers) child.kill('SIGKILL')
      await events.close()
      await queue.obliterate({ force: true })
      await queue.close()
    }
  }, 120_000)
})

/** Runs `body` with a queue and a worker of `processor` on it; removes both afterwards. */
async function withWorker(
  name: string,
  processor: ReturnType<typeof operationProcessor>,
  body: (queue: Queue, worker: Worker) => Promise<void>,
): Promise<void> {
  const queue = new Queue(name, { connection: connection() })
  const worker = new Worker(name, processor, { connection: connection() })
  worker.on('error', () => {})
  try {
    await body(queue, worker)
  } finally {
    await worker.close()
    await queue.obliterate({ force: true })
    await queue.close()
  }
}

/** The job once it is completed or failed. */
async function finished(queue: Queue, id: string, timeoutMs = 10_000) {
  await settled(queue, [id], timeoutMs)
  return queue.getJob(id)
}

run('pollwise/bullmq at its edges', () => {
  it.each([
    ['a job whose data is not a token', { token: { status: 'running' } }],
    ['a job with no data', null],
  ])('fails %s at once, for good, with the token error', async (_, data) => {
    const api = createClient({ baseUrl: jobs.url, backoff })
    await withWorker('ops-not-a-token', operationProcessor(api), async (queue) => {
      const job = await queue.add('pollwise', data as never, { attempts: 5, backoff: 10 })
      const done = await finished(queue, job.id as string)
      expect(await done?.getState()).toBe('failed')
      expect(done?.attemptsMade).toBe(1)
      expect(done?.failedReason).toMatch(/^TypeError: Not a pollwise resume token/)
    })
  })

  it('fails a result that does not match the result schema once, not as a passing failure', async () => {
    const api = createClient({ baseUrl: jobs.url, backoff })
    const Report = z.object({ url: z.string() })
    await withWorker(
      'ops-bad-result',
      operationProcessor(api, { result: Report }),
      async (queue) => {
        const op = await api.start('/jobs', { json: { ms: 0 } })
        const job = await enqueueOperation(queue, op)
        await job.updateData({ token: { ...op.toJSON(), nextPollAt: Date.now() } })
        const done = await finished(queue, job.id as string)
        expect(await done?.getState()).toBe('failed')
        expect(done?.attemptsMade).toBe(1)
        expect(done?.failedReason).toMatch(/^ResponseValidationError: /)
        const id = op.statusUrl.split('/').at(-1) as string
        expect(jobs.resultFetches.get(id)).toBe(1)
      },
    )
  })

  it('delays a job told Retry-After past its deadline until the deadline, then fails it with PollTimeoutError', async () => {
    const patient = await startJobServer(3600)
    try {
      const api = createClient({ baseUrl: patient.url, backoff, timeoutMs: 1500 })
      await withWorker('ops-late-hint', operationProcessor(api), async (queue) => {
        const op = await api.start('/jobs', { json: { ms: 60_000 } })
        const job = await enqueueOperation(queue, op)
        const done = await finished(queue, job.id as string)
        expect(await done?.getState()).toBe('failed')
        expect(done?.attemptsMade).toBe(1)
        expect(done?.failedReason).toMatch(/^PollTimeoutError: /)
        // The submit's own Retry-After: 3600 reached past the deadline: no status read was made.
        expect([...patient.statusReads.values()]).toEqual([])
      })
    } finally {
      await patient.close()
    }
  }, 15_000)

  it('retries a job ended by a 503 whose Retry-After outlasts maxOutageMs no sooner than the server asked', async () => {
    const reads: number[] = []
    const busy = createServer((request, response) => {
      if (request.method === 'POST') response.writeHead(202, { location: '/jobs/1' })
      else {
        reads.push(Date.now())
        response.writeHead(503, { 'retry-after': '60' })
      }
      response.end()
    })
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(busy.address() as AddressInfo).port}`
      const api = createClient({ baseUrl: url, retries: 0, maxOutageMs: 10_000 })
      await withWorker('ops-retry-after', operationProcessor(api), async (queue) => {
        const op = await api.start('/jobs', { json: {} })
        const token = { ...op.toJSON(), nextPollAt: Date.now() }
        const job = await queue.add('pollwise', { token }, { attempts: 3, backoff: 50 })
        await new Promise((resolve) => setTimeout(resolve, 1500))
        const held = await queue.getJob(job.id as string)
        // One request, one attempt spent; the retry waits in the delayed set for the Retry-After.
        expect(reads).toHaveLength(1)
        expect(await held?.getState()).toBe('delayed')
        expect(held?.attemptsMade).toBe(1)
        expect(held?.data.token.nextPollAt).toBeGreaterThanOrEqual((reads[0] as number) + 60_000)
      })
    } finally {
      busy.closeAllConnections()
      await new Promise((resolve) => busy.close(resolve))
    }
  })

  it('refuses to queue operations their POST settled: they have no status location for a job id', async () => {
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(request.method === 'POST' ? '{"rows": 3}' : '[]')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const queue = new Queue('ops-settled', { connection: connection() })
    try {
      const api = createClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      })
      for (let i = 0; i < 2; i++) {
        const op = await api.start('/exports', { json: {} })
        await expect(enqueueOperation(queue, op)).rejects.toThrow(
          /^The operation was settled by its submit's answer/,
        )
      }
      expect(await queue.count()).toBe(0)
    } finally {
      await queue.obliterate({ force: true })
      await queue.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('closes a worker while its check is in flight: the check finishes, and another worker goes on', async () => {
    const slow = await startJobServer(0, 400)
    try {
      const api = createClient({ baseUrl: slow.url, backoff })
      const queue = new Queue('ops-close', { connection: connection() })
      const first = new Worker('ops-close', operationProcessor(api), { connection: connection() })
      first.on('error', () => {})
      try {
        const op = await api.start('/jobs', { json: { ms: 500 } })
        const job = await enqueueOperation(queue, op)
        await job.updateData({ token: { ...op.toJSON(), nextPollAt: Date.now() } })
        const id = op.statusUrl.split('/').at(-1) as string
        while (!slow.statusReads.has(id)) await new Promise((resolve) => setTimeout(resolve, 20))
        await first.close()
        expect(await queue.getJobState(job.id as string)).toBe('delayed')
        expect(slow.statusReads.get(id)).toBe(1)
        await withWorker('ops-close', operationProcessor(api), async () => {
          const done = await finished(queue, job.id as string)
          expect(await done?.getState()).toBe('completed')
          expect(done?.returnvalue).toEqual({ id })
          expect(slow.resultFetches.get(id)).toBe(1)
        })
      } finally {
        await first.close()
        await queue.close()
      }
    } finally {
      await slow.close()
    }
  }, 15_000)
})
