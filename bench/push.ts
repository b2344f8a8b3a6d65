/**
 * Push: how soon a client sees a job's end, and what 1,000 status streams at once cost.
 *  (i)  Detection delay: the same jobs (lengths 2 to 20 s, submitted over 45 s) followed three ways
 *       at once, each by its own client with the defaults: a status location that streams SSE
 *       (heartbeat comments every 5 s), long-poll (`longPollSeconds: 20` against a server that
 *       honours `Prefer: wait`), and plain polling (no hints) as the baseline. The delay runs from
 *       the moment the job ended on the server to the moment `wait()` resolved on the client, on
 *       one clock (the offset between the two processes' clocks is measured); p50, p95, mean, and
 *       status requests per job.
 *  (ii) Scale: 1,000 streaming operations at once on one client with the defaults (a progress
 *       event every second, each ending after 10 to 20 s): heap per operation with every stream
 *       open, sockets at the server, event-loop delay p99, and whether all end with their own
 *       result; beside it, the floor: a bare fetch and SSE reader per stream, the same 1,000.
 * The server runs in a child process; each part in a fresh worker process
 * (bench/lib/push-worker.ts). About two minutes.
 *
 *   node --expose-gc --import tsx bench/push.ts [--jobs 120] [--spread-ms 45000] [--n 1000]
 *     [--only detect|scale]
 */
import { fork } from 'node:child_process'
import { loadavg } from 'node:os'
import { numberArg } from './lib/args.js'
import { ensureBuilt } from './lib/build.js'
import { freshPushStart, type PushServer, startPushServer } from './lib/push-control.js'
import type { DetectResult, PushTask, ScaleLibrary, ScaleResult } from './lib/push-worker.js'
import { writeResults } from './lib/results.js'
import { round } from './lib/stats.js'

const detectTask = {
  jobs: numberArg('jobs', 120),
  spreadMs: numberArg('spread-ms', 45_000),
  minMs: 2_000,
  maxMs: 20_000,
  seed: numberArg('seed', 1),
  longPollSeconds: 20,
}
const scaleTask = {
  n: numberArg('n', 1_000),
  minMs: 10_000,
  maxMs: 20_000,
  progressMs: 1_000,
  seed: numberArg('seed', 1),
}
/** The product's target: a stream or a long-poll sees the end within 100 ms, p95. */
const targetP95Ms = 100

function runWorker<T>(task: PushTask): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/push-worker.ts', import.meta.url), [JSON.stringify(task)], {
      execArgv: ['--expose-gc', '--enable-source-maps', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let answered = false
    child.once('message', (message) => {
      answered = true
      resolve(message as T)
    })
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`push worker ${task.kind} exited with ${code}`))
    })
  })
}

async function main() {
  const built = ensureBuilt()
  const loadBefore = round(loadavg()[0] ?? 0, 1)
  const server: PushServer = await startPushServer()
  const only = process.argv[process.argv.indexOf('--only') + 1]
  try {
    let detect: DetectResult | undefined
    if (only !== 'scale') {
      const began = performance.now()
      detect = await runWorker<DetectResult>({ kind: 'detect', server, ...detectTask })
      for (const row of detect.rows) console.log(`push: detect ${JSON.stringify(row)}`)
      console.log(`push: detection took ${((performance.now() - began) / 1000).toFixed(0)} s`)
    }
    const scale: ScaleResult[] = []
    const libraries: ScaleLibrary[] = only === 'detect' ? [] : ['pollwise', 'bare fetch']
    for (const library of libraries) {
      await freshPushStart(server)
      const began = performance.now()
      const result = await runWorker<ScaleResult>({ kind: 'scale', library, server, ...scaleTask })
      scale.push(result)
      console.log(`push: scale ${JSON.stringify(result)}`)
      console.log(
        `push: scale ${library} took ${((performance.now() - began) / 1000).toFixed(0)} s`,
      )
    }
    const file = writeResults('push', {
      built,
      // Other work shares the machine: its load, from the start and the end of the run.
      loadAverage: { before: loadBefore, after: round(loadavg()[0] ?? 0, 1) },
      targetP95Ms,
      workload: { detect: detectTask, scale: scaleTask },
      note: `Detection: ${detectTask.jobs} jobs of ${detectTask.minMs / 1000} to ${detectTask.maxMs / 1000} s (uniform, seed ${detectTask.seed}) submitted at uniform moments over ${detectTask.spreadMs / 1000} s, each followed in the three modes at once by one client per mode; delay = wait() resolved on the client minus the job's end on the server, on one clock. Scale: ${scaleTask.n} streams at once on one client, a progress event every ${scaleTask.progressMs} ms, ending after ${scaleTask.minMs / 1000} to ${scaleTask.maxMs / 1000} s. Defaults unless said; server in a child process, each part in a fresh worker process.`,
      ...(detect ? { detect } : {}),
      ...(scale.length > 0 ? { scale } : {}),
    })
    console.log(`wrote ${file.pathname}`)
  } finally {
    await server.stop()
  }
}

await main()
