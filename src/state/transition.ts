import type { Answer } from '../answer.js'
import { type Body, bodyOf } from '../answer.js'
import {
  OperationCanceledError,
  OperationFailedError,
  ProtocolError,
  ResponseValidationError,
} from '../errors.js'
import { appliedWait } from '../time/long-poll.js'
import { readRetryAfterMs } from '../time/retry-after.js'
import { type Backoff, nextPollDelay, type Random } from '../time/schedule.js'
import type { Observation, ProtocolContext, StatusResponse } from '../types/protocol.js'
import type { OperationState, Snapshot } from '../types/snapshot.js'
import type { PollState } from './poll-state.js'
import { trackProgress } from './progress.js'

const maxResultHops = 10

/** The settled options the transition decides by. */
export interface StepRules {
  readonly backoff: Backoff
  readonly random: Random
  /** How long polls may fail in a row, for reasons that may pass, before the operation fails. */
  readonly maxOutageMs?: number
  /** How long 404 and 409 mean "not there yet" at the start of a status location or result link. */
  readonly notReadyGraceMs: number
  readonly context: Omit<ProtocolContext, 'submit'>
}

/** One observation as listeners receive it: the status body still unvalidated. */
export interface StatusUpdate {
  readonly snapshot: Snapshot
  readonly statusBody: Body | undefined
}

/**
 * What to do next: poll `state.target` at `state.nextPollAt` (telling listeners what was seen),
 * fetch the result from `state.target` now, settle with a result, or reject with an error.
 */
export type Next =
  | { readonly action: 'poll'; readonly state: PollState; readonly update: StatusUpdate }
  | { readonly action: 'fetch'; readonly state: PollState }
  | {
      readonly action: 'succeed'
      readonly state: PollState
      readonly update: StatusUpdate
      readonly result: Body
    }
  | {
      readonly action: 'reject'
      readonly state: PollState
      readonly error: unknown
      readonly update?: StatusUpdate
    }

/** What reading an answer gave: the observation, and the state with what the reading learned. */
interface ReadOutcome {
  readonly observation: Observation
  readonly state?: PollState
}

/** Reads the answer (catching what breaks the protocol) and acts on the observation. */
export function decide(
  state: PollState,
  answer: Answer,
  now: number,
  rules: StepRules,
  read: (state: PollState) => ReadOutcome,
): Next {
  try {
    refuseUnfollowedRedirect(answer)
    refuseStream(answer)
    const reading = read(state)
    return advance(reading.state ?? state, reading.observation, answer, now, rules)
  } catch (error) {
    return { action: 'reject', state, error }
  }
}

/** Only 2xx bodies are results: a 3xx that is neither 303 nor a redirect the transport followed is an error. */
function refuseUnfollowedRedirect(answer: Answer): void {
  if (answer.httpStatus >= 300 && answer.httpStatus < 400 && answer.httpStatus !== 303) {
    throw new ProtocolError(
      `Unexpected ${answer.httpStatus} answer: only 2xx bodies are results`,
      answer.url,
      answer.body.excerpt,
    )
  }
}

/** A streaming answer (SSE, NDJSON) is never a status or a result: its body was not even read. */
function refuseStream(answer: Answer): void {
  if (answer.body.stream === undefined) return
  throw new ProtocolError(
    `The answer is a stream (${answer.httpStatus}, ${answer.body.stream}) where a status body or a result was expected; pollwise polls it as a plain resource only`,
    answer.url,
    answer.body.excerpt,
  )
}

function advance(
  previous: PollState,
  observation: Observation,
  answer: Answer,
  now: number,
  rules: StepRules,
): Next {
  let state = previous
  const isResultBody = observation.state === 'succeeded' && observation.result.kind === 'body'
  const isStatusBody = answer.httpStatus < 300 && answer.body.value !== undefined && !isResultBody
  if (state.stage === 'status' && isStatusBody) {
    state = { ...state, statusBody: answer.body }
  }
  if ('progress' in observation && observation.progress !== undefined) {
    state = {
      ...state,
      progress: trackProgress(state.progress, observation.progress, now, state.startedAt),
    }
  }
  switch (observation.state) {
    case 'pending': {
      if (observation.statusUrl && observation.statusUrl.href !== state.target) {
        state = moveTo(state, observation.statusUrl.href, now)
      }
      const { state: scheduled, delayMs } = schedulePoll(state, answer.headers, now, rules)
      return { action: 'poll', ...snapshotOf(scheduled, 'pending', answer, now, delayMs) }
    }
    case 'succeeded': {
      const { result } = observation
      if (result.kind === 'link') {
        const following = followResultLink(state, result.url, answer.url, now)
        return { action: 'fetch', state: afterRedirectWait(following, answer, now) }
      }
      const value =
        result.kind === 'inline'
          ? bodyOf(result.value)
          : result.kind === 'none'
            ? bodyOf(undefined)
            : resultBody(answer)
      if (state.progress)
        state = { ...state, progress: { ...state.progress, shown: 1, etaMs: undefined } }
      return { action: 'succeed', ...snapshotOf(state, 'succeeded', answer, now), result: value }
    }
    case 'failed': {
      const seen = snapshotOf(state, 'failed', answer, now)
      const error = new OperationFailedError(seen.update.snapshot, observation.detail, answer.url)
      return { action: 'reject', ...seen, error }
    }
    case 'canceled': {
      const seen = snapshotOf(state, 'canceled', answer, now)
      const error = new OperationCanceledError(seen.update.snapshot, answer.url)
      return { action: 'reject', ...seen, error }
    }
  }
}

/** A response body that is the result itself: an empty body labelled JSON is not one. */
function resultBody(answer: Answer): Body {
  if (answer.body.emptyJson && answer.httpStatus !== 204) {
    throw new ResponseValidationError(
      answer.url,
      [{ message: `The ${answer.httpStatus} answer is empty but labelled JSON` }],
      answer.body.excerpt,
    )
  }
  return answer.body
}

/** `url`, or `held` when they are equal: a state that names one URL twice keeps one copy of it. */
export function oneCopy(url: string, held: string | undefined): string {
  return url === held ? held : url
}

/** Polling moves to another URL: its grace starts afresh, the backoff goes on. */
function moveTo(state: PollState, target: string, now: number): PollState {
  return { ...state, target, targetSince: now, answered: false }
}

/** Moves to the result link, fetched at once with a fresh backoff. */
function followResultLink(state: PollState, link: URL, from: string, now: number): PollState {
  if (state.resultHops >= maxResultHops) {
    throw new ProtocolError(`Result links redirect more than ${maxResultHops} times`, from)
  }
  return {
    ...moveTo(state, link.href, now),
    stage: 'result',
    resultUrl: link.href,
    resultHops: state.resultHops + 1,
    backoffStep: 0,
    previousDelayMs: 0,
    nextPollAt: now,
  }
}

/**
 * RFC 9110 §10.2.3: a `Retry-After` on a 3xx (a `303 See Other` to the result) is the least time to
 * wait before the redirected request. On a `200` that names the result it says when to poll again,
 * and there is no poll left: the result is fetched at once.
 */
function afterRedirectWait(state: PollState, answer: Answer, now: number): PollState {
  if (answer.httpStatus < 300 || answer.httpStatus >= 400) return state
  const waitMs = readRetryAfterMs(answer.headers, now)
  if (waitMs === undefined || waitMs <= 0) return state
  return { ...state, nextPollAt: Math.min(now + waitMs, state.deadline) }
}

/** Plans the next poll from the backoff and the server's hints; past the deadline, none is planned. */
function schedulePoll(
  state: PollState,
  headers: Headers,
  now: number,
  rules: StepRules,
): { state: PollState; delayMs: number | undefined } {
  // A long-poll's cadence is the server's: the backoff does not grow while it holds the reads.
  const longPolled = state.stage === 'status' && appliedWait(headers)
  const delayMs = nextPollDelay({
    backoff: rules.backoff,
    attempt: state.backoffStep,
    previousDelayMs: state.previousDelayMs,
    hintMs: readRetryAfterMs(headers, now),
    etaMs: state.stage === 'status' ? state.progress?.etaMs : undefined,
    heldMs: longPolled ? Math.max(0, now - state.nextPollAt) : undefined,
    now,
    deadline: state.deadline,
    random: rules.random,
  })
  return {
    state: {
      ...state,
      backoffStep: longPolled ? state.backoffStep : state.backoffStep + 1,
      nextPollAt: delayMs === undefined ? state.deadline : now + delayMs,
      previousDelayMs: delayMs ?? state.previousDelayMs,
    },
    delayMs,
  }
}

function snapshotOf(
  previous: PollState,
  outcome: OperationState,
  answer: Answer,
  now: number,
  nextPollInMs?: number,
): { state: PollState; update: StatusUpdate } {
  const { progress } = previous
  const snapshot: Snapshot = {
    state: outcome,
    status: previous.statusBody?.value,
    ...(progress === undefined ? {} : { progress: progress.shown }),
    ...(progress?.etaMs === undefined || outcome !== 'pending' ? {} : { etaMs: progress.etaMs }),
    attempt: previous.attempt,
    elapsedMs: now - previous.startedAt,
    ...(nextPollInMs === undefined ? {} : { nextPollInMs }),
    httpStatus: answer.httpStatus,
    ...(previous.resultUrl === undefined ? {} : { resultUrl: previous.resultUrl }),
  }
  return { state: { ...previous, snapshot }, update: { snapshot, statusBody: previous.statusBody } }
}

export function toStatusResponse(answer: Answer): StatusResponse {
  return {
    httpStatus: answer.httpStatus,
    headers: answer.headers,
    url: answer.url,
    body: answer.body.value,
    excerpt: answer.body.excerpt,
  }
}
