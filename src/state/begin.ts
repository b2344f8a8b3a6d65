import type { Answer } from '../answer.js'
import { ProtocolError } from '../errors.js'
import {
  monitorHeaders,
  readLocation,
  readLocationHeaders,
  readStatusLocation,
  readSubmitLocation,
} from '../locations.js'
import { readingOf } from '../protocols/generic-json.js'
import type {
  Observation,
  Protocol,
  ProtocolContext,
  Reading,
  StatusResponse,
  SubmitInfo,
} from '../types/protocol.js'
import { createPollState } from './poll-state.js'
import { withStreamLocation } from './stream-plan.js'
import {
  contextOf,
  decide,
  type Next,
  oneCopy,
  type StepRules,
  toStatusResponse,
} from './transition.js'

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
export function begin(
  submission: Submission,
  submitAnswer: Answer,
  now: number,
  rules: StepRules,
): Next {
  const answer = withoutStreamOf202(submitAnswer)
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
  const next = decide(initial, answer, now, rules, (state) => {
    // One shape for every operation's submit, whichever fields it has.
    const submit: SubmitInfo = {
      method: submission.submit.method,
      url: submission.submit.url,
      location: readLocation(answer.headers, answer.url)?.href,
      monitor: readLocationHeaders(answer.headers, monitorHeaders, answer.url)?.href,
      finalStateVia: submission.submit.finalStateVia,
    }
    const context = contextOf(rules, submit)
    // A 202's body is informative only: it commits the operation to no convention.
    const protocol =
      answer.httpStatus === 202 ? detected : (detected.resolve?.(response, context) ?? detected)
    const observation = protocol.observeAnswer
      ? protocol.observeAnswer(response, context)
      : observeAnswerByDefault(protocol, response, context, answer.resentAsGet === true)
    if (observation.state === 'pending' && !observation.statusUrl) {
      throw new ProtocolError(noStatusLocation(answer), answer.url, answer.body.excerpt)
    }
    // The first location named is the status location: cancel and `statusUrl` refer to it.
    const named = observation.state === 'pending' ? observation.statusUrl?.href : undefined
    const statusUrl = named === undefined ? undefined : oneCopy(named, submit.location)
    state.protocol = protocol
    state.submit = submit
    if (statusUrl) {
      state.statusUrl = statusUrl
      state.target = statusUrl
    }
    return observation
  })
  return next.action === 'poll' ? withStreamLocation(next, answer, now, rules) : next
}

/**
 * A `202`'s body only describes the request's status (RFC 9110 §15.3.3): one that streams (its
 * progress as events) was let go unread, and the status location is followed as for any `202`.
 * Any other submit answer that streams stays a stream, which is never a status or a result.
 */
function withoutStreamOf202(answer: Answer): Answer {
  if (answer.httpStatus !== 202 || answer.body.stream === undefined) return answer
  return { ...answer, body: { value: undefined, excerpt: answer.body.excerpt } }
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

/**
 * The default reading of a submit's answer: a `202`, or a `201` naming a status location, is
 * pending at that location; anything else is read like a status response. Where no header names
 * the location, the reading finds it in the body (or by the client's `statusLocation`). A `POST`
 * answered with something that is not a status is pending there when the body names it, and a
 * job handle at the location a header names; a job handle is refused without one: its
 * identifiers are not what the job made. Any answer that is not a status is pending at the
 * location the client's `statusLocation` names. A `GET`
 * that is pending names its own URL as the status location: ask again.
 */
function observeAnswerByDefault(
  protocol: Protocol,
  answer: StatusResponse,
  context: ProtocolContext,
  resentAsGet: boolean,
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
    (reading.locatesStatus ? undefined : reading.statusLocation(answer)) ??
    contentLocation(protocol, answer)
  const withLocation = location ? { statusUrl: location } : {}
  if (answer.httpStatus === 202 || (answer.httpStatus === 201 && headerLocation)) {
    return {
      state: 'pending',
      ...(location ? withLocation : sameUrlIfGet(answer, context, resentAsGet)),
    }
  }
  const observation = protocol.observe(answer, context)
  const isAnswerItself = observation.state === 'succeeded' && observation.result.kind === 'body'
  // The app's `statusLocation` says where the status is, whatever the method: Sanity's dataset
  // copy is a `PUT` answered with the copy's job id.
  if (isAnswerItself && configured) return { state: 'pending', statusUrl: configured }
  if (isAnswerItself && context.submit.method === 'POST') {
    // A header's location makes a job handle pending there, as @azure/core-lro polls the Location
    // of any first answer; a body of real content beside it stays the result.
    const isHandle = reading.isJobHandle(answer.body)
    if (location && (location !== headerLocation || isHandle)) {
      return { state: 'pending', statusUrl: location }
    }
    if (isHandle) {
      throw new ProtocolError(
        `The ${answer.httpStatus} answer is only a job handle, not a result; name where the job's status is with the \`statusLocation\` option (a template such as '/jobs/{id}')`,
        answer.url,
        answer.excerpt,
      )
    }
  }
  if (observation.state !== 'pending' || observation.statusUrl) return observation
  return {
    ...observation,
    ...(location ? withLocation : sameUrlIfGet(answer, context, resentAsGet)),
  }
}

/**
 * A `202`'s `Content-Location`, where neither a header nor the body names the status location, and
 * the protocol reads the submit's headers by default: a status link in the body is the API's own
 * word, while a `Content-Location` may only name the variant that answered (Apache's MultiViews).
 */
function contentLocation(protocol: Protocol, answer: StatusResponse): URL | undefined {
  if (protocol.statusUrl) return undefined
  return readSubmitLocation(answer.httpStatus, answer.headers, answer.url)
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
 * A `GET` answered "still running" with no location is asked again at its own URL (a POST that a
 * 301 or 302 sent on as a GET too), and a `PUT` or `PATCH` is polled at the resource it wrote
 * (RFC 9110: their target is that resource).
 */
function sameUrlIfGet(
  answer: StatusResponse,
  context: ProtocolContext,
  resentAsGet: boolean,
): { statusUrl?: URL } {
  const { method, url } = context.submit
  if (method === 'GET' || resentAsGet) return { statusUrl: new URL(answer.url) }
  return method === 'PUT' || method === 'PATCH' ? { statusUrl: new URL(url) } : {}
}
