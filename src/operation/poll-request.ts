import type { Answer } from '../answer.js'
import { PollTimeoutError } from '../errors.js'
import { RequestHandle } from '../http/request-handle.js'
import type { SendOptions } from '../http/transport.js'
import { isTransient } from '../http/transport.js'
import { isHTTPError } from '../ky-errors.js'
import { rideOutage } from '../state/outage.js'
import type { PollState } from '../state/poll-state.js'
import { acceptedStatuses, isFailureReport } from '../state/step.js'
import { preferWaitSeconds } from '../time/long-poll.js'
import { readRetryAfterMs } from '../time/retry-after.js'
import type { LoopConfig } from './loop-config.js'

/**
 * The request that reads `url` (`state.target`, or the stream location), ended by the caller's
 * signal or handle (none for a request nothing aborts): retried, bounded by the deadline, read by
 * the stage. A status read may be answered with a stream, and asks for a long-poll where the
 * client enabled it.
 */
export function pollRequest(
  config: LoopConfig,
  state: PollState,
  ends: AbortSignal | RequestHandle | undefined,
  expired: () => unknown,
  url = state.target,
): SendOptions {
  const ownStream = url !== state.target
  const request: Mutable<SendOptions> = {
    // A stream location in trouble is given up for the status location at once, not retried.
    retry: !ownStream,
    deadline: state.deadline,
    onDeadline: expired,
    limited: true,
    accept: acceptedStatuses(state, config.clock.now(), config.rules.notReadyGraceMs),
    trustedOrigins: state.trustedOrigins,
  }
  if (ends instanceof RequestHandle) request.handle = ends
  else if (ends) request.signal = ends
  // Nor is a body that does not stream read: a log served as text may last as long as the job.
  if (ownStream) request.discardBody = true
  if (state.stage !== 'status') {
    request.readsRecords = true
    return request
  }
  const headers = statusReadHeaders(config, state, url)
  if (headers) request.headers = headers
  request.isVerdict = (answer: Answer) => isFailureReport(state, answer, config.rules)
  request.streams = true
  request.headersSuffice = isAccepted
  return request
}

/**
 * A status location's `202` says the work goes on, whatever its body (RFC 9110 §15.3.3: it only
 * describes the status): one that cannot be read is no reason to end the operation.
 */
const isAccepted = (httpStatus: number) => httpStatus === 202

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * A status read's own headers: `Last-Event-ID` when a stream is opened again, `Accept` for a
 * stream location, `Prefer: wait` for a long-poll of the status location.
 */
function statusReadHeaders(config: LoopConfig, state: PollState, url: string): Headers | undefined {
  const { stream } = state
  const toStream = stream?.url === url
  const wait =
    config.longPollSeconds > 0 && url === state.target
      ? preferWaitSeconds(
          config.longPollSeconds,
          config.requestTimeoutMs,
          state.deadline - config.clock.now(),
        )
      : undefined
  if (!toStream && wait === undefined) return undefined
  const headers = new Headers()
  if (wait !== undefined) headers.set('prefer', `wait=${wait}`)
  if (toStream && url !== state.target) headers.set('accept', streamAccept)
  // The HTML standard sends no header for an empty last event ID.
  if (toStream && stream.lastEventId) headers.set('last-event-id', utf8Bytes(stream.lastEventId))
  return headers.has('prefer') || headers.has('accept') || headers.has('last-event-id')
    ? headers
    : undefined
}

/**
 * Text encoded as UTF-8, one character a byte: a header value carries bytes, and an event id may
 * be any text (`id: ключ-1`), sent UTF-8 encoded as the HTML standard says.
 */
function utf8Bytes(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text
  let bytes = ''
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte)
  return bytes
}

/** What a stream location is asked for. */
const streamAccept = 'text/event-stream, application/x-ndjson;q=0.9, application/jsonl;q=0.9'

/**
 * The state after a poll that failed, when polling goes on (an outage that may pass, within its
 * budget); `undefined` when the failure ends the operation.
 */
export function afterFailedPoll(
  state: PollState,
  error: unknown,
  config: LoopConfig,
): PollState | undefined {
  if (!isTransient(error)) {
    explainForgotten(state, error)
    return undefined
  }
  const now = config.clock.now()
  if (!isHTTPError(error)) return rideOutage(state, undefined, now, config.rules)
  const hintMs = readRetryAfterMs(error.response.headers, now)
  const next = rideOutage(state, hintMs, now, config.rules)
  // A deadline that comes during the outage names its last answer, not the last one that worked.
  const lastAnswer = {
    httpStatus: error.response.status,
    url: error.response.url || error.request.url,
  }
  return next && { ...next, lastAnswer }
}

/**
 * The state a failed poll that ended a wait or a check leaves (and its token): not due before the
 * server's `Retry-After` (RFC 9110 §10.2.3), so that waiting or checking again (a job queue's
 * retry) waits as the server asked, and never after the deadline.
 */
export function notBeforeRetryAfter(state: PollState, error: unknown, now: number): PollState {
  const hintMs = isHTTPError(error) ? readRetryAfterMs(error.response.headers, now) : undefined
  if (hintMs === undefined) return state
  const nextPollAt = Math.min(Math.max(state.nextPollAt, now + hintMs), state.deadline)
  return { ...state, nextPollAt }
}

/**
 * A status location that had answered, now answered `404` or `410`: the server no longer knows the
 * operation (a restart that lost its records, a record expired). A bare status code reads like a
 * wrong URL, so the message says so, and whether it may pass: a `410` is for good (RFC 9110
 * §15.5.11), a `404` does not say (§15.5.5).
 */
function explainForgotten(state: PollState, error: unknown): void {
  if (state.stage !== 'status' || !state.answered || !isHTTPError(error)) return
  const { status } = error.response
  if (status !== 404 && status !== 410) return
  error.message += `; the status location answered before: the server ${status === 410 ? 'says the operation is gone for good' : 'no longer knows the operation (a restart, an expired record), perhaps for a while'}`
}

/** The error of an operation whose deadline passed. */
export function timeoutError(state: PollState, now: number): PollTimeoutError {
  return new PollTimeoutError(
    state.attempt,
    now - state.startedAt,
    state.snapshot,
    state.lastAnswer,
  )
}
