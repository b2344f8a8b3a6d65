import { isHTTPError } from 'ky'
import type { Answer, Body } from '../answer.js'
import { PollTimeoutError } from '../errors.js'
import type { Send, SendOptions } from '../http/transport.js'
import { isTransient } from '../http/transport.js'
import { rideOutage } from '../state/outage.js'
import type { PollState } from '../state/poll-state.js'
import { acceptedStatuses, isFailureReport, step } from '../state/step.js'
import type { StatusUpdate, StepRules } from '../state/transition.js'
import { sleepUntilPoll } from '../time/page-sleep.js'
import { readRetryAfterMs } from '../time/retry-after.js'
import type { Alarm, Sleeper } from '../time/timer-queue.js'
import type { Clock } from '../types/clock.js'

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
export interface Success {
  readonly update: StatusUpdate
  readonly result: Body
}

/**
 * Where a poll loop reports: every pending observation (it goes on once `updated` resolves), then
 * its end, once: `succeeded` or `failed`.
 */
export interface LoopReport {
  updated(update: StatusUpdate): Promise<void>
  succeeded(success: Success): void
  failed(error: unknown): void
}

/** A poll loop in progress. */
export interface Polling {
  /** Ends the loop at once, with no report: its sleep is canceled, its request aborted with `reason`. */
  stop(reason: unknown): void
}

/**
 * Runs the transition until it settles: sleep until the poll is due, send, read, `step`. Reports
 * every pending observation, then the result or the error `step` rejects with. It starts on the
 * next microtask. The deadline needs no timer of its own: no sleep outlasts it, and the request in
 * flight is cut short at it.
 */
export function startPolling(config: LoopConfig, holder: StateHolder, report: LoopReport): Polling {
  const loop = new PollLoop(config, holder, report)
  queueMicrotask(() => loop.plan())
  return loop
}

/**
 * Between requests a loop is this object and its place in the clock's timer queue: no async frame,
 * promise or abort signal waits through the sleep. A request has its own controller while in flight.
 */
class PollLoop implements Polling, Sleeper {
  #sleep: Alarm | undefined
  #request: AbortController | undefined
  #stopped = false

  constructor(
    readonly config: LoopConfig,
    readonly holder: StateHolder,
    readonly report: LoopReport,
  ) {}

  stop(reason: unknown): void {
    this.#stopped = true
    this.#sleep?.cancel()
    this.#sleep = undefined
    this.#request?.abort(reason)
    this.#request = undefined
  }

  /** Sleeps until the next poll is due, or polls now. */
  plan(): void {
    if (this.#stopped) return
    const { clock } = this.config
    const state = this.holder.current
    const now = clock.now()
    const untilDeadline = state.deadline - now
    const ms = Math.min(state.nextPollAt - now, untilDeadline)
    this.#sleep = sleepUntilPoll(clock, ms, this.config.hiddenDelayMs, untilDeadline, this)
    if (!this.#sleep) this.wake()
  }

  /** The clock could not sleep until the poll: the wait rejects with its error. */
  fail(error: unknown): void {
    this.#sleep = undefined
    if (!this.#stopped) this.#fail(error)
  }

  /** The poll is due: send it, unless the deadline has passed. */
  wake(): void {
    this.#sleep = undefined
    if (this.#stopped) return
    try {
      this.#send()
    } catch (error) {
      this.#fail(error)
    }
  }

  #send(): void {
    const { clock } = this.config
    const state = this.holder.current
    const expired = () => timeoutError(this.holder.current, clock.now())
    if (clock.now() >= state.deadline) throw expired()
    const request = new AbortController()
    this.#request = request
    this.config
      .send(new URL(state.target), pollRequest(this.config, state, request.signal, expired))
      .then(
        (answer) => {
          if (this.#request !== request) return
          this.#request = undefined
          try {
            this.#answered(answer)
          } catch (error) {
            this.#fail(error)
          }
        },
        (error: unknown) => {
          if (this.#request === request) this.#failed(error)
        },
      )
  }

  /** A poll failed: an outage that may pass is ridden out, anything else ends the loop. */
  #failed(error: unknown): void {
    this.#request = undefined
    const next = afterFailedPoll(this.holder.current, error, this.config)
    if (!next) {
      this.#fail(error)
      return
    }
    this.holder.current = next
    this.plan()
  }

  #answered(answer: Answer): void {
    const next = step(this.holder.current, answer, this.config.clock.now(), this.config.rules)
    this.holder.current = next.state
    switch (next.action) {
      case 'poll':
        this.report.updated(next.update).then(
          () => this.plan(),
          (error: unknown) => {
            if (!this.#stopped) this.#fail(error)
          },
        )
        return
      case 'fetch':
        this.plan()
        return
      case 'succeed':
        this.#stopped = true
        this.report.succeeded({ update: next.update, result: next.result })
        return
      case 'reject':
        this.#fail(next.error)
    }
  }

  #fail(error: unknown): void {
    this.#stopped = true
    this.#request = undefined
    this.report.failed(error)
  }
}

/** The request that polls `state.target`: retried, bounded by the deadline, read by the stage. */
export function pollRequest(
  config: LoopConfig,
  state: PollState,
  signal: AbortSignal,
  expired: () => unknown,
): SendOptions {
  return {
    signal,
    retry: true,
    deadline: state.deadline,
    onDeadline: expired,
    limited: true,
    accept: acceptedStatuses(state, config.clock.now(), config.rules.notReadyGraceMs),
    trustedOrigins: state.trustedOrigins,
    ...(state.stage === 'status'
      ? { isVerdict: (answer: Answer) => isFailureReport(state, answer, config.rules) }
      : { readsRecords: true }),
  }
}

/**
 * The state after a poll that failed, when polling goes on (an outage that may pass, within its
 * budget); `undefined` when the failure ends the operation.
 */
export function afterFailedPoll(
  state: PollState,
  error: unknown,
  config: LoopConfig,
): PollState | undefined {
  if (!isTransient(error)) return undefined
  const now = config.clock.now()
  const hintMs = isHTTPError(error) ? readRetryAfterMs(error.response.headers, now) : undefined
  return rideOutage(state, hintMs, now, config.rules)
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
