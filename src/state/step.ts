import { type Body, bodyOf } from '../body.js'
import {
  OperationCanceledError,
  OperationFailedError,
  ProtocolError,
  ResponseValidationError,
} from '../errors.js'
import {
  monitorHeaders,
  readLocation,
  readLocationHeaders,
  readRetryAfterMs,
  readStatusLocation,
} from '../headers.js'
import { readingOf } from '../protocols/generic-json.js'
import { observeHttpStatus } from '../protocols/http-driven.js'
import type { Reading } from '../protocols/reading/reading.js'
import type {
  Observation,
  Protocol,
  ProtocolContext,
  StatusResponse,
  SubmitInfo,
} from '../protocols/types.js'
import { type Backoff, nextPollDelay, type Random } from '../schedule.js'
import type { Answer } from '../transport.js'
import type { OperationState, Snapshot } from '../types/snapshot.js'
import { createPollState, type PollState } from './poll-state.js'
import { trackProgress } from './progress.js'

const maxResultHops = 10

/** The settled options the transition decides by. */
export interface StepRules {
  readonly backoff: Backoff
  readonly random: Random
  /** How long 404 and 409 mean "not there yet" at the start of a status location or result link. */
  readonly notReadyGraceMs: number
  readonly context: Omit<ProtocolContext, 'submit'>
}

/** One observation as listeners receive it: the status body still unvalidated. */
export interface Observed {
  readonly snapshot: Snapshot
  readonly status: Body | undefined
}

/**
 * What to do next: poll `state.target` at `state.nextPollAt` (telling listeners what was seen),
 * fetch the result from `state.target` now, settle with a result, or reject with an error.
 */
export type Next =
  | { readonly action: 'poll'; readonly state: PollState; readonly observed: Observed }
  | { readonly action: 'fetch'; readonly state: PollState }
  | {
      readonly action: 'settle'
      readonly state: PollState
      readonly observed: Observed
      readonly result: Body
    }
  | {
      readonly action: 'reject'
      readonly state: PollState
      readonly error: unknown
      readonly observed?: Observed
    }

/** How the operation was submitted, for {@link begin}. */
export interface Submission {
  readonly submit: Omit<SubmitInfo, 'location' | 'monitor'>
  /** The convention to speak, or `undefined` to detect it from the answer. */
  readonly protocol: Protocol | undefined
  readonly detect: (answer: StatusResponse) => Protocol
  readonly trustedOrigins: ReadonlySet<string>
  /** When the submit was sent: the operation's time counts from here. */
  readonly startedAt: number
  readonly deadline: number
}

/** The first transition: a new operation's state from the submit's answer, and what to do next. */
export function begin(submission: Submission, answer: Answer, now: number, rules: StepRules): Next {
  const response = toStatusResponse(answer)
  const detected = submission.protocol ?? submission.detect(response)
  const initial = createPollState({
    statusUrl: answer.url,
    protocol: detected,
    submit: submission.submit,
    trustedOrigins: submission.trustedOrigins,
    startedAt: submission.startedAt,
    deadline: submission.deadline,
    lastAnswer: { httpStatus: answer.httpStatus, url: answer.url },
  })
  return decide(initial, answer, now, rules, (state) => {
    // One shape for every operation's submit, whichever fields it has.
    const submit: SubmitInfo = {
      method: submission.submit.method,
      url: submission.submit.url,
      location: readLocation(answer.headers, answer.url)?.href,
      monitor: readLocationHeaders(answer.headers, monitorHeaders, answer.url)?.href,
      finalStateVia: submission.submit.finalStateVia,
    }
    const context = { ...rules.context, submit }
    // A 202's body is informative only: it commits the operation to no convention.
    const protocol =
      answer.httpStatus === 202 ? detected : (detected.resolve?.(response, context) ?? detected)
    const observation = protocol.observeAnswer
      ? protocol.observeAnswer(response, context)
      : observeAnswerByDefault(protocol, response, context)
    if (observation.state === 'pending' && !observation.statusUrl) {
      throw new ProtocolError(noStatusLocation(answer), answer.url, answer.body.excerpt)
    }
    // The first location named is the status location: cancel and `statusUrl` refer to it.
    const named = observation.state === 'pending' ? observation.statusUrl?.href : undefined
    const statusUrl = named === undefined ? undefined : oneCopy(named, submit.location)
    return {
      observation,
      state: { ...state, protocol, submit, ...(statusUrl ? { statusUrl, target: statusUrl } : {}) },
    }
  })
}

/** Why a pending submit answer cannot be followed, and what to set. */
function noStatusLocation(answer: Answer): string {
  const where =
    answer.httpStatus === 202
      ? '202 Accepted without a status location'
      : `${answer.httpStatus} answer is pending but names no status location`
  // A browser shows a cross-origin answer's headers only where the server exposes them.
  return answer.crossOrigin
    ? `${where}: a cross-origin server must list Location (and Operation-Location, Azure-AsyncOperation, Retry-After) in Access-Control-Expose-Headers`
    : `${where}; if its documentation puts the status elsewhere, name it with the \`statusLocation\` option (a field of the answer, or a template such as '/jobs/{id}')`
}

/** The transition: the next state from this one and the response to its last request. */
export function step(state: PollState, answer: Answer, now: number, rules: StepRules): Next {
  const answered: PollState = {
    ...state,
    attempt: state.attempt + 1,
    answered: state.answered || answer.httpStatus < 400,
    lastAnswer: { httpStatus: answer.httpStatus, url: oneCopy(answer.url, state.target) },
  }
  return decide(answered, answer, now, rules, (current) => {
    const response = toStatusResponse(answer)
    const context = { ...rules.context, submit: current.submit }
    if (current.stage === 'result') return { observation: observeResultAnswer(response, context) }
    // An error status reaches here as "not yet", or as the server's report of a failure.
    if (answer.httpStatus >= 400) {
      return { observation: readFailureReport(current, answer, rules) ?? { state: 'pending' } }
    }
    // A 202's body is informative only: it commits the operation to no convention.
    const protocol =
      answer.httpStatus === 202
        ? current.protocol
        : (current.protocol.resolve?.(response, context) ?? current.protocol)
    return { observation: protocol.observe(response, context), state: { ...current, protocol } }
  })
}

/**
 * Whether an error answer of the status location is the server's verdict: a status body that says
 * the operation failed or was canceled (`500 {"status": "failed", "error": …}`). Such an answer
 * ends the operation with its detail instead of a bare `HTTPError`, and is not retried.
 */
export function isFailureReport(state: PollState, answer: Answer, rules: StepRules): boolean {
  return state.stage === 'status' && readFailureReport(state, answer, rules) !== undefined
}

function readFailureReport(
  state: PollState,
  answer: Answer,
  rules: StepRules,
): Observation | undefined {
  const response = toStatusResponse(answer)
  const context = { ...rules.context, submit: state.submit }
  try {
    const protocol = state.protocol.resolve?.(response, context) ?? state.protocol
    const observation = protocol.observe(response, context)
    return observation.state === 'failed' || observation.state === 'canceled'
      ? observation
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Which error statuses come back as answers rather than `HTTPError`s: the convention's own "not
 * ready yet" statuses, and 404 and 409 during the grace at the start of a location that has not
 * answered yet.
 */
export function acceptedStatuses(state: PollState, now: number, graceMs: number): number[] {
  const pending = state.stage === 'status' ? (state.protocol.pendingStatuses ?? []) : []
  const inGrace =
    state.protocol.notReadyGrace !== false && !state.answered && now < state.targetSince + graceMs
  return inGrace ? [...new Set([...pending, 404, 409])] : [...pending]
}

/** What reading an answer gave: the observation, and the state with what the reading learned. */
interface ReadOutcome {
  readonly observation: Observation
  readonly state?: PollState
}

/** Reads the answer (catching what breaks the protocol) and acts on the observation. */
function decide(
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
    `The location answered with a stream (${answer.httpStatus}, ${answer.body.stream}) where a status body or a result was expected; pollwise polls it as a plain resource only`,
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
    state = { ...state, status: answer.body }
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
      if (result.kind === 'link')
        return { action: 'fetch', state: followResultLink(state, result.url, answer.url, now) }
      const value =
        result.kind === 'inline'
          ? bodyOf(result.value)
          : result.kind === 'none'
            ? bodyOf(undefined)
            : resultBody(answer)
      if (state.progress)
        state = { ...state, progress: { ...state.progress, shown: 1, etaMs: undefined } }
      return { action: 'settle', ...snapshotOf(state, 'succeeded', answer, now), result: value }
    }
    case 'failed': {
      const observed = snapshotOf(state, 'failed', answer, now)
      const error = new OperationFailedError(
        observed.observed.snapshot,
        observation.detail,
        answer.url,
      )
      return { action: 'reject', ...observed, error }
    }
    case 'canceled': {
      const observed = snapshotOf(state, 'canceled', answer, now)
      const error = new OperationCanceledError(observed.observed.snapshot, answer.url)
      return { action: 'reject', ...observed, error }
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
function oneCopy(url: string, held: string | undefined): string {
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

/** Plans the next poll from the backoff and the server's hints; past the deadline, none is planned. */
function schedulePoll(
  state: PollState,
  headers: Headers,
  now: number,
  rules: StepRules,
): { state: PollState; delayMs: number | undefined } {
  const delayMs = nextPollDelay({
    backoff: rules.backoff,
    attempt: state.backoffStep,
    previousDelayMs: state.previousDelayMs,
    hintMs: readRetryAfterMs(headers, now),
    etaMs: state.stage === 'status' ? state.progress?.etaMs : undefined,
    now,
    deadline: state.deadline,
    random: rules.random,
  })
  return {
    state: {
      ...state,
      backoffStep: state.backoffStep + 1,
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
): { state: PollState; observed: Observed } {
  const { progress } = previous
  const snapshot: Snapshot = {
    state: outcome,
    status: previous.status?.value,
    ...(progress === undefined ? {} : { progress: progress.shown }),
    ...(progress?.etaMs === undefined || outcome !== 'pending' ? {} : { etaMs: progress.etaMs }),
    attempt: previous.attempt,
    elapsedMs: now - previous.startedAt,
    ...(nextPollInMs === undefined ? {} : { nextPollInMs }),
    httpStatus: answer.httpStatus,
    ...(previous.resultUrl === undefined ? {} : { resultUrl: previous.resultUrl }),
  }
  return { state: { ...previous, snapshot }, observed: { snapshot, status: previous.status } }
}

/**
 * The default reading of a submit's answer: a `202`, or a `201` naming a status location, is
 * pending at that location; anything else is read like a status response. Where no header names
 * the location, the reading finds it in the body (or by the client's `statusLocation`). A `POST`
 * answered with something that is not a status is pending there when the body names it, and
 * refused when the body is only a job handle: its identifiers are not what the job made. A `GET`
 * that is pending names its own URL as the status location: ask again.
 */
function observeAnswerByDefault(
  protocol: Protocol,
  answer: StatusResponse,
  context: ProtocolContext,
): Observation {
  const reading = readingOf(context)
  const headerLocation =
    protocol.statusUrl?.(answer) ?? readStatusLocation(answer.headers, answer.url)
  // The client's `statusLocation` wins over the headers; the body is searched only without either.
  const configured = reading.locatesStatus
    ? configuredLocation(reading, answer, headerLocation)
    : undefined
  const location =
    configured ??
    headerLocation ??
    (reading.locatesStatus ? undefined : reading.statusLocation(answer))
  const withLocation = location ? { statusUrl: location } : {}
  if (answer.httpStatus === 202 || (answer.httpStatus === 201 && headerLocation)) {
    return { state: 'pending', ...(location ? withLocation : sameUrlIfGet(answer, context)) }
  }
  const observation = protocol.observe(answer, context)
  const isAnswerItself = observation.state === 'succeeded' && observation.result.kind === 'body'
  if (isAnswerItself && context.submit.method === 'POST') {
    if (location && location !== headerLocation) {
      return { state: 'pending', statusUrl: location }
    }
    if (reading.isJobHandle(answer.body)) {
      throw new ProtocolError(
        `The ${answer.httpStatus} answer is only a job handle, not a result; name where the job's status is with the \`statusLocation\` option (a template such as '/jobs/{id}')`,
        answer.url,
        answer.excerpt,
      )
    }
  }
  if (observation.state !== 'pending' || observation.statusUrl) return observation
  return { ...observation, ...(location ? withLocation : sameUrlIfGet(answer, context)) }
}

/**
 * The status location the client's `statusLocation` names; where a header names one too, a
 * template this answer cannot fill (a `202` with no body) leaves it to the header.
 */
function configuredLocation(
  reading: Reading,
  answer: StatusResponse,
  headerLocation: URL | undefined,
): URL | undefined {
  try {
    return reading.statusLocation(answer)
  } catch (error) {
    if (headerLocation && error instanceof ProtocolError) return undefined
    throw error
  }
}

/**
 * A `GET` answered "still running" with no location is asked again at its own URL, and a `PUT` or
 * `PATCH` is polled at the resource it wrote (RFC 9110: their target is that resource).
 */
function sameUrlIfGet(answer: StatusResponse, context: ProtocolContext): { statusUrl?: URL } {
  const { method, url } = context.submit
  if (method === 'GET') return { statusUrl: new URL(answer.url) }
  return method === 'PUT' || method === 'PATCH' ? { statusUrl: new URL(url) } : {}
}

/**
 * A result link's answer, read by its status code; but a body there that says the work still runs,
 * failed or was canceled is a status, not the result (a `303` that leads to the task itself): it
 * is polled again, or ends the operation, like one.
 */
function observeResultAnswer(response: StatusResponse, context: ProtocolContext): Observation {
  const observation = observeHttpStatus(response)
  if (observation.state !== 'succeeded' || observation.result.kind !== 'body') return observation
  try {
    const said = readingOf(context).observe(response)
    return said && said.state !== 'succeeded' ? said : observation
  } catch {
    // A body the reading cannot make out is content: the result.
    return observation
  }
}

function toStatusResponse(answer: Answer): StatusResponse {
  return {
    httpStatus: answer.httpStatus,
    headers: answer.headers,
    url: answer.url,
    body: answer.body.value,
    excerpt: answer.body.excerpt,
  }
}
