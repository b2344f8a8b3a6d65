import type { Answer } from '../answer.js'
import { ProtocolError } from '../errors.js'
import { readingOf } from '../protocols/generic-json.js'
import { observeHttpStatus } from '../protocols/http-driven.js'
import { isOkAnswer } from '../protocols/reading/state.js'
import type { Observation, ProtocolContext, StatusResponse } from '../types/protocol.js'
import type { PollDraft, PollState } from './poll-state.js'
import { withStreamLocation } from './stream-plan.js'
import {
  contextOf,
  decide,
  type Next,
  oneCopy,
  type StepRules,
  toStatusResponse,
} from './transition.js'

/**
 * The transition: the next state from this one and the response to its last request, or (`pushed`)
 * a status body that came without a request of its own: a stream's record, a notification.
 */
export function step(
  state: PollState,
  answer: Answer,
  now: number,
  rules: StepRules,
  pushed = false,
): Next {
  // Every field named, in one order: the states of all operations share one shape, which a field
  // added to a copy afterwards would fork. `Required` makes a field PollState gains one to name here.
  const draft: Required<PollDraft> = {
    statusUrl: state.statusUrl,
    target: state.target,
    stage: state.stage,
    protocol: state.protocol,
    submit: state.submit,
    trustedOrigins: state.trustedOrigins,
    startedAt: state.startedAt,
    deadline: state.deadline,
    attempt: pushed ? state.attempt : state.attempt + 1,
    backoffStep: state.backoffStep,
    previousDelayMs: state.previousDelayMs,
    nextPollAt: state.nextPollAt,
    targetSince: state.targetSince,
    answered: pushed ? state.answered : state.answered || answer.httpStatus < 400,
    resultHops: state.resultHops,
    outageSince: pushed ? state.outageSince : undefined,
    resultUrl: state.resultUrl,
    progress: state.progress,
    statusBody: state.statusBody,
    lastAnswer: pushed
      ? state.lastAnswer
      : { httpStatus: answer.httpStatus, url: oneCopy(answer.url, state.target) },
    snapshot: state.snapshot,
    stream: state.stream,
  }
  const next = decide(draft, answer, now, rules, (current) => {
    const response = toStatusResponse(answer)
    const context = contextOf(rules, current.submit)
    if (current.stage === 'result') return observeResultAnswer(response, context)
    // An error status reaches here as "not yet", or as the server's report of a failure.
    if (answer.httpStatus >= 400)
      return readFailureReport(current, answer, rules) ?? { state: 'pending' }
    // A 202's body is informative only: it commits the operation to no convention.
    const protocol =
      answer.httpStatus === 202
        ? current.protocol
        : (current.protocol.resolve?.(response, context) ?? current.protocol)
    const observation = protocol.observe(response, context)
    if (pushed && observation.state === 'succeeded' && observation.result.kind === 'body') {
      throw new ProtocolError(
        `A pushed status body (a stream's record, a notification) says no state the ${protocol.name} convention reads: it is never taken for the result itself`,
        answer.url,
        answer.body.excerpt,
      )
    }
    current.protocol = protocol
    return observation
  })
  return next.action === 'poll' && !pushed ? withStreamLocation(next, answer, now, rules) : next
}

/**
 * Whether an error answer of the status location is the server's verdict: a status body that says
 * the operation failed or was canceled (`500 {"status": "failed", "error": …}`). Such an answer
 * ends the operation with its detail instead of a bare `HTTPError`, and is not retried. An answer
 * that says the request was not served is never one, whatever its body says.
 */
export function isFailureReport(state: PollState, answer: Answer, rules: StepRules): boolean {
  return (
    state.stage === 'status' &&
    !notServed.has(answer.httpStatus) &&
    readFailureReport(state, answer, rules) !== undefined
  )
}

/**
 * Statuses that say the request was not served by the status resource (RFC 9110 §15.5.9,
 * §15.6.3, §15.6.4, §15.6.5; RFC 6585 §4): a request timeout, a rate limit, a gateway that got no
 * good answer, a server overloaded or in maintenance for a while. Their body speaks for the
 * gateway, the limit or the server's state, not for the operation: a `502 {"status": "error", …}`
 * or a JSend server's `503 {"status": "error", "message": "Service Unavailable"}` is an outage,
 * ridden out, never the operation's failure.
 */
const notServed: ReadonlySet<number> = new Set([408, 429, 502, 503, 504])

function readFailureReport(
  state: PollState,
  answer: Answer,
  rules: StepRules,
): Observation | undefined {
  const response = toStatusResponse(answer)
  const context = contextOf(rules, state.submit)
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
export function acceptedStatuses(
  state: PollState,
  now: number,
  graceMs: number,
): readonly number[] {
  const pending = (state.stage === 'status' && state.protocol.pendingStatuses) || noStatuses
  const inGrace =
    state.protocol.notReadyGrace !== false && !state.answered && now < state.targetSince + graceMs
  return inGrace ? [...new Set([...pending, 404, 409])] : pending
}

const noStatuses: readonly number[] = []

/**
 * A result link's answer, read by its status code; but a body there that says the work still runs,
 * failed or was canceled is a status, not the result (a `303` that leads to the task itself): it
 * is polled again, or ends the operation, like one. So is a body that says it succeeded and names
 * its result elsewhere: that link is followed.
 */
function observeResultAnswer(response: StatusResponse, context: ProtocolContext): Observation {
  const observation = observeHttpStatus(response)
  if (observation.state !== 'succeeded' || observation.result.kind !== 'body') return observation
  if (isOkAnswer(response.body)) return observation
  try {
    const said = readingOf(context).observe(response)
    if (!said) return observation
    return said.state !== 'succeeded' || said.result.kind === 'link' ? said : observation
  } catch {
    // A body the reading cannot make out is content: the result.
    return observation
  }
}
