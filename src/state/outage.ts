import { nextPollDelay } from '../time/schedule.js'
import type { PollState } from './poll-state.js'
import type { StepRules } from './transition.js'

/**
 * What follows a poll that failed for a reason that may pass (the network, a timeout, 408, 429,
 * 5xx, after that request's own retries): polling goes on at the next backoff step, the server's
 * `Retry-After` (`hintMs`) honoured, as long as the failures in a row have lasted less than
 * `maxOutageMs` and the deadline has not come. `undefined` when the operation must fail with the
 * error: a server restart is ridden out, a server gone for good is not waited on forever. A wait
 * the deadline cuts short (a `Retry-After` past it) is planned at the deadline.
 */
export function rideOutage(
  state: PollState,
  hintMs: number | undefined,
  now: number,
  rules: StepRules,
): PollState | undefined {
  const since = state.outageSince ?? now
  const budgetMs = rules.maxOutageMs ?? Number.POSITIVE_INFINITY
  if (now - since >= budgetMs) return undefined
  const budgetEnd = since + budgetMs
  const delayMs = nextPollDelay({
    backoff: rules.backoff,
    attempt: state.backoffStep,
    previousDelayMs: state.previousDelayMs,
    hintMs,
    etaMs: undefined,
    now,
    deadline: Math.min(state.deadline, budgetEnd),
    random: rules.random,
  })
  const nextPollAt = delayMs === undefined ? lastPollAt(state, hintMs, budgetEnd) : now + delayMs
  if (nextPollAt === undefined) return undefined
  return {
    ...state,
    outageSince: since,
    attempt: state.attempt + 1,
    backoffStep: state.backoffStep + 1,
    previousDelayMs: delayMs ?? nextPollAt - now,
    nextPollAt,
  }
}

/**
 * When to poll once the next wait reaches past the budget or the deadline, or `undefined` to fail
 * now. The client's own backoff does not shorten the budget: the last poll comes at its end. A
 * server's `Retry-After` past it says the outage outlasts the budget: the operation fails now. Cut
 * short by the deadline instead, the wait lasts to the deadline, as a status answer's hint does,
 * and the operation then ends with its PollTimeoutError.
 */
function lastPollAt(
  state: PollState,
  hintMs: number | undefined,
  budgetEnd: number,
): number | undefined {
  if (budgetEnd >= state.deadline) return state.deadline
  return hintMs === undefined ? budgetEnd : undefined
}
