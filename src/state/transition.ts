import type { Answer } from '../answer.js'
import { type Body, bodyOf } from '../answer.js'
import {
  OperationCanceledError,
  OperationFailedError,
  ProtocolError,
  ResponseValidationError,
} from '../errors.js'
import { refusePartial } from '../protocols/http-driven.js'
import { readBodyHintMs } from '../time/body-hint.js'
import { appliedWait } from '../time/long-poll.js'
import { readRetryAfterMs } from '../time/retry-after.js'
import { type Backoff, nextPollDelay, type Random } from '../time/schedule.js'
import type { Observation, ProtocolContext, StatusResponse, SubmitInfo } from '../types/protocol.js'
import type { OperationState, Snapshot } from '../types/snapshot.js'
import type { PollDraft, PollState } from './poll-state.js'
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

/**
 * Reads the answer (catching what breaks the protocol) and acts on the observation. `draft` is the
 * answer's own copy of the state: the reading and the decision settle its fields, and it becomes
 * the next state.
 */
export function decide(
  draft: PollDraft,
  answer: Answer,
  now: number,
  rules: StepRules,
  read: (draft: PollDraft) => Observation,
): Next {
  try {
    refuseUnfollowedRedirect(answer)
    refusePartial(answer)
    refuseStream(answer)
    return advance(draft, read(draft), answer, now, rules)
  } catch (error) {
    return { action: 'reject', state: draft, error }
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
  state: PollDraft,
  observation: Observation,
  answer: Answer,
  now: number,
  rules: StepRules,
): Next {
  const isResultBody = observation.state === 'succeeded' && observation.result.kind === 'body'
  const isStatusBody = answer.httpStatus < 300 && answer.body.value !== undefined && !isResultBody
  if (state.stage === 'status' && isStatusBody) state.statusBody = answer.body
  if ('progress' in observation && observation.progress !== undefined) {
    state.progress = trackProgress(state.progress, observation.progress, now, state.startedAt)
  }
  switch (observation.state) {
    case 'pending': {
      if (observation.statusUrl && observation.statusUrl.href !== state.target) {
        moveTo(state, observation.statusUrl.href, now)
      }
      const delayMs = schedulePoll(state, answer, now, rules)
      return { action: 'poll', state, update: snapshotOf(state, 'pending', answer, now, delayMs) }
    }
    case 'succeeded': {
      const { result } = observation
      if (result.kind === 'link') {
        followResultLink(state, result.url, answer.url, now)
        afterRedirectWait(state, answer, now)
        return { action: 'fetch', state }
      }
      const value =
        result.kind === 'inline'
          ? bodyOf(result.value)
          : result.kind === 'none'
            ? bodyOf(undefined)
            : resultBody(answer)
      if (state.progress) state.progress = { ...state.progress, shown: 1, etaMs: undefined }
      const update = snapshotOf(state, 'succeeded', answer, now)
      return { action: 'succeed', state, update, result: value }
    }
    case 'failed': {
      const update = snapshotOf(state, 'failed', answer, now)
      const error = new OperationFailedError(update.snapshot, observation.detail, answer.url)
      return { action: 'reject', state, update, error }
    }
    case 'canceled': {
      const update = snapshotOf(state, 'canceled', answer, now)
      const error = new OperationCanceledError(update.snapshot, answer.url)
      return { action: 'reject', state, update, error }
    }
  }
}

/**
 * A response body that is the result itself: an empty body labelled JSON is not one, unless its
 * status says it has no content: `204`, and `205 Reset Content`, which a server "MUST NOT" give
 * content (RFC 9110 §15.3.6) but may still label, as Express does.
 */
function resultBody(answer: Answer): Body {
  if (answer.body.emptyJson && answer.httpStatus !== 204 && answer.httpStatus !== 205) {
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
function moveTo(state: PollDraft, target: string, now: number): void {
  state.target = target
  state.targetSince = now
  state.answered = false
}

/** Moves to the result link, fetched at once with a fresh backoff. */
function followResultLink(state: PollDraft, link: URL, from: string, now: number): void {
  if (state.resultHops >= maxResultHops) {
    throw new ProtocolError(`Result links redirect more than ${maxResultHops} times`, from)
  }
  moveTo(state, link.href, now)
  state.stage = 'result'
  state.resultUrl = link.href
  state.resultHops += 1
  state.backoffStep = 0
  state.previousDelayMs = 0
  state.nextPollAt = now
}

/**
 * RFC 9110 §10.2.3: a `Retry-After` on a 3xx (a `303 See Other` to the result) is the least time to
 * wait before the redirected request. On a `200` that names the result it says when to poll again,
 * and there is no poll left: the result is fetched at once.
 */
function afterRedirectWait(state: PollDraft, answer: Answer, now: number): void {
  if (answer.httpStatus < 300 || answer.httpStatus >= 400) return
  const waitMs = readRetryAfterMs(answer.headers, now)
  if (waitMs !== undefined && waitMs > 0) state.nextPollAt = Math.min(now + waitMs, state.deadline)
}

/**
 * Plans the next poll from the backoff and the server's hints; past the deadline, none is planned.
 * Returns the delay planned.
 */
function schedulePoll(
  state: PollDraft,
  answer: Answer,
  now: number,
  rules: StepRules,
): number | undefined {
  // A long-poll's cadence is the server's: the backoff does not grow while it holds the reads.
  const { headers } = answer
  const longPolled = state.stage === 'status' && appliedWait(headers)
  const delayMs = nextPollDelay({
    backoff: rules.backoff,
    attempt: state.backoffStep,
    previousDelayMs: state.previousDelayMs,
    // A status body's own hint (`check_after_secs`) only where the headers give none.
    hintMs:
      readRetryAfterMs(headers, now) ??
      readBodyHintMs(answer.httpStatus < 300 && answer.body.value),
    etaMs: state.stage === 'status' ? state.progress?.etaMs : undefined,
    heldMs: longPolled ? Math.max(0, now - state.nextPollAt) : undefined,
    now,
    deadline: state.deadline,
    random: rules.random,
  })
  if (!longPolled) state.backoffStep += 1
  state.nextPollAt = delayMs === undefined ? state.deadline : now + delayMs
  if (delayMs !== undefined) state.previousDelayMs = delayMs
  return delayMs
}

/** The observation the state stands for, which the state keeps as its last snapshot. */
function snapshotOf(
  state: PollDraft,
  outcome: OperationState,
  answer: Answer,
  now: number,
  nextPollInMs?: number,
): StatusUpdate {
  const { progress, resultUrl } = state
  // Built field by field: a snapshot has no key for what it does not know.
  const snapshot: { -readonly [K in keyof Snapshot]: Snapshot[K] } = {
    state: outcome,
    status: state.statusBody?.value,
    attempt: state.attempt,
    elapsedMs: now - state.startedAt,
    httpStatus: answer.httpStatus,
  }
  if (progress !== undefined) {
    snapshot.progress = progress.shown
    if (progress.etaMs !== undefined && outcome === 'pending') snapshot.etaMs = progress.etaMs
  }
  if (nextPollInMs !== undefined) snapshot.nextPollInMs = nextPollInMs
  if (resultUrl !== undefined) snapshot.resultUrl = resultUrl
  state.snapshot = snapshot
  return { snapshot, statusBody: state.statusBody }
}

/** What a convention reads an operation's answers with: the client's parts, and the operation's submit. */
export function contextOf(rules: StepRules, submit: SubmitInfo): ProtocolContext {
  const { classifyStatus, locateResult, reading } = rules.context
  return { classifyStatus, locateResult, reading, submit }
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
