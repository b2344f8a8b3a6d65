import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { json, listen } from './server.js'

/**
 * The push benchmark's job server: node:http on 127.0.0.1, run in a child process of its own (see
 * `push-control.ts`) so that its CPU and heap never count against the client measured. Its jobs
 * end at a time set by the submit, and the server says how it tells a client so:
 *
 * - `POST /jobs?mode=M&ms=D[&progressMs=P]`: `202` with `Location: /M/jobs/ID`; the job ends `D` ms
 *   after the submit arrived, with `{"status":"succeeded","result":{"id":"ID"}}`.
 * - `GET /stream/jobs/ID`: a Server-Sent Events stream: the status as it stands at once
 *   (`{"status":"running"}`), a heartbeat comment every 5 s (or, with `progressMs`, a progress
 *   event every P ms instead, `{"status":"running","progress":N}`), the terminal event the moment
 *   the job ends, then the end. Only a job with `progressMs` reports progress, on any route.
 * - `GET /long-poll/jobs/ID`: JSON; with `Prefer: wait=N` the answer is held until the job ends
 *   or N seconds pass, and says `Preference-Applied: wait=N`; without it, answered at once.
 * - `GET /poll/jobs/ID`: JSON, answered at once.
 *
 * Times are `performance.timeOrigin + performance.now()` (epoch ms, sub-ms); the harness measures
 * the offset to its own clock through `GET /now` on the control port.
 *
 * The control port (its connections not counted): `GET /stats`, `POST /reset`, `POST /close-idle`,
 * `GET /now`, `GET /jobs` (every job's record, see {@link JobRecord}), `POST /forget` (drops the
 * ended jobs).
 */
export type PushMode = 'stream' | 'long-poll' | 'poll'

export const pushModes: readonly PushMode[] = ['stream', 'long-poll', 'poll']

/** What the server knows of a job once asked. */
export interface JobRecord {
  readonly id: string
  readonly mode: PushMode
  /** When the submit arrived, server time. */
  readonly submittedAt: number
  /** When the job's end took effect on the server (its timer fired), server time. */
  readonly endedAt: number | undefined
  /** Status requests: polls, held reads, stream connections. */
  readonly statusRequests: number
  /** Pending events written to its streams (the status at the opening, then progress). */
  readonly pendingEvents: number
}

export interface PushStats {
  /** Requests answered since the last reset, the harness's own excluded. */
  requests: number
  /** Connections accepted since the last reset. */
  connections: number
  /** Connections open right now. */
  open: number
  /** The most connections open at once since the last reset. */
  peakOpen: number
  /** Status streams open right now. */
  streams: number
  /** The most status streams open at once since the last reset. */
  peakStreams: number
  /** Long-poll reads held right now. */
  held: number
  /** The most long-poll reads held at once since the last reset. */
  peakHeld: number
  /** Jobs not yet ended. */
  runningJobs: number
}

interface Job {
  readonly id: string
  readonly mode: PushMode
  readonly submittedAt: number
  readonly endsAt: number
  readonly progressMs: number | undefined
  endedAt: number | undefined
  statusRequests: number
  pendingEvents: number
  /** Streams and held reads to tell the moment the job ends. */
  readonly listeners: Set<() => void>
}

/** A comment on an idle stream, so that the client knows it is alive. */
const heartbeatMs = 5_000

const now = () => performance.timeOrigin + performance.now()

export function createPushServer(): { server: Server; control: Server } {
  const jobs = new Map<string, Job>()
  let nextId = 1
  let open = 0
  const stats: PushStats = {
    requests: 0,
    connections: 0,
    open: 0,
    peakOpen: 0,
    streams: 0,
    peakStreams: 0,
    held: 0,
    peakHeld: 0,
    runningJobs: 0,
  }

  const server = createServer((request, response) => {
    stats.requests += 1
    route(request, response, new URL(request.url ?? '/', 'http://127.0.0.1'))
  })
  server.keepAliveTimeout = 5_000
  server.on('connection', (socket) => {
    open += 1
    stats.connections += 1
    stats.peakOpen = Math.max(stats.peakOpen, open)
    socket.on('close', () => {
      open -= 1
    })
  })

  function submit(response: ServerResponse, url: URL): void {
    const mode = url.searchParams.get('mode') as PushMode
    if (!pushModes.includes(mode)) {
      json(response, 400, '{"error":"unknown mode"}')
      return
    }
    const id = String(nextId++)
    const submittedAt = now()
    const durationMs = Number(url.searchParams.get('ms') ?? 0)
    const progressMs = url.searchParams.has('progressMs')
      ? Number(url.searchParams.get('progressMs'))
      : undefined
    const job: Job = {
      id,
      mode,
      submittedAt,
      endsAt: submittedAt + durationMs,
      progressMs,
      endedAt: undefined,
      statusRequests: 0,
      pendingEvents: 0,
      listeners: new Set(),
    }
    jobs.set(id, job)
    setTimeout(() => {
      job.endedAt = now()
      for (const listener of job.listeners) listener()
      job.listeners.clear()
    }, durationMs)
    json(response, 202, '{"status":"queued"}', { location: `/${mode}/jobs/${id}` })
  }

  function route(request: IncomingMessage, response: ServerResponse, url: URL): void {
    if (request.method === 'POST' && url.pathname === '/jobs') {
      request.resume()
      submit(response, url)
      return
    }
    const match = /^\/(stream|long-poll|poll)\/jobs\/(\d+)$/.exec(url.pathname)
    const job = match?.[2] === undefined ? undefined : jobs.get(match[2])
    if (request.method !== 'GET' || !job || job.mode !== match?.[1]) {
      json(response, 404, '{"error":"not found"}')
      return
    }
    job.statusRequests += 1
    if (job.mode === 'stream') stream(response, job)
    else if (job.mode === 'long-poll') longPoll(request, response, job)
    else json(response, 200, statusOf(job))
  }

  function stream(response: ServerResponse, job: Job): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    let eventId = 0
    const send = () => {
      eventId += 1
      if (job.endedAt === undefined) job.pendingEvents += 1
      response.write(`id: ${eventId}\ndata: ${statusOf(job)}\n\n`)
    }
    send()
    if (job.endedAt !== undefined) {
      response.end()
      return
    }
    stats.streams += 1
    stats.peakStreams = Math.max(stats.peakStreams, stats.streams)
    const timer = job.progressMs
      ? setInterval(send, job.progressMs)
      : setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs)
    const ended = () => {
      send()
      response.end()
    }
    job.listeners.add(ended)
    response.once('close', () => {
      stats.streams -= 1
      clearInterval(timer)
      job.listeners.delete(ended)
    })
  }

  function longPoll(request: IncomingMessage, response: ServerResponse, job: Job): void {
    const wait = /(?:^|[,;\s])wait=(\d+)/i.exec(String(request.headers.prefer ?? ''))?.[1]
    const applied = wait === undefined ? {} : { 'preference-applied': `wait=${wait}` }
    if (wait === undefined || job.endedAt !== undefined) {
      json(response, 200, statusOf(job), applied)
      return
    }
    stats.held += 1
    stats.peakHeld = Math.max(stats.peakHeld, stats.held)
    let answered = false
    const answer = () => {
      if (answered) return
      answered = true
      stats.held -= 1
      clearTimeout(timer)
      job.listeners.delete(answer)
      if (!response.destroyed) json(response, 200, statusOf(job), applied)
    }
    const timer = setTimeout(answer, Number(wait) * 1000)
    job.listeners.add(answer)
    response.once('close', answer)
  }

  const control = createServer((request, response) => {
    const path = request.url ?? '/'
    if (path === '/now') {
      json(response, 200, JSON.stringify({ now: now() }))
      return
    }
    if (path === '/jobs') {
      json(response, 200, JSON.stringify([...jobs.values()].map(recordOf)))
      return
    }
    if (path === '/reset') {
      Object.assign(stats, {
        requests: 0,
        connections: 0,
        peakOpen: open,
        peakStreams: stats.streams,
        peakHeld: stats.held,
      })
    } else if (path === '/close-idle') {
      server.closeIdleConnections()
    } else if (path === '/forget') {
      for (const [id, job] of jobs) if (job.endedAt !== undefined) jobs.delete(id)
    }
    const runningJobs = [...jobs.values()].filter((job) => job.endedAt === undefined).length
    json(response, 200, JSON.stringify({ ...stats, open, runningJobs }))
  })

  return { server, control }
}

function statusOf(job: Job): string {
  if (job.endedAt !== undefined) return `{"status":"succeeded","result":{"id":"${job.id}"}}`
  // A job without progress events gives no hint: no progress a client could aim its polls by.
  if (job.progressMs === undefined) return '{"status":"running"}'
  const total = job.endsAt - job.submittedAt
  const percent =
    total > 0 ? Math.min(99, Math.floor((100 * (now() - job.submittedAt)) / total)) : 0
  return `{"status":"running","progress":${percent}}`
}

function recordOf(job: Job): JobRecord {
  const { id, mode, submittedAt, endedAt, statusRequests, pendingEvents } = job
  return { id, mode, submittedAt, endedAt, statusRequests, pendingEvents }
}

/** The child-process side: listens on both ports and tells the parent where. */
export async function servePush(): Promise<{ url: string; controlUrl: string }> {
  const { server, control } = createPushServer()
  return { url: await listen(server), controlUrl: await listen(control) }
}
