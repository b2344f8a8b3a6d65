import type { StatusUpdate } from '../state/transition.js'
import { endsOperation } from './ends-operation.js'
import type { LoopConfig } from './loop-config.js'
import {
  type LoopReport,
  type Polling,
  type StateHolder,
  type Success,
  startPolling,
} from './poll-loop.js'
import { timeoutError } from './poll-request.js'
import { pollAcrossTabs } from './tab-sharing.js'
import type { Participant, Party } from './waiter.js'

/** The reason a poll loop that no wait follows any more is stopped with. */
const noWait = new DOMException('No wait is in progress', 'AbortError')

/**
 * One poll loop, shared by every wait in progress; the last of them to leave stops it, so that no
 * request or timer outlives the waits. Its outcome is kept before any wait hears of it.
 */
export class SharedPoll implements LoopReport, Party {
  outcome: Promise<Success> | undefined
  #waiters: readonly Participant[] = []
  #over = false
  readonly #polling: Polling

  constructor(config: LoopConfig, holder: StateHolder) {
    const poll = (report: LoopReport) => startPolling(config, holder, report)
    this.#polling = config.shareAcrossTabs
      ? pollAcrossTabs(holder.current.statusUrl, poll, this, {
          at: holder.current.deadline,
          reason: () => timeoutError(holder.current, config.clock.now()),
          clock: config.clock,
        })
      : poll(this)
  }

  /** Whether waits may still join: not ended, not stopped. */
  get open(): boolean {
    return !this.#over
  }

  join(waiter: Participant): void {
    waiter.party = this
    this.#waiters = this.#waiters.concat(waiter)
  }

  leave(participant: Participant): void {
    this.#waiters = this.#waiters.filter((waiter) => waiter !== participant)
    if (this.#waiters.length > 0 || this.#over) return
    this.#over = true
    this.#polling.stop(noWait)
  }

  updated(update: StatusUpdate): Promise<void> | undefined {
    const hearing: Promise<void>[] = []
    for (const waiter of this.#waiters) {
      const observing = waiter.observe(update)
      if (observing) hearing.push(observing)
    }
    return hearing.length === 0 ? undefined : Promise.all(hearing).then(() => {})
  }

  succeeded(success: Success): void {
    this.#end(Promise.resolve(success))
  }

  failed(error: unknown): void {
    this.#end(Promise.reject(error), endsOperation(error))
  }

  /** A notification from the app: see `Operation.notify`. */
  notify(body: unknown): void {
    this.#polling.notify(body)
  }

  /** Stops polling and ends every wait with `reason`: the operation has settled otherwise (a cancel). */
  abandon(reason: unknown): void {
    this.#polling.stop(reason)
    this.failed(reason)
  }

  /** Ends the poll loop's waits; a final outcome is kept for every later wait. */
  #end(outcome: Promise<Success>, final = true): void {
    outcome.catch(() => {})
    this.#over = true
    if (final) this.outcome = outcome
    for (const waiter of this.#waiters) waiter.settleWith(outcome)
  }
}
