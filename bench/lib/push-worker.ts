/**
 * One measurement of bench/push.ts in a fresh process (so that no earlier run's heap, sockets or
 * JIT state leaks into it). Reads its task from argv as JSON, answers over IPC, exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { loadPollwise } from './build.js'
import type { ServerAddress } from './child-server.js'
import { seededRandom } from './job-model.js'
import { clockNow, freshPushStart, pushControl, serverClockOffset } from './push-control.js'
import type { JobRecord, PushMode } from './push-server.js'
import { round, settleHeap, sleep } from './stats.js'

export type PushTask =
  | {
      kind: 'detect'
      server: ServerAddress
      /** Jobs per mode: every mode runs the same jobs, started at the same moments. */
      jobs: number
      /** The submits are spread over this long. */
      spreadMs: number
      minMs: number
      maxMs: number
      seed: number
      longPollSeconds: number
    }
  | {
      kind: 'scale'
      library: ScaleLibrary
      server: ServerAddress
      n: number
      minMs: number
      maxMs: number
      progressMs: number
      seed: number
    }

/** Detection delays of one mode, in ms. */
export interface DelayFigures {
  readonly p50Ms: number
  readonly p95Ms: number
  readonly meanMs: number
  readonly maxMs: number
}

export interface DetectRow extends DelayFigures {
  readonly mode: PushMode
  readonly jobs: number
  readonly completed: number
  /** Operations that rejected or resolved with another job's result; `firstError` says why. */
  readonly failed: number
  readonly firstError?: string
  /** Status requests per job (polls, held reads, stream connections), the submit not counted. */
  readonly requestsPerJob: number
  /** The most status requests one job took. */
  readonly maxRequests: number
}

export interface DetectResult {
  readonly rows: DetectRow[]
  /** The server's clock minus this process's, as measured and applied. */
  readonly clockOffsetMs: number
  readonly loopDelayP99Ms: number
  readonly runMs: number
}

/** pollwise, or the floor: a bare fetch and SSE reader per stream. */
export type ScaleLibrary = 'pollwise' | 'bare fetch'

export interface ScaleResult {
  readonly library: ScaleLibrary
  readonly n: number
  readonly completed: number
  readonly failed: number
  readonly firstError?: string
  /** From the first submit until the server had every stream open. */
  readonly openMs: number
  /** Streams the server had open while the heap was measured (before and after). */
  readonly streamsAtHeap: readonly [number, number]
  /** (heapUsed with the streams open - heapUsed before the submits) / n, both after full collections. */
  readonly heapBytesPerOp: number
  readonly externalBytesPerOp: number
  /** Connections open at the server while every stream was. */
  readonly socketsOpen: number
  readonly peakSockets: number
  readonly connections: number
  /** Connections still open at the server 1 s after the last result. */
  readonly socketsLeft: number
  readonly requestsPerJob: number
  /** Pending events the server wrote to the streams, and `onProgress` calls with a pending snapshot. */
  readonly progressSent: number
  readonly progressSeen: number
  readonly delay: DelayFigures
  /**
   * Event-loop delay of this process from the first submit to the last result, the heap readings
   * left out: the higher of the two spans' (before them, after them).
   */
  readonly loopDelayP99Ms: number
  readonly loopDelayMaxMs: number
  /** The same, from the first submit until every stream was open and had brought a record. */
  readonly loopDelayOpeningP99Ms: number
  /** The same, from after the heap readings to the last result. */
  readonly loopDelayRunningP99Ms: number
  /** This process's CPU time (user + system) after the heap readings to the last result, as a share of one core. */
  readonly cpuPercent: number
  readonly runMs: number
}

const { createClient } = await loadPollwise()

/** What one operation came to, seen from the client. */
interface Outcome {
  readonly id: string
  /** When `wait()` resolved, client time. */
  readonly seenAt: number
  readonly progressSeen: number
  readonly error?: string
}

type Client = ReturnType<typeof createClient>

/** Submits a job and waits for it; an error, or a result that is not this job's, is the outcome's `error`. */
async function follow(api: Client, query: string): Promise<Outcome> {
  let id = '?'
  let progressSeen = 0
  try {
    const op = await api.start(`/jobs?${query}`)
    id = op.statusUrl.slice(op.statusUrl.lastIndexOf('/') + 1)
    const result = (await op.wait({
      onProgress: (snapshot) => {
        if (snapshot.state === 'pending') progressSeen += 1
      },
    })) as { id?: unknown } | undefined
    const seenAt = clockNow()
    if (result?.id !== id) {
      return {
        id,
        seenAt,
        progressSeen,
        error: `job ${id} resolved with ${JSON.stringify(result)}`,
      }
    }
    return { id, seenAt, progressSeen }
  } catch (error) {
    return { id, seenAt: clockNow(), progressSeen, error: describe(error) }
  }
}

/** Delays (seen on the client minus ended on the server, in server time) of the outcomes that succeeded. */
function delaysOf(
  outcomes: readonly Outcome[],
  records: ReadonlyMap<string, JobRecord>,
  offsetMs: number,
): number[] {
  return outcomes.flatMap((outcome) => {
    const endedAt = records.get(outcome.id)?.endedAt
    return outcome.error === undefined && endedAt !== undefined
      ? [outcome.seenAt + offsetMs - endedAt]
      : []
  })
}

function figures(delays: readonly number[]): DelayFigures {
  const sorted = [...delays].sort((a, b) => a - b)
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length
  return {
    p50Ms: round(at(0.5), 1),
    p95Ms: round(at(0.95), 1),
    meanMs: round(mean, 1),
    maxMs: round(sorted.at(-1) ?? Number.NaN, 1),
  }
}

const byId = (records: readonly JobRecord[]) =>
  new Map(records.map((record) => [record.id, record]))

const uniform = (random: () => number, min: number, max: number) =>
  Math.round(min + random() * (max - min))

/**
 * Each mode runs the same jobs (same durations, submitted at the same moments, one client per
 * mode with the defaults, long-poll with `longPollSeconds`): how late each client sees each end.
 */
async function detect(task: Extract<PushTask, { kind: 'detect' }>): Promise<DetectResult> {
  const { server } = task
  const modes: PushMode[] = ['stream', 'long-poll', 'poll']
  const clients = new Map<PushMode, Client>([
    ['stream', createClient({ baseUrl: server.url })],
    ['long-poll', createClient({ baseUrl: server.url, longPollSeconds: task.longPollSeconds })],
    ['poll', createClient({ baseUrl: server.url })],
  ])
  const clientOf = (mode: PushMode) => clients.get(mode) as Client
  // Warm-up: a short job of each mode, so that the code is compiled before anything counts.
  await Promise.all(modes.map((mode) => follow(clientOf(mode), `mode=${mode}&ms=1500`)))
  await freshPushStart(server)
  const offsetMs = await serverClockOffset(server)
  const random = seededRandom(task.seed)
  const jobs = Array.from({ length: task.jobs }, () => ({
    startMs: uniform(random, 0, task.spreadMs),
    durationMs: uniform(random, task.minMs, task.maxMs),
  }))
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const began = performance.now()
  const outcomes = new Map<PushMode, Promise<Outcome>[]>(modes.map((mode) => [mode, []]))
  await Promise.all(
    jobs.map(
      ({ startMs, durationMs }, index) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            // Each job's three submits in another order, so that no mode always goes first.
            for (let i = 0; i < modes.length; i += 1) {
              const mode = modes[(index + i) % modes.length] as PushMode
              outcomes.get(mode)?.push(follow(clientOf(mode), `mode=${mode}&ms=${durationMs}`))
            }
            resolve()
          }, startMs),
        ),
    ),
  )
  const settled = new Map<PushMode, Outcome[]>()
  for (const mode of modes) settled.set(mode, await Promise.all(outcomes.get(mode) ?? []))
  const runMs = performance.now() - began
  loop.disable()
  const records = byId(await pushControl(server, 'jobs'))
  const rows = modes.map((mode): DetectRow => {
    const list = settled.get(mode) ?? []
    const failures = list.filter((outcome) => outcome.error !== undefined)
    const requests = list.map((outcome) => records.get(outcome.id)?.statusRequests ?? 0)
    return {
      mode,
      jobs: list.length,
      completed: list.length - failures.length,
      failed: failures.length,
      ...(failures[0]?.error === undefined ? {} : { firstError: failures[0].error }),
      ...figures(delaysOf(list, records, offsetMs)),
      requestsPerJob: round(requests.reduce((sum, count) => sum + count, 0) / list.length, 2),
      maxRequests: Math.max(...requests),
    }
  })
  return {
    rows,
    clockOffsetMs: round(offsetMs, 3),
    loopDelayP99Ms: round(loop.percentile(99) / 1e6, 1),
    runMs: Math.round(runMs),
  }
}

/** The median of three heap readings after full collections, a little apart. */
async function heapNow(): Promise<{ used: number; external: number }> {
  const readings: Array<{ used: number; external: number }> = []
  for (let i = 0; i < 3; i += 1) {
    const used = await settleHeap()
    readings.push({ used, external: process.memoryUsage().external })
    await sleep(100)
  }
  readings.sort((a, b) => a.used - b.used)
  return readings[1] as { used: number; external: number }
}

/**
 * n operations at once, each a status stream with a progress event every `progressMs` that ends
 * after `minMs`..`maxMs`: heap per operation with every stream open, sockets, event-loop delay,
 * and whether each one ends with its own result. pollwise: one client with the defaults. The
 * floor: a bare fetch and SSE reader, no limit.
 */
async function scale(task: Extract<PushTask, { kind: 'scale' }>): Promise<ScaleResult> {
  const { server, n } = task
  const api = createClient({ baseUrl: server.url })
  const query = (durationMs: number) => `mode=stream&ms=${durationMs}&progressMs=${task.progressMs}`
  const one = (durationMs: number) =>
    task.library === 'pollwise'
      ? follow(api, query(durationMs))
      : bareStream(server.url, query(durationMs))
  // Warm-up: a few streams to their end, so that code is compiled and per-origin state exists.
  await Promise.all(Array.from({ length: 20 }, () => one(2_500)))
  await freshPushStart(server)
  const offsetMs = await serverClockOffset(server)
  const random = seededRandom(task.seed)
  const durations = Array.from({ length: n }, () => uniform(random, task.minMs, task.maxMs))
  const before = await heapNow()
  // Two monitors, one before the heap readings and one after: their full collections stop the
  // loop, and a monitor disabled and enabled again would count that stop as one delay.
  const opening = monitorEventLoopDelay({ resolution: 10 })
  const running = monitorEventLoopDelay({ resolution: 10 })
  opening.enable()
  const began = performance.now()
  const outcomes = durations.map(one)
  let openMs = Number.NaN
  for (;;) {
    const stats = await pushControl(server, 'stats')
    if (stats.streams >= n) {
      openMs = performance.now() - began
      break
    }
    if (performance.now() - began > task.minMs) break
    await sleep(50)
  }
  // Every stream has brought a progress event or more.
  await sleep(task.progressMs * 1.5)
  const open = await pushControl(server, 'stats')
  opening.disable()
  const withStreams = await heapNow()
  const stillOpen = await pushControl(server, 'stats')
  running.enable()
  const cpuBefore = process.cpuUsage()
  const runningSince = performance.now()
  const settled = await Promise.all(outcomes)
  const cpu = process.cpuUsage(cpuBefore)
  const runningMs = performance.now() - runningSince
  const runMs = performance.now() - began
  running.disable()
  await sleep(1_000)
  const afterwards = await pushControl(server, 'stats')
  const records = byId(await pushControl(server, 'jobs'))
  const failures = settled.filter((outcome) => outcome.error !== undefined)
  let requests = 0
  let progressSent = 0
  for (const outcome of settled) {
    requests += records.get(outcome.id)?.statusRequests ?? 0
    progressSent += records.get(outcome.id)?.pendingEvents ?? 0
  }
  const loops = [opening, running]
  return {
    library: task.library,
    n,
    completed: n - failures.length,
    failed: failures.length,
    ...(failures[0]?.error === undefined ? {} : { firstError: failures[0].error }),
    openMs: Math.round(openMs),
    streamsAtHeap: [open.streams, stillOpen.streams],
    heapBytesPerOp: Math.round((withStreams.used - before.used) / n),
    externalBytesPerOp: Math.round((withStreams.external - before.external) / n),
    socketsOpen: open.open,
    peakSockets: afterwards.peakOpen,
    connections: afterwards.connections,
    socketsLeft: afterwards.open,
    requestsPerJob: round(requests / n, 2),
    progressSent,
    progressSeen: settled.reduce((sum, outcome) => sum + outcome.progressSeen, 0),
    delay: figures(delaysOf(settled, records, offsetMs)),
    loopDelayP99Ms: round(Math.max(...loops.map((loop) => loop.percentile(99))) / 1e6, 1),
    loopDelayMaxMs: round(Math.max(...loops.map((loop) => loop.max)) / 1e6, 1),
    loopDelayOpeningP99Ms: round(opening.percentile(99) / 1e6, 1),
    loopDelayRunningP99Ms: round(running.percentile(99) / 1e6, 1),
    cpuPercent: round((100 * (cpu.user + cpu.system)) / 1000 / runningMs, 1),
    runMs: Math.round(runMs),
  }
}

/**
 * The floor of a status stream in Node: a fetch submit, then a fetch of the status location read
 * with a reader, split into events, each data line parsed, until the terminal one. No limit, no
 * reconnection, no timers.
 */
async function bareStream(baseUrl: string, query: string): Promise<Outcome> {
  let id = '?'
  let progressSeen = 0
  try {
    const submit = await fetch(`${baseUrl}/jobs?${query}`, { method: 'POST' })
    await submit.text()
    const location = submit.headers.get('location') ?? ''
    id = location.slice(location.lastIndexOf('/') + 1)
    const response = await fetch(new URL(location, baseUrl))
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) throw new Error(`the stream of job ${id} ended before the job`)
      text += decoder.decode(value, { stream: true })
      for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n')) {
        const data = /^data: (.*)$/m.exec(text.slice(0, end))?.[1]
        text = text.slice(end + 2)
        if (data === undefined) continue
        const body = JSON.parse(data) as { status: string; result?: { id?: unknown } }
        if (body.status === 'running') {
          progressSeen += 1
          continue
        }
        await reader.cancel()
        const seenAt = clockNow()
        if (body.result?.id !== id) {
          return { id, seenAt, progressSeen, error: `job ${id} resolved with ${data}` }
        }
        return { id, seenAt, progressSeen }
      }
    }
  } catch (error) {
    return { id, seenAt: clockNow(), progressSeen, error: describe(error) }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.name}: ${error.message}${cause}`.slice(0, 300)
}

const task = JSON.parse(process.argv[2] ?? '{}') as PushTask
const result = task.kind === 'detect' ? await detect(task) : await scale(task)
process.send?.(result, () => process.exit(0))
