import { afterPendingIo } from '../time/after-pending-io.js'
import type { Deadline } from '../time/deadline.js'
import { promiseOf } from '../time/promise-of.js'
import { runAfter } from '../time/run-after.js'
import type { Clock } from '../types/clock.js'

/**
 * Runs a task when a slot for its key is free; at most `limit` run at once per key. A task waiting
 * for its slot leaves the queue when its signal aborts or its expiry passes.
 */
export type Limiter = <T>(
  key: string,
  signal: AbortSignal | undefined,
  task: () => Promise<T>,
  expiry?: Deadline,
) => Promise<T>

interface Slots {
  active: number
  readonly waiting: Waiter[]
}

/**
 * A task queued for its slot: it listens to its signal, and has a timer for its expiry, a plain
 * one on the system clock (no controller, sleep or DOMException of its own).
 */
class Waiter {
  #stopTimer: (() => void) | undefined

  constructor(
    readonly slots: Slots,
    readonly signal: AbortSignal | undefined,
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
    readonly expiry: Deadline | undefined,
  ) {}

  /** Joins the queue. */
  enqueue(clock: Clock): void {
    this.slots.waiting.push(this)
    this.signal?.addEventListener('abort', this, { once: true })
    const { expiry } = this
    if (expiry) {
      this.#stopTimer = runAfter(
        clock,
        expiry.at - clock.now(),
        () => this.#leave(expiry.reason()),
        (error) => this.#leave(error),
      )
    }
  }

  /** The slot is its: the task runs. */
  grant(): void {
    this.#forget()
    this.resolve()
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.#leave(this.signal?.reason)
  }

  #leave(reason: unknown): void {
    const place = this.slots.waiting.indexOf(this)
    // Granted in the same turn as the expiry came: the slot is taken, nothing to leave.
    if (place === -1) return
    this.slots.waiting.splice(place, 1)
    this.#forget()
    this.reject(reason)
  }

  #forget(): void {
    this.signal?.removeEventListener('abort', this)
    this.#stopTimer?.()
  }
}

/** Origins with nothing in flight whose entry is kept while there are no more than this many. */
const idleOriginsKept = 16

/**
 * Limits concurrent tasks per key (an origin), queueing the rest first come, first served. A
 * queued task whose signal aborts leaves the queue at once with the signal's reason; one whose
 * expiry passes leaves it with the expiry's reason. Only a queued task has an expiry timer.
 */
export function createLimiter(limit: number, clock: Clock): Limiter {
  const slotsByKey = new Map<string, Slots>()

  /** Takes a free slot at once (`undefined`), or queues for one. */
  const acquire = (
    key: string,
    signal: AbortSignal | undefined,
    expiry: Deadline | undefined,
  ): Promise<void> | undefined => {
    let slots = slotsByKey.get(key)
    if (!slots) {
      slots = { active: 0, waiting: [] }
      slotsByKey.set(key, slots)
    }
    if (slots.active < limit) {
      slots.active += 1
      return undefined
    }
    const queued = slots
    return new Promise((resolve, reject) => {
      new Waiter(queued, signal, resolve, reject, expiry).enqueue(clock)
    })
  }

  const release = (key: string): void => {
    const slots = slotsByKey.get(key)
    if (!slots) return
    const next = slots.waiting.shift()
    if (next) {
      next.grant()
      return
    }
    slots.active -= 1
    // An origin polled again and again keeps its entry; many idle ones are let go.
    if (slots.active === 0 && slotsByKey.size > idleOriginsKept) slotsByKey.delete(key)
  }

  return (key, signal, task, expiry) => {
    if (signal?.aborted) return Promise.reject(signal.reason)
    // Node's fetch (undici) reuses a connection only one event-loop turn after its response
    // ends: a request sent sooner opens a new socket, and sockets would grow to twice the limit.
    const free = () => afterPendingIo(() => release(key))
    const run = () => {
      const running = promiseOf(task)
      running.then(free, free)
      return running
    }
    const queued = acquire(key, signal, expiry)
    return queued ? queued.then(run) : run()
  }
}
