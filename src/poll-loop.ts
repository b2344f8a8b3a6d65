import { type Body, bodyOf, discardBody, readBody } from './body.js'
import {
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  ProtocolError,
} from './errors.js'
import { readRetryAfterMs } from './headers.js'
import type { Limiter } from './limiter.js'
import { sleepUntilPoll } from './page-lifecycle.js'
import { observeHttpStatus } from './protocols/http-driven.js'
import type {
  Observation,
  Protocol,
  ProtocolContext,
  StatusResponse,
  SubmitInfo,
} from './protocols/types.js'
import {
  type Backoff,
  estimateEtaMs,
  nextPollDelay,
  type ProgressPoint,
  type Random,
} from './schedule.js'
import type { Reply, Send } from './transport.js'
import type { OperationState, Snapshot } from './types/snapshot.js'

/** Statuses that mean "not there yet" on a result link, and on a status location that has never answered. */
const notReadyStatuses = [404, 409]
const maxResultHops = 10

/** What the loop needs from the client: settled options, no user input. */
export interface LoopConfig {
  readonly send: Send
  /** Bounds the status requests in flight per origin, across every operation of the client. */
  readonly limit: Limiter
  /** The slowest cadence while the page is hidden. */
  readonly hiddenDelayMs: number
  readonly backoff: Backoff
  readonly random: Random
  readonly protocolContext: Omit<ProtocolContext, 'submit'>
}

/** Where one operation stands between polls; it outlives an aborted wait. */
export interface PollState {
  /** The status location the server named. */
  readonly statusUrl: string
  /** The URL polled next: the status location, then the result link once named. */
  target: string
  phase: 'status' | 'result'
  /** The convention this operation speaks, detected from the submit's answer or forced. */
  readonly protocol: Protocol
  readonly submit: SubmitInfo
  /** Origins that may receive credential headers for this operation. */
  readonly trustedOrigins: ReadonlySet<string>
  readonly startedAt: number
  readonly deadline: number
  /** Polls made so far. */
  attempt: number
  /** Backoff steps taken in this phase: the result link starts its backoff afresh. */
  step: number
  nextPollAt: number
  previousDelayMs: number
  /** Whether the status location has answered yet; until then 404 and 409 mean "not yet". */
  answered: boolean
  resultHops: number
  resultUrl?: string
  progress?: number
  /** Where the work started (the last reading of 0, else the submit), from which the finish is predicted. */
  progressOrigin?: ProgressPoint
  /** The predicted time to completion after the last observation, while progress moves. */
  etaMs?: number | undefined
  /** The last status body, which a result-phase snapshot still shows. */
  status?: Body | undefined
  snapshot?: Snapshot
}

/** One observation as the loop hands it to listeners: the status body still unvalidated. */
export interface Observed {
  readonly snapshot: Snapshot
  readonly status: Body | undefined
}

export interface Completed extends Observed {
  readonly result: Body
}

/** Hands an observation to whoever waits; resolves once they have taken it. */
export type Emit = (observed: Observed) => Promise<void>

/**
 * Polls until the operation is terminal: sleep -> request -> read -> classify -> schedule. Emits
 * every observation, resolves with the result, and throws the typed errors; the deadline aborts
 * the sleep or the request in flight at once.
 */
export async function pollUntilDone(
  config: LoopConfig,
  state: PollState,
  emit: Emit,
  signal: AbortSignal,
): Promise<Completed> {
  const deadline = new AbortController()
  const timeout = () => deadline.abort(timeoutError(state))
  const timer = setTimeout(timeout, state.deadline - Date.now())
  const polling = AbortSignal.any([signal, deadline.signal])
  try {
    for (;;) {
      const completed = await pollOnce(config, state, emit, polling)
      if (completed) return completed
    }
  } finally {
    clearTimeout(timer)
  }
}

async function pollOnce(
  config: LoopConfig,
  state: PollState,
  emit: Emit,
  signal: AbortSignal,
): Promise<Completed | undefined> {
  const waitMs =
    state.nextPollAt >= state.deadline ? Number.POSITIVE_INFINITY : state.nextPollAt - Date.now()
  await sleepUntilPoll(waitMs, signal, config.hiddenDelayMs)
  const target = new URL(state.target)
  const { reply, body } = await config.limit(target.origin, signal, async () =>
    readReply(
      await config.send(target, {
        signal,
        retry: true,
        accept: acceptedStatuses(state),
        trustedOrigins: state.trustedOrigins,
      }),
    ),
  )
  state.attempt += 1
  return absorb(config, state, reply, body, emit)
}

/** A response as the protocols see it, with its body read (a 303's is discarded). */
export async function readReply({
  response,
  url,
}: Reply): Promise<{ reply: StatusResponse; body: Body | undefined }> {
  let body: Body | undefined
  if (response.status === 303) discardBody(response)
  else body = await readBody(response, url)
  const reply = { httpStatus: response.status, headers: response.headers, url, body: body?.value }
  return { reply, body }
}

/**
 * Takes one response into the state: reads and classifies it, then schedules the next poll,
 * moves to the result link, or completes. The submit's own answer goes through here too.
 */
export async function absorb(
  config: LoopConfig,
  state: PollState,
  reply: StatusResponse,
  body: Body | undefined,
  emit: Emit,
): Promise<Completed | undefined> {
  const observation =
    state.phase === 'result'
      ? observeHttpStatus(reply)
      : state.protocol.observe(reply, { ...config.protocolContext, submit: state.submit })
  if (reply.httpStatus < 400) state.answered = true
  const isResultBody = observation.state === 'succeeded' && observation.result.kind === 'body'
  if (state.phase === 'status' && !isResultBody && reply.httpStatus !== 303) state.status = body
  if ('progress' in observation && observation.progress !== undefined) {
    trackProgress(state, observation.progress, Date.now())
  }
  return settle(config, state, observation, reply, body, emit)
}

/**
 * Records a progress reading and predicts the finish from the rate since the work started: the
 * last reading of 0 (a queued job has not started), else the submit. No prediction while progress
 * stalls.
 */
function trackProgress(state: PollState, progress: number, now: number): void {
  if (progress === 0) state.progressOrigin = { at: now, progress }
  state.progressOrigin ??= { at: state.startedAt, progress: 0 }
  const moved = progress > (state.progress ?? 0)
  state.etaMs = moved ? estimateEtaMs(state.progressOrigin, { at: now, progress }) : undefined
  state.progress = progress
}

/** Plans the next poll from the backoff and the server's hints; returns the delay, if one fits. */
export function schedulePoll(
  config: LoopConfig,
  state: PollState,
  headers: Headers,
  now: number,
): number | undefined {
  const delay = nextPollDelay({
    backoff: config.backoff,
    attempt: state.step,
    previousDelayMs: state.previousDelayMs,
    hintMs: readRetryAfterMs(headers, now),
    etaMs: state.etaMs,
    now,
    deadline: state.deadline,
    random: config.random,
  })
  state.step += 1
  state.nextPollAt = delay === undefined ? state.deadline : now + delay
  if (delay !== undefined) state.previousDelayMs = delay
  return delay
}

async function settle(
  config: LoopConfig,
  state: PollState,
  observation: Observation,
  reply: StatusResponse,
  body: Body | undefined,
  emit: Emit,
): Promise<Completed | undefined> {
  const now = Date.now()
  switch (observation.state) {
    case 'pending': {
      const delay = schedulePoll(config, state, reply.headers, now)
      await emit(observe(state, 'pending', reply.httpStatus, now, delay))
      return undefined
    }
    case 'succeeded': {
      const { result } = observation
      if (result.kind === 'link') {
        followResultLink(state, result.url, reply.url, now)
        return undefined
      }
      if (state.progress !== undefined) state.progress = 1
      const observed = observe(state, 'succeeded', reply.httpStatus, now)
      await emit(observed)
      const value = result.kind === 'inline' ? bodyOf(result.value) : (body ?? bodyOf(undefined))
      return { ...observed, result: value }
    }
    case 'failed': {
      const observed = observe(state, 'failed', reply.httpStatus, now)
      await emit(observed)
      throw new OperationFailedError(observed.snapshot, observation.detail, reply.url)
    }
    case 'canceled': {
      const observed = observe(state, 'canceled', reply.httpStatus, now)
      await emit(observed)
      throw new OperationCanceledError(observed.snapshot, reply.url)
    }
  }
}

/** Moves the loop to the result link, fetched at once with a fresh backoff. */
function followResultLink(state: PollState, link: URL, from: string, now: number): void {
  state.resultHops += 1
  if (state.resultHops > maxResultHops) {
    throw new ProtocolError(`Result links redirect more than ${maxResultHops} times`, from)
  }
  state.phase = 'result'
  state.target = link.href
  state.resultUrl = link.href
  state.step = 0
  state.previousDelayMs = 0
  state.nextPollAt = now
}

function acceptedStatuses(state: PollState): readonly number[] {
  const pending = state.protocol.pendingStatuses ?? []
  return state.phase === 'result' || !state.answered ? [...pending, ...notReadyStatuses] : pending
}

function observe(
  state: PollState,
  phase: OperationState,
  httpStatus: number,
  now: number,
  nextPollInMs?: number,
): Observed {
  const snapshot: Snapshot = {
    state: phase,
    status: state.status?.value,
    ...(state.progress === undefined ? {} : { progress: state.progress }),
    ...(state.etaMs === undefined || phase !== 'pending' ? {} : { etaMs: state.etaMs }),
    attempt: state.attempt,
    elapsedMs: now - state.startedAt,
    ...(nextPollInMs === undefined ? {} : { nextPollInMs }),
    httpStatus,
    ...(state.resultUrl === undefined ? {} : { resultUrl: state.resultUrl }),
  }
  state.snapshot = snapshot
  return { snapshot, status: state.status }
}

function timeoutError(state: PollState): PollTimeoutError {
  return new PollTimeoutError(state.attempt, Date.now() - state.startedAt, state.snapshot)
}
