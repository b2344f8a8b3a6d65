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
  // Cut short by the deadline, not the budget: waited out to the deadline, as a status answer's
  // hint is, and the operation then ends with its PollTimeoutError.
  if (delayMs === undefined && budgetEnd < state.deadline) return undefined
  return {
    ...state,
    outageSince: since,
    attempt: state.attempt + 1,
    backoffStep: state.backoffStep + 1,
    previousDelayMs: delayMs ?? 0,
    nextPollAt: delayMs === undefined ? state.deadline : now + delayMs,
  }
}
