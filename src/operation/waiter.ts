import { OperationCanceledError, OperationFailedError } from '../errors.js'
import type { PollState } from '../state/poll-state.js'
import type { StatusUpdate } from '../state/transition.js'
import { stopListeningForAbort } from '../time/abort-listeners.js'
import type { ClockDeadline } from '../time/deadline.js'
import type { Clock } from '../types/clock.js'
import type { WaitOptions } from '../types/options.js'
import type { Snapshot } from '../types/snapshot.js'
import type { StateHolder, Success } from './poll-loop.js'
import { timeoutError } from './poll-request.js'
import { validateBody } from './validate.js'

/**
 * Where a result that came with the submit's own answer came from: a body that fails the result
 * schema there is often a job handle or a status the reading did not see.
 */
function submitNote(snapshot: Snapshot): string | undefined {
  if (snapshot.attempt !== 0 || snapshot.resultUrl !== undefined) return undefined
  return `the submit answered ${snapshot.httpStatus} and its body was taken as the result; if the job goes on elsewhere, name its status with \`statusLocation\` or \`stateField\``
}

/** A wait as the poll loop it takes part in sees it. */
export interface Participant {
  /** The poll loop this wait takes part in, while it does. */
  party: Party | undefined
  observe(update: StatusUpdate): Promise<void> | undefined
  settleWith(outcome: Promise<Success>): void
}

/** What a wait leaves when it ends before the operation does (an abort, a status it rejects). */
export interface Party {
  leave(participant: Participant): void
}

/**
 * One `wait()` in progress: its promise's settlement, its view of each observation (status schema,
 * `onProgress`) and its signal, whose abort ends it at once. A plain object with no closures, since
 * it lives as long as the wait. It listens to its signal as an event listener object.
 */
export class Waiter<Status, Result> implements Participant {
  party: Party | undefined
  #done = false
  // The options' fields, not the options: a wait without any keeps no object for them.
  readonly #status: WaitOptions<Status, Result>['status']
  readonly #result: WaitOptions<Status, Result>['result']
  readonly #onProgress: WaitOptions<Status, Result>['onProgress']
  readonly #signal: AbortSignal | undefined

  constructor(
    options: WaitOptions<Status, Result>,
    readonly holder: StateHolder,
    readonly clock: Clock,
    readonly resolve: (value: Result) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.#status = options.status
    this.#result = options.result
    this.#onProgress = options.onProgress
    this.#signal = options.signal
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.#reject(this.#signal?.reason)
  }

  /**
   * Validates the status body and hands the snapshot to `onProgress`; a failure ends this wait.
   * A wait with neither has nothing to do: no promise.
   */
  observe(update: StatusUpdate): Promise<void> | undefined {
    if (this.#onProgress === undefined && this.#status === undefined) return undefined
    return this.#observe(update)
  }

  async #observe(update: StatusUpdate): Promise<void> {
    try {
      const status = update.statusBody
        ? await validateBody(
            this.#status,
            update.statusBody,
            this.holder.current.statusUrl,
            this.#deadline(),
          )
        : (update.snapshot.status as Status | undefined)
      const returned: unknown = this.#onProgress?.({ ...update.snapshot, status })
      // An async callback that rejects ends the wait as a throwing one does; it is not awaited.
      if (returned instanceof Promise) returned.catch((error: unknown) => this.#reject(error))
    } catch (error) {
      this.#reject(error)
    }
  }

  /** The operation's deadline, for work of the caller's (a validator) that must not outlast it. */
  #deadline(): ClockDeadline {
    const { holder, clock } = this
    return {
      at: holder.current.deadline,
      reason: () => timeoutError(holder.current, clock.now()),
      clock,
    }
  }

  /** Settles with the operation's outcome: the terminal observation first, then the validated result or the error. */
  settleWith(outcome: Promise<Success>): void {
    outcome
      .then(
        async (success) => {
          await this.observe(success.update)
          const { snapshot } = success.update
          const url = snapshot.resultUrl ?? this.holder.current.statusUrl
          const value = await validateBody(
            this.#result,
            success.result,
            url,
            this.#deadline(),
            submitNote(snapshot),
          )
          if (this.#end()) this.resolve(value)
        },
        async (error: unknown) => {
          const terminal = terminalObservation(error, this.holder.current)
          if (terminal) await this.observe(terminal)
          this.#reject(error)
        },
      )
      .catch((error: unknown) => this.#reject(error))
  }

  #reject(error: unknown): void {
    if (this.#end()) this.reject(error)
  }

  /** Ends this wait, once: it stops listening and leaves its poll loop. False when it had ended. */
  #end(): boolean {
    if (this.#done) return false
    this.#done = true
    if (this.#signal) stopListeningForAbort(this.#signal, this)
    this.party?.leave(this)
    this.party = undefined
    return true
  }
}

/** The terminal observation a failed or canceled outcome carries, for listeners. */
function terminalObservation(error: unknown, state: PollState): StatusUpdate | undefined {
  const terminal = error instanceof OperationFailedError || error instanceof OperationCanceledError
  return terminal ? { snapshot: error.snapshot, statusBody: state.statusBody } : undefined
}
