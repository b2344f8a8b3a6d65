/**
 * Many operations at once (issue 9, targets 2 and 3):
 *  (i)   heap per pending operation at 10,000 pending, asleep on a long Retry-After;
 *  (ii)  2,000 operations against a server that answers in 20 ms, default options: drain time,
 *        peak sockets to the origin, event-loop delay p99, requests/s; @azure/core-lro beside it;
 *  (iii) 10,000 at once, the same figures.
 * Each measurement runs in a fresh worker process (bench/lib/scale-worker.ts); the server runs in
 * one child process of its own. Interleaved rounds, medians.
 *
 *   node --import tsx bench/scale.ts [--rounds 3] [--heap-rounds 1] [--heap-n 10000] [--cap-ms 30000]
 *     [--attribute] [--only heap|drain] [--quick]
 *
 * --attribute takes heap snapshots of pollwise's first heap round and counts what one operation
 * holds; --quick leaves out the runs of 10,000 at once.
 */
import { fork } from 'node:child_process'
import { flag, numberArg } from './lib/args.js'
import { ensureBuilt } from './lib/build.js'
import { type ChildServer, freshStart, startChildServer } from './lib/child-server.js'
import { writeResults } from './lib/results.js'
import type {
  DrainLibrary,
  DrainResult,
  HeapLibrary,
  HeapResult,
  Library,
  Task,
} from './lib/scale-worker.js'
import { median } from './lib/stats.js'

const rounds = numberArg('rounds', 3)
/** pollwise takes long to set up 10,000 operations today: one round of the heap test by default. */
const heapRounds = numberArg('heap-rounds', 1)
const heapN = numberArg('heap-n', 10_000)
const capMs = numberArg('cap-ms', 30_000)
const drainSizes = flag('quick') ? [2_000] : [2_000, 10_000]
/** The bigger runs are long (and the peers' 10,000 sockets heavy): one round each. */
const roundsFor = (n: number) => (n > 2_000 ? 1 : rounds)

function runWorker<T>(task: Task): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/scale-worker.ts', import.meta.url), [JSON.stringify(task)], {
      execArgv: [
        '--expose-gc',
        '--enable-source-maps',
        '--max-old-space-size=4096',
        '--import',
        'tsx',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let answered = false
    child.once('message', (message) => {
      answered = true
      resolve(message as T)
    })
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`scale worker ${JSON.stringify(task)} exited with ${code}`))
    })
  })
}

/** Runs `measure` for each library, `count` rounds, each round in another order. */
async function interleave<L extends Library, T>(
  libraries: readonly L[],
  count: number,
  measure: (library: L, round: number) => Promise<T>,
): Promise<Map<L, T[]>> {
  const samples = new Map<L, T[]>(libraries.map((library) => [library, []]))
  for (let round = 0; round < count; round += 1) {
    for (let i = 0; i < libraries.length; i += 1) {
      const library = libraries[(round + i) % libraries.length] as L
      samples.get(library)?.push(await measure(library, round))
    }
  }
  return samples
}

function medianOf<T>(list: readonly T[], pick: (item: T) => number): number {
  return median(list.map(pick))
}

async function heapBench(server: ChildServer) {
  const libraries: HeapLibrary[] = [
    'pollwise',
    '@azure/core-lro',
    '@smithy/util-waiter',
    'bare timer',
  ]
  const samples = await interleave(libraries, heapRounds, async (library, round) => {
    await freshStart(server)
    const result = await runWorker<HeapResult>({
      kind: 'heap',
      library,
      n: heapN,
      // One heap census of pollwise, in the first round: where the bytes go.
      attribute: flag('attribute') && library === 'pollwise' && round === 0,
      server,
    })
    console.log(`scale: heap ${library} ${result.bytesPerOp} B/op (${result.setupMs} ms to set up)`)
    return result
  })
  return libraries.map((library) => {
    const list = samples.get(library) ?? []
    return {
      library,
      bytesPerOp: medianOf(list, (sample) => sample.bytesPerOp),
      externalBytesPerOp: medianOf(list, (sample) => sample.externalBytesPerOp),
      setupMs: medianOf(list, (sample) => sample.setupMs),
      samples: list.map((sample) => sample.bytesPerOp),
      ...(list[0]?.census ? { census: list[0].census } : {}),
    }
  })
}

async function drainBench(server: ChildServer, n: number) {
  const libraries: DrainLibrary[] =
    n > 2_000
      ? ['pollwise', '@azure/core-lro']
      : [
          'pollwise',
          'pollwise, first poll at once',
          'bare fetch, 64 at a time',
          'plain ky, 64 at a time',
          '@azure/core-lro',
        ]
  const samples = await interleave(libraries, roundsFor(n), async (library) => {
    await freshStart(server)
    const result = await runWorker<DrainResult>({
      kind: 'drain',
      library,
      n,
      delayMs: 20,
      capMs,
      server,
    })
    console.log(`scale: ${n} ops ${library}: ${JSON.stringify(result)}`)
    return result
  })
  return libraries.map((library) => {
    const list = samples.get(library) ?? []
    return {
      library,
      n,
      drained: list.every((sample) => sample.drained),
      completed: medianOf(list, (sample) => sample.completed),
      failed: medianOf(list, (sample) => sample.failed),
      ...(list.find((sample) => sample.firstError)?.firstError
        ? { firstError: list.find((sample) => sample.firstError)?.firstError }
        : {}),
      drainMs: medianOf(list, (sample) => sample.drainMs),
      peakSockets: medianOf(list, (sample) => sample.peakSockets),
      connections: medianOf(list, (sample) => sample.connections),
      requestsPerSecond: medianOf(list, (sample) => sample.requestsPerSecond),
      loopDelayP99Ms: medianOf(list, (sample) => sample.loopDelayP99Ms),
      loopDelayMaxMs: medianOf(list, (sample) => sample.loopDelayMaxMs),
      samplesDrainMs: list.map((sample) => sample.drainMs),
    }
  })
}

async function main() {
  const built = ensureBuilt()
  const server = await startChildServer()
  try {
    const only = process.argv[process.argv.indexOf('--only') + 1]
    const heap = only === 'drain' ? [] : await heapBench(server)
    const drain = []
    if (only !== 'heap') for (const n of drainSizes) drain.push(...(await drainBench(server, n)))
    const file = writeResults('scale', {
      built,
      rounds,
      heapRounds,
      heapN,
      capMs,
      note: `Heap: ${heapN} operations submitted 64 at a time, each asleep on a Retry-After of an hour after its first status poll; heapUsed after minus before, both after full collections, over ${heapN}. Drain: n operations started at once, each done at its first status poll, against a server answering every request (submits too) 20 ms late; default options; a run stops at ${capMs} ms. The server runs in a child process; each measurement in a fresh worker process. Heap: ${heapRounds} round(s); drain: medians of ${rounds} rounds (${drainSizes.filter((n) => n > 2_000).join(', ')} at once: one round).`,
      heap,
      drain,
    })
    console.log(`wrote ${file.pathname}`)
  } finally {
    await server.stop()
  }
}

await main()
