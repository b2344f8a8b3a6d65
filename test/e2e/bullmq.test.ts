import { type ChildProcess, spawn } from 'node:child_process'
import { Queue, QueueEvents, Worker } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
