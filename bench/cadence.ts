/**
 * Cadence benchmark: how many status requests each client sends per job, and how late it sees the
 * job's end, on the job model of bench/lib/job-model.ts under a simulated clock (no real waiting).
 *
 *   node --import tsx bench/cadence.ts [--seeds 5] [--clients pollwise,google] [--modes none,linear]
 *     [--backoff '{"factor":2,"maxDelayMs":10000}'] [--no-write]
 *
 * `--backoff` runs pollwise with other backoff options than its defaults, to compare cadences; such
 * a run writes nothing.
 *
 * Each client runs its own code with its own defaults:
 * - pollwise: `createClient` with the simulated `clock` and a seeded `random` injected, and
 *   `ky: { fetch }` answering from the model with generic JSON `{status, progress}` bodies.
 * - @smithy/util-waiter: `createWaiter` with its defaults (minDelay 2 s, maxDelay 120 s), with a
 *   simulated `setTimeout`, `Date.now` and a seeded `Math.random` installed on globalThis for the
 *   run (the library reads them directly), restored after.
 * - @azure/core-lro 3.3: `createHttpPoller` over a fake `lro` answering from the model (default
 *   intervalInMs 2000, honours Retry-After), with the simulated `setTimeout` installed alike.
 * - Google: google-gax is not installed, so its LRO polling schedule is implemented literally as
 *   google-gax's `Operation.startPolling_` runs it with the default backoff settings: a first
 *   getOperation at once, then waits of 100 ms growing x1.3 up to 60 s, no jitter.
 *
 * Requests are the status requests after the submit. The delay is the time from the job's real end
 * to the request that saw it; the first poll, the mean time from the submit to the first status
 * request. Each seed is one workload; the figures quoted are medians over seeds.
 *
 * With no hints, each client is also set beside the hindsight frontier (bench/lib/frontier.ts): the
 * least expected mean delay any client could achieve with no more requests per job, knowing the job
 * model's distribution of durations. `vsFrontier` is the client's mean delay over the frontier's
 * at the client's own requests per job, per seed, median over seeds.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { createHttpPoller } from '@azure/core-lro'
import { createWaiter, WaiterState, waiterServiceDefaults } from '@smithy/util-waiter'
import type { BackoffOptions } from '../src/index.js'
import { createClient } from '../src/index.js'
import { cadenceChart } from './lib/cadence-chart.js'
import { type FrontierPoint, frontierDelayAt, hindsightFrontier } from './lib/frontier.js'
import {
  createJobs,
  type Job,
  type JobStatus,
  type Mode,
  modes,
  seededRandom,
  statusAt,
  workload,
} from './lib/job-model.js'

type ClientName = 'pollwise' | 'google' | 'azure' | 'smithy'
const clientNames: readonly ClientName[] = ['pollwise', 'google', 'azure', 'smithy']

const realSetImmediate = globalThis.setImmediate

/**
 * Simulated time: timers ordered by due time, fired one at a time once every promise reaction of
 * the previous one has run. No real time passes.
 */
class SimTime {
  now = 0
  #timers: { due: number; seq: number; fire: () => void }[] = []
  #seq = 0

  setTimeout = (fire: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): number => {
    const id = ++this.#seq
    const due = this.now + Math.max(0, ms)
    const timer = { due, seq: id, fire: () => fire(...args) }
    const index = this.#timers.findIndex((other) => other.due > due)
    this.#timers.splice(index === -1 ? this.#timers.length : index, 0, timer)
    return id
  }

  clearTimeout = (id: unknown): void => {
    const index = this.#timers.findIndex((timer) => timer.seq === id)
    if (index !== -1) this.#timers.splice(index, 1)
  }

  /** A pollwise `Clock` on this time. */
  clock = {
    now: () => this.now,
    sleep: (ms: number, signal: AbortSignal): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        const onAbort = () => {
          this.clearTimeout(id)
          reject(signal.reason)
        }
        const id =
          ms === Number.POSITIVE_INFINITY
            ? undefined
            : this.setTimeout(() => {
                signal.removeEventListener('abort', onAbort)
                resolve()
              }, ms)
        signal.addEventListener('abort', onAbort, { once: true })
      }),
  }

  /** Runs time forward until `promise` settles. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false
    const outcome = promise.finally(() => {
      settled = true
    })
    outcome.catch(() => {})
    for (;;) {
      for (let i = 0; i < 3 && !settled; i++) await new Promise((done) => realSetImmediate(done))
      if (settled) return outcome
      const next = this.#timers.shift()
      if (!next) throw new Error('Simulation stuck: nothing pending and the promise is unsettled')
      this.now = Math.max(this.now, next.due)
      next.fire()
    }
  }
}

/** One job as a client saw it. */
interface Run {
  readonly requests: number
  readonly delayMs: number
  /** From the submit to the first status request. */
  readonly firstPollMs: number
}

/** The times of the status requests a client made, and when the first one saw the end. */
function recorder(job: Job, mode: Mode, sim: SimTime) {
  const times: number[] = []
  return {
    times,
    ask() {
      times.push(sim.now)
      return statusAt(job, mode, sim.now)
    },
    result(): Run {
      const seen = times.find((at) => at >= job.durationMs)
      if (seen === undefined) throw new Error(`The end of a ${job.durationMs} ms job was not seen`)
      return { requests: times.length, delayMs: seen - job.durationMs, firstPollMs: times[0] ?? 0 }
    },
  }
}

const origin = 'https://bench.invalid'

/** The Retry-After header the model's server sends, where its mode has one. */
function retryAfterHeader(status: JobStatus): Record<string, string> {
  return status.retryAfterSec === undefined ? {} : { 'retry-after': String(status.retryAfterSec) }
}

async function runPollwise(
  job: Job,
  mode: Mode,
  seed: number,
  backoff: BackoffOptions | undefined,
): Promise<Run> {
  const sim = new SimTime()
  const record = recorder(job, mode, sim)
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    if (request.method === 'POST') {
      const headers = { location: '/jobs/1', ...retryAfterHeader(statusAt(job, mode, 0)) }
      return new Response(null, { status: 202, headers })
    }
    const status = record.ask()
    if (status.done) return Response.json({ status: 'succeeded', progress: 1, result: 'ok' })
    const body = {
      status: 'running',
      ...(status.percent === undefined ? {} : { progress: status.percent / 100 }),
    }
    return Response.json(body, { headers: retryAfterHeader(status) })
  }
  const client = createClient({
    baseUrl: origin,
    clock: sim.clock,
    random: seededRandom(seed),
    // The jobs run up to 10 minutes; the default 10-minute deadline would cut the longest short.
    timeoutMs: 3_600_000,
    ky: { fetch },
    ...(backoff === undefined ? {} : { backoff }),
  })
  await sim.run(client.run('/jobs'))
  return record.result()
}

/** Runs `body` with the simulated time (and a seeded Math.random) on globalThis. */
async function withGlobals<T>(sim: SimTime, seed: number, body: () => Promise<T>): Promise<T> {
  const saved = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    now: Date.now,
    random: Math.random,
  }
  globalThis.setTimeout = sim.setTimeout as unknown as typeof setTimeout
  globalThis.clearTimeout = sim.clearTimeout as typeof clearTimeout
  Date.now = () => sim.now
  Math.random = seededRandom(seed)
  try {
    return await sim.run(body())
  } finally {
    globalThis.setTimeout = saved.setTimeout
    globalThis.clearTimeout = saved.clearTimeout
    Date.now = saved.now
    Math.random = saved.random
  }
}

async function runSmithy(job: Job, mode: Mode, seed: number): Promise<Run> {
  const sim = new SimTime()
  const record = recorder(job, mode, sim)
  await withGlobals(sim, seed, () =>
    createWaiter({ ...waiterServiceDefaults, client: {}, maxWaitTime: 3600 }, {}, async () => ({
      state: record.ask().done ? WaiterState.SUCCESS : WaiterState.RETRY,
    })),
  )
  return record.result()
}

async function runAzure(job: Job, mode: Mode, seed: number): Promise<Run> {
  const sim = new SimTime()
  const record = recorder(job, mode, sim)
  const lro = {
    sendInitialRequest: async () => ({
      flatResponse: {},
      rawResponse: {
        statusCode: 202,
        request: { method: 'POST', url: `${origin}/jobs` },
        headers: {
          'operation-location': `${origin}/jobs/1`,
          ...retryAfterHeader(statusAt(job, mode, 0)),
        },
        body: {},
      },
    }),
    sendPollRequest: async (path: string) => {
      const status = record.ask()
      const body = status.done
        ? { status: 'Succeeded' }
        : {
            status: 'Running',
            ...(status.percent === undefined ? {} : { percentComplete: status.percent }),
          }
      return {
        flatResponse: body,
        rawResponse: {
          statusCode: 200,
          request: { method: 'GET', url: path },
          headers: retryAfterHeader(status),
          body,
        },
      }
    },
  }
  await withGlobals(sim, seed, async () => createHttpPoller(lro).pollUntilDone())
  return record.result()
}

/** google-gax's `Operation.startPolling_` with `createDefaultBackoffSettings()`: 100 ms, x1.3, 60 s. */
const googleBackoff = {
  initialRetryDelayMillis: 100,
  retryDelayMultiplier: 1.3,
  maxRetryDelayMillis: 60_000,
}

async function runGoogle(job: Job, mode: Mode): Promise<Run> {
  const sim = new SimTime()
  const record = recorder(job, mode, sim)
  const { initialRetryDelayMillis, retryDelayMultiplier, maxRetryDelayMillis } = googleBackoff
  const done = new Promise<void>((resolve) => {
    let delay = initialRetryDelayMillis
    const retry = () => {
      if (record.ask().done) return resolve()
      sim.setTimeout(() => {
        delay = Math.min(delay * retryDelayMultiplier, maxRetryDelayMillis)
        retry()
      }, delay)
    }
    retry()
  })
  await sim.run(done)
  return record.result()
}

function runOne(
  client: ClientName,
  job: Job,
  mode: Mode,
  seed: number,
  backoff: BackoffOptions | undefined,
): Promise<Run> {
  switch (client) {
    case 'pollwise':
      return runPollwise(job, mode, seed, backoff)
    case 'smithy':
      return runSmithy(job, mode, seed)
    case 'azure':
      return runAzure(job, mode, seed)
    case 'google':
      return runGoogle(job, mode)
  }
}

interface Stats {
  readonly requests: number
  readonly meanDelayMs: number
  readonly p90DelayMs: number
  readonly meanFirstPollMs: number
  /** With no hints: the frontier's mean delay at these requests per job, on the same jobs. */
  readonly frontierDelayMs?: number | undefined
}

function quantile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length
const median = (values: readonly number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

function statsOf(runs: readonly Run[]): Stats {
  const delays = runs.map((run) => run.delayMs).sort((a, b) => a - b)
  return {
    requests: mean(runs.map((run) => run.requests)),
    meanDelayMs: mean(delays),
    p90DelayMs: quantile(delays, 0.9),
    meanFirstPollMs: mean(runs.map((run) => run.firstPollMs)),
  }
}

function parseArgs(argv: readonly string[]) {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`)
    return index === -1 ? undefined : argv[index + 1]
  }
  const list = <T extends string>(name: string, all: readonly T[]): readonly T[] =>
    value(name)
      ?.split(',')
      .filter((item): item is T => (all as readonly string[]).includes(item)) ?? all
  const backoff = value('backoff')
  return {
    seeds: Number(value('seeds') ?? 5),
    clients: list('clients', clientNames),
    modes: list('modes', modes),
    backoff: backoff === undefined ? undefined : (JSON.parse(backoff) as BackoffOptions),
    write: !argv.includes('--no-write') && backoff === undefined,
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const seeds = Array.from({ length: args.seeds }, (_, index) => index + 1)
  const perSeed: Record<string, Stats[]> = {}
  const frontier = hindsightFrontier(workload)
  for (const seed of seeds) {
    const jobs = createJobs(seed)
    for (const mode of args.modes) {
      for (const client of args.clients) {
        const runs: Run[] = []
        for (const [index, job] of jobs.entries()) {
          runs.push(await runOne(client, job, mode, seed * 100_003 + index, args.backoff))
        }
        const stats = statsOf(runs)
        const key = `${client}/${mode}`
        perSeed[key] ??= []
        perSeed[key].push(
          mode === 'none'
            ? { ...stats, frontierDelayMs: frontierDelayAt(frontier, stats.requests) }
            : stats,
        )
      }
    }
  }

  const rows = args.modes.flatMap((mode) =>
    args.clients.map((client) => {
      const stats = perSeed[`${client}/${mode}`] ?? []
      const against = stats.filter((s) => s.frontierDelayMs !== undefined)
      const vsFrontier =
        against.length === stats.length && stats.length > 0
          ? {
              frontierDelayS: round(median(against.map((s) => s.frontierDelayMs ?? 0)) / 1000, 2),
              vsFrontier: round(
                median(against.map((s) => s.meanDelayMs / (s.frontierDelayMs ?? 0))),
                2,
              ),
            }
          : {}
      return {
        mode,
        client,
        requestsPerJob: round(median(stats.map((s) => s.requests)), 1),
        meanDelayS: round(median(stats.map((s) => s.meanDelayMs)) / 1000, 2),
        p90DelayS: round(median(stats.map((s) => s.p90DelayMs)) / 1000, 2),
        firstPollS: round(median(stats.map((s) => s.meanFirstPollMs)) / 1000, 2),
        ...vsFrontier,
        perSeed: stats.map((s) => ({
          requests: round(s.requests, 2),
          meanDelayS: round(s.meanDelayMs / 1000, 3),
          p90DelayS: round(s.p90DelayMs / 1000, 3),
          firstPollS: round(s.meanFirstPollMs / 1000, 3),
          ...(s.frontierDelayMs === undefined
            ? {}
            : { frontierDelayS: round(s.frontierDelayMs / 1000, 3) }),
        })),
      }
    }),
  )

  console.log(
    `Cadence: ${workload.count} jobs per seed, log-normal (median ${workload.medianMs / 1000} s, sigma ${workload.sigma}, ${workload.minMs / 1000} s..${workload.maxMs / 60_000} min); medians of ${seeds.length} seeds`,
  )
  if (args.backoff) console.log(`pollwise with backoff ${JSON.stringify(args.backoff)}`)
  console.log('')
  console.log(
    '| mode | client | requests/job | mean delay (s) | p90 delay (s) | first poll (s) | frontier (s) | vs frontier |',
  )
  console.log('|---|---|---:|---:|---:|---:|---:|---:|')
  for (const row of rows) {
    const beside =
      row.frontierDelayS === undefined || row.vsFrontier === undefined
        ? ' | '
        : `${row.frontierDelayS.toFixed(2)} | ${row.vsFrontier.toFixed(2)}x`
    console.log(
      `| ${row.mode} | ${row.client} | ${row.requestsPerJob.toFixed(1)} | ${row.meanDelayS.toFixed(2)} | ${row.p90DelayS.toFixed(2)} | ${row.firstPollS.toFixed(2)} | ${beside} |`,
    )
  }
  const curve = frontierCurve(frontier)

  if (args.write) {
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
    const report = {
      benchmark: 'cadence',
      date: new Date().toISOString(),
      node: process.version,
      machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
      workload,
      seeds,
      rows,
      frontier: curve,
    }
    const file = new URL('./results/cadence.json', import.meta.url)
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
    const chart = new URL('./results/cadence.svg', import.meta.url)
    writeFileSync(chart, cadenceChart(rows, curve))
    console.log(`\nWrote ${file.pathname} and ${chart.pathname}`)
  }
}

/** The frontier at whole numbers of requests per job, for the chart and the report. */
function frontierCurve(
  frontier: readonly FrontierPoint[],
): { requestsPerJob: number; meanDelayS: number }[] {
  const curve: { requestsPerJob: number; meanDelayS: number }[] = []
  for (let requests = 2; requests <= 30; requests++) {
    const delayMs = frontierDelayAt(frontier, requests)
    if (delayMs !== undefined)
      curve.push({ requestsPerJob: requests, meanDelayS: round(delayMs / 1000, 3) })
  }
  return curve
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

await main()
