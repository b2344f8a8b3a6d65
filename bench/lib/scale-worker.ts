/**
 * One measurement of bench/scale.ts in a fresh process (so that no earlier run's heap, sockets or
 * JIT state leaks into it). Reads its task from argv as JSON, answers over IPC, exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createHttpPoller } from '@azure/core-lro'
import ky from 'ky'
import { loadPollwise } from './build.js'
import { control, freshStart, type ServerAddress } from './child-server.js'
import { censusDiff, type HeapCounts, heapCensus } from './heap-snapshot.js'
import { azureOperation, azureSend, smithyOperation, smithySubmit, smithyWait } from './peers.js'
import { mapLimit, settleHeap, sleep } from './stats.js'

export type HeapLibrary = 'pollwise' | '@azure/core-lro' | '@smithy/util-waiter' | 'bare timer'

export type DrainLibrary =
  | 'pollwise'
  | '@azure/core-lro'
  /** pollwise whose first poll goes out at once (`initialDelayMs: 0`). */
  | 'pollwise, first poll at once'
  /** The floor: a bare fetch submit and polls, 64 requests at a time, polling at once. */
  | 'bare fetch, 64 at a time'
  /** The same loop over a plain ky, pollwise's HTTP layer: what ky itself costs there. */
  | 'plain ky, 64 at a time'

export type Library = HeapLibrary | DrainLibrary

export type Task =
  | { kind: 'heap'; library: HeapLibrary; n: number; attribute: boolean; server: ServerAddress }
  | {
      kind: 'drain'
      library: DrainLibrary
      n: number
      delayMs: number
      capMs: number
      server: ServerAddress
    }

export interface HeapResult {
  bytesPerOp: number
  externalBytesPerOp: number
  setupMs: number
  /** What one pending operation holds: objects by their own kind, and bytes by their owner. */
  census?: {
    byKind: ReturnType<typeof censusDiff>
    byOwner: ReturnType<typeof censusDiff>
  }
}

export interface DrainResult {
  drained: boolean
  completed: number
  /** Operations that rejected, and the first reason (the peers' sockets can run out of fds). */
  failed: number
  firstError?: string
  drainMs: number
  peakSockets: number
  connections: number
  requests: number
  requestsPerSecond: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

/** The built package: bench/scale.ts has built it before starting any worker. */
const { createClient } = await loadPollwise()

/** The submits of the heap test go out 64 at a time, so that their sockets stay few. */
const submitConcurrency = 64
/** A status answer that sends the operation to sleep for an hour. */
const sleepingJob = 'polls=1000000&retryAfter=3600'

/** Operations of the heap test that rejected, and the first reason. */
const failures = { count: 0, first: undefined as string | undefined }

function counted(outcome: Promise<unknown>): Promise<unknown> {
  return outcome.catch((error: unknown) => {
    failures.count += 1
    failures.first ??= describe(error)
  })
}

/**
 * Submits one operation that will sleep on a long Retry-After and resolves once the submit is
 * answered; the operation's first status poll and its sleep go on in `outcome`.
 */
function pendingStarter(
  library: HeapLibrary,
  url: string,
): () => Promise<{ outcome: Promise<unknown> }> {
  switch (library) {
    case 'pollwise': {
      const api = createClient({ baseUrl: url })
      return async () => {
        const operation = await api.start(`/jobs?${sleepingJob}`)
        return { outcome: counted(operation.wait()) }
      }
    }
    case '@azure/core-lro':
      return async () => {
        const poller = createHttpPoller({
          sendInitialRequest: () => azureSend('POST', `${url}/azure/jobs?${sleepingJob}`),
          sendPollRequest: (path) => azureSend('GET', new URL(path, url).href),
        })
        await poller.submitted()
        return { outcome: counted(poller.pollUntilDone()) }
      }
    case '@smithy/util-waiter':
      return async () => {
        const statusUrl = await smithySubmit(`${url}/jobs?${sleepingJob}`)
        return {
          outcome: counted(
            smithyWait(statusUrl, { minDelay: 3_600, maxDelay: 3_600, maxWaitTime: 7_200 }),
          ),
        }
      }
    case 'bare timer':
      // The floor: a fetch submit, one fetch poll, then a promise on an hour's timer.
      return async () => {
        const statusUrl = await smithySubmit(`${url}/jobs?${sleepingJob}`)
        return {
          outcome: counted(
            (async () => {
              JSON.parse(await (await fetch(statusUrl)).text())
              await new Promise((resolve) => setTimeout(resolve, 3_600_000))
            })(),
          ),
        }
      }
  }
}

/**
 * Heap per pending operation: n operations submitted and asleep on a long Retry-After after their
 * first status poll; (heapUsed after - before) / n, each after full collections. The client, one
 * finished operation and 500 pending ones exist before "before"; the list of the n outcome
 * promises is counted.
 */
async function heap(task: Extract<Task, { kind: 'heap' }>): Promise<HeapResult> {
  const { server, n, library } = task
  const start = pendingStarter(library, server.url)
  // Warm-up: one operation to completion, so that lazy module state exists before "before".
  const warm =
    library === 'pollwise'
      ? createClient({ baseUrl: server.url }).run('/jobs?polls=1')
      : library === '@azure/core-lro'
        ? azureOperation(`${server.url}/azure/jobs?polls=1`)
        : smithyOperation(`${server.url}/jobs?polls=1`, { minDelay: 1, maxDelay: 1 })
  await warm
  // Warm-up: 500 operations asleep like the measured ones, so that the code they run is compiled
  // and the per-origin state exists before "before": the figure is the cost of one more.
  const warmed = await mapLimit(Array.from({ length: 500 }), submitConcurrency, () => start())
  while ((await control(server)).polls < 500) await sleep(100)
  await freshStart(server)
  const censusBefore: HeapCounts | undefined = task.attribute ? await heapCensus() : undefined
  const before = await settleHeap()
  const externalBefore = process.memoryUsage().external
  const began = performance.now()
  const outcomes = await mapLimit(Array.from({ length: n }), submitConcurrency, () => start())
  // Every operation has had its first status answer (Retry-After: 3600) and sleeps on it.
  for (let waited = 0; (await control(server)).polls < n; waited += 100) {
    if (failures.count > 0 || waited > 120_000) {
      throw new Error(
        `${failures.count} of ${n} operations failed (${failures.first}), ${(await control(server)).polls} polled`,
      )
    }
    await sleep(100)
  }
  const setupMs = performance.now() - began
  await sleep(200)
  await freshStart(server)
  const after = await settleHeap()
  const externalAfter = process.memoryUsage().external
  const censusAfter = censusBefore === undefined ? undefined : await heapCensus()
  const census =
    censusBefore === undefined || censusAfter === undefined
      ? undefined
      : {
          byKind: censusDiff(censusBefore.byKind, censusAfter.byKind, n),
          byOwner: censusDiff(censusBefore.byOwner, censusAfter.byOwner, n),
        }
  if (outcomes.length !== n || warmed.length !== 500) throw new Error('lost an operation')
  return {
    bytesPerOp: Math.round((after - before) / n),
    externalBytesPerOp: Math.round((externalAfter - externalBefore) / n),
    setupMs: Math.round(setupMs),
    ...(census === undefined ? {} : { census }),
  }
}

/**
 * n operations at once against a server that answers every request `delayMs` late; each is done
 * at its first status poll. Default options. Stops at `capMs` if not drained by then.
 */
async function drain(task: Extract<Task, { kind: 'drain' }>): Promise<DrainResult> {
  const { server, n, library, delayMs } = task
  const api = createClient({
    baseUrl: server.url,
    ...(library === 'pollwise, first poll at once' ? { backoff: { initialDelayMs: 0 } } : {}),
  })
  const bare = limitedOperation(server.url, 64, (url, method) => fetch(url, { method }))
  const overKy = limitedOperation(server.url, 64, (url, method) => ky(url, { method, retry: 0 }))
  const one = (delay: number) =>
    library === 'pollwise' || library === 'pollwise, first poll at once'
      ? api.run(`/jobs?polls=1&delay=${delay}`)
      : library === 'bare fetch, 64 at a time'
        ? bare(`/jobs?polls=1&delay=${delay}`)
        : library === 'plain ky, 64 at a time'
          ? overKy(`/jobs?polls=1&delay=${delay}`)
          : azureOperation(`${server.url}/azure/jobs?polls=1&delay=${delay}`)
  await one(0)
  await freshStart(server)
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const began = performance.now()
  let completed = 0
  let failed = 0
  let firstError: string | undefined
  let finished = 0
  const all = Promise.all(
    Array.from({ length: n }, () =>
      one(delayMs).then(
        () => {
          completed += 1
          finished = performance.now()
        },
        (error: unknown) => {
          failed += 1
          finished = performance.now()
          firstError ??= describe(error)
        },
      ),
    ),
  )
  const drained = await Promise.race([all.then(() => true), sleep(task.capMs).then(() => false)])
  const drainMs = (drained ? finished : performance.now()) - began
  loop.disable()
  const stats = await control(server)
  return {
    drained,
    completed,
    failed,
    ...(firstError === undefined ? {} : { firstError }),
    drainMs: Math.round(drainMs),
    peakSockets: stats.peakOpen,
    connections: stats.connections,
    requests: stats.requests,
    requestsPerSecond: Math.round(stats.requests / (drainMs / 1000)),
    loopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
    loopDelayMaxMs: Math.round(loop.max / 1e5) / 10,
  }
}

/**
 * The least a client can do per operation over `send` (a bare fetch, or ky): submit, follow the
 * Location, poll at once until done. At most `limit` requests at a time, each slot freed one
 * event-loop turn after its response (when Node's fetch can reuse the connection), so that
 * sockets stay at `limit`.
 */
function limitedOperation(
  baseUrl: string,
  limit: number,
  send: (url: string, method: string) => Promise<Response>,
) {
  let active = 0
  const waiting: Array<() => void> = []
  const request = async (url: string, method: string) => {
    if (active < limit) active += 1
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      const response = await send(url, method)
      const text = await response.text()
      return { response, body: text === '' ? undefined : JSON.parse(text) }
    } finally {
      setImmediate(() => {
        const next = waiting.shift()
        if (next) next()
        else active -= 1
      })
    }
  }
  return async (path: string) => {
    const submit = await request(`${baseUrl}${path}`, 'POST')
    const statusUrl = new URL(submit.response.headers.get('location') ?? '', baseUrl).href
    for (;;) {
      const { body } = await request(statusUrl, 'GET')
      if (body?.status === 'succeeded') return body.result
      if (body?.status !== 'running') throw new Error(`unexpected status ${JSON.stringify(body)}`)
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.name}: ${error.message}${cause}`.slice(0, 200)
}

const task = JSON.parse(process.argv[2] ?? '{}') as Task
const result = task.kind === 'heap' ? await heap(task) : await drain(task)
process.send?.(result, () => process.exit(0))
