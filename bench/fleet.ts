// The fleet on BullMQ at scale: N pending operations (default 100,000) queued on a real Redis
// (Debian's redis-server on a loopback port), checked by 4 workers against a loopback job server.
// Measures Redis memory per pending operation, checks per second, and how late each check ran
// against the time it was due (p50, p99). Writes bench/results/fleet.json.
//
//   node --import tsx bench/fleet.ts [--operations 100000] [--seconds 60]
import { Queue, Worker } from 'bullmq'
import { enqueueOperation, type OperationJobData, operationProcessor } from '../src/bullmq/index.js'
import { defaultBackoff } from '../src/check-options.js'
import { createClient } from '../src/index.js'
import { startJobServer } from '../test/e2e/fixtures/job-server.js'
import { startRedis } from '../test/support/redis.js'
import { numberArg } from './lib/args.js'
import { writeResults } from './lib/results.js'
import { mapLimit, round, sleep } from './lib/stats.js'

const operations = numberArg('operations', 100_000)
const seconds = numberArg('seconds', 60)
const workers = 4

const redis = await startRedis()
// No Retry-After: each operation's checks follow pollwise's default backoff (recorded in the results).
const jobs = await startJobServer(0)
const connection = { host: '127.0.0.1', port: redis.port }
const queue = new Queue('fleet', { connection })
const client = await queue.client
const usedMemory = async () =>
  Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? Number.NaN)

const api = createClient({ baseUrl: jobs.url, timeoutMs: 3_600_000 })
const before = await usedMemory()
const submitStarted = Date.now()
// Jobs that last longer than the run: every operation stays pending, checked on its cadence.
await mapLimit(Array.from({ length: operations }), 64, async () => {
  const op = await api.start('/jobs', { json: { ms: 3_600_000 } })
  await enqueueOperation(queue, op)
})
const submitSeconds = (Date.now() - submitStarted) / 1000
const memoryPerOperation = ((await usedMemory()) - before) / operations

const lateness: number[] = []
let checks = 0
const processor = operationProcessor(api)
// A run before its check is due (the first, right after the queuing) sends nothing: only the due
// ones are checks, and their lateness is counted.
const measured = async (job: Parameters<typeof processor>[0], token?: string) => {
  const late = Date.now() - (job.data as OperationJobData).token.nextPollAt
  if (late >= 0) {
    lateness.push(late)
    checks += 1
  }
  return processor(job, token)
}
const started = Date.now()
const fleet = Array.from(
  { length: workers },
  () => new Worker('fleet', measured, { connection, concurrency: 200 }),
)
await sleep(seconds * 1000)
const elapsed = (Date.now() - started) / 1000
await Promise.all(fleet.map((worker) => worker.close(true)))

const sorted = [...lateness].sort((a, b) => a - b)
const percentile = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
const result = {
  operations,
  workers,
  seconds: round(elapsed, 1),
  submitSeconds: round(submitSeconds, 1),
  redisBytesPerOperation: Math.round(memoryPerOperation),
  checksPerSecond: round(checks / elapsed, 1),
  latenessMs: { p50: percentile(0.5), p99: percentile(0.99), max: sorted.at(-1) ?? 0 },
  backoff: {
    initialDelayMs: defaultBackoff.initialDelayMs,
    factor: defaultBackoff.factor,
    maxDelayMs: defaultBackoff.maxDelayMs,
  },
}
console.log(JSON.stringify(result, null, 2))
writeResults('fleet', result)

await queue.obliterate({ force: true })
await queue.close()
await jobs.close()
await redis.stop()
