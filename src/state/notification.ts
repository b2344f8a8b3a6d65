import { bodyOf } from '../answer.js'
import type { PollState } from './poll-state.js'
import { step } from './step.js'
import { awaitsReconnect } from './stream-plan.js'
import type { Next, StatusUpdate, StepRules } from './transition.js'

/** What a notification does to an operation. */
export interface Notified {
  readonly state: PollState
  /** A pending status body that was delivered: listeners receive it as an observation. */
  readonly update?: StatusUpdate
  /**
   * Whether to read the status location now: a wake, or a delivered body that says the operation
   * ended; never when the server set the time of the next read (see `notified`).
   */
  readonly pollNow: boolean
}

const deliveredHeaders = new Headers({ 'content-type': 'application/json' })

/**
 * A notification from a source the app owns (a WebSocket message, a queue, a webhook): a hint,
 * never the truth, about the status. Without a body it asks for a poll now. A delivered status
 * body is read by the operation's convention with its strictness (a body it cannot read is thrown,
 * and the operation is untouched); a pending one becomes the latest observation, the schedule
 * kept; one that says the operation ended asks for a poll now, so that the status location
 * confirms it: a result is only ever taken from the server. No poll is asked for during an outage,
 * before a cut stream's reconnection time, nor once the result link is being fetched.
 */
export function notified(state: PollState, body: unknown, now: number, rules: StepRules): Notified {
  // The status said succeeded: the result link is fetched when the server said, a 303's Retry-After
  // honoured (RFC 9110 §10.2.3); a notification has nothing to add.
  if (state.stage !== 'status') return { state, pollNow: false }
  // An outage ridden out (the server refused the last reads, or was out of reach) is asked again
  // when its own schedule says, the server's Retry-After honoured (RFC 9110 §10.2.3, RFC 6585 §4);
  // a cut stream, after its `retry:`.
  const pollNow = mayReadNow(state, now)
  if (body === undefined) return { state, pollNow }
  const answer = {
    httpStatus: 200,
    headers: deliveredHeaders,
    url: state.target,
    body: bodyOf(body),
  }
  const next = step(state, answer, now, rules, true)
  if (next.action === 'reject' && !next.update) throw next.error
  if (next.action !== 'poll') return { state, pollNow }
  // The schedule and the convention stay: a hint moves neither (only the server commits an
  // operation to a convention), and the snapshot says when the next read really is.
  const { nextPollAt, backoffStep, previousDelayMs, protocol } = state
  const snapshot = { ...next.update.snapshot, nextPollInMs: Math.max(0, nextPollAt - now) }
  return {
    state: { ...next.state, nextPollAt, backoffStep, previousDelayMs, protocol, snapshot },
    update: { ...next.update, snapshot },
    pollNow: false,
  }
}

/** Whether a notification may bring the next status read forward to `now` (see `notified`). */
function mayReadNow(state: PollState, now: number): boolean {
  return state.outageSince === undefined && !awaitsReconnect(state, now)
}

/**
 * A status read that was in flight when a notification asked for one: the server may have answered
 * it before what the notification reports, so the next read goes out now, not when scheduled;
 * unless it would open a cut stream again before its reconnection time (the read after a stream
 * location's cut).
 */
export function readAgainNow(next: Next & { action: 'poll' }, now: number): Next {
  if (!mayReadNow(next.state, now)) return next
  const snapshot = { ...next.update.snapshot, nextPollInMs: 0 }
  return {
    ...next,
    state: { ...next.state, nextPollAt: now, snapshot },
    update: { ...next.update, snapshot },
  }
}
