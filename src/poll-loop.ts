import type { Body } from './body.js'
import type { Clock } from './clock.js'
import { PollTimeoutError } from './errors.js'
import { sleepUntilPoll } from './page-lifecycle.js'
import type { PollState } from './state/poll-state.js'
import { acceptedStatuses, type Observed, type StepRules, step } from './state/step.js'
import type { Send } from './transport.js'

/** What the loop needs from the client: settled options, no user input. */
export interface LoopConfig {
  readonly send: Send
  readonly clock: Clock
  /** The slowest cadence while the page is hidden. */
  readonly hiddenDelayMs: number
  /** How long a cancel's retries may go on: its tries' timeouts, added up. */
  readonly cancelBudgetMs: number
  /** In a page, one tab polls per operation and the others take what it sees. */
  readonly shareAcrossTabs: boolean
  readonly rules: StepRules
}

/** An operation's current state: the loop replaces it after every response. */
export interface StateHolder {
  current: PollState
}

/** A succeeded operation: its terminal observation and its result, not yet validated. */
export interface Completed {
  readonly observed: Observed
  readonly result: Body
}

/** Hands a pending observation to whoever waits; resolves once they have taken it. */
export type Emit = (observed: Observed) => Promise<void>

/**
 * Runs the transition until it settles: sleep until the poll is due, send, read, `step`. Emits
 * every pending observation, resolves with the result and throws the errors `step` rejects with.
 * The deadline needs no timer of its own: no sleep outlasts it, and the request in flight is cut
 * short at it.
 */
export async function pollUntilDone(
  config: LoopConfig,
  holder: StateHolder,
  emit: Emit,
  signal: AbortSignal,
): Promise<Completed> {
  const { clock } = config
  const expired = () => timeoutError(holder.current, clock.now())
  for (;;) {
    const state = holder.current
    const now = clock.now()
    const untilDeadline = state.deadline - now
    await sleepUntilPoll(
      clock,
      Math.min(state.nextPollAt - now, untilDeadline),
      signal,
      config.hiddenDelayMs,
      untilDeadline,
    )
    if (clock.now() >= state.deadline) throw expired()
    const answer = await config.send(new URL(state.target), {
      signal,
      retry: true,
      deadline: state.deadline,
      onDeadline: expired,
      limited: true,
      accept: acceptedStatuses(state, clock.now(), config.rules.notReadyGraceMs),
      trustedOrigins: state.trustedOrigins,
    })
    const next = step(state, answer, clock.now(), config.rules)
    holder.current = next.state
    switch (next.action) {
      case 'poll':
        await emit(next.observed)
        break
      case 'fetch':
        break
      case 'settle':
        return { observed: next.observed, result: next.result }
      case 'reject':
        throw next.error
    }
  }
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
