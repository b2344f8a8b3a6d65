import { afterPendingIo } from '../time/after-pending-io.js'
import type { Deadline } from '../time/deadline.js'
import { promiseOf } from '../time/promise-of.js'
import type { Clock } from '../types/clock.js'

/**
 * Runs a task when a slot for its key is free; at most `limit` run at once per key. A task waiting
 * for its slot leaves the queue when its signal aborts or its expiry passes.
 */
export type Limiter = <T>(
  key: string,
  signal: AbortSignal,
  task: () => Promise<T>,
  expiry?: Deadline,
) => Promise<T>

interface Slots {
  active: number
  readonly waiting: Array<() => void>
}

/**
 * Limits concurrent tasks per key (an origin), queueing the rest first come, first served. A
 * queued task whose signal aborts leaves the queue at once with the signal's reason; one whose
 * expiry passes leaves it with the expiry's reason. Only a queued task holds a timer.
 */
export function createLimiter(limit: number, clock: Clock): Limiter {
  const slotsByKey = new Map<string, Slots>()

  /** Takes a free slot at once (`undefined`), or queues for one. */
  const acquire = (
    key: string,
    signal: AbortSignal,
    expiry: Deadline | undefined,
  ): Promise<void> | undefined => {
    const slots = slotsByKey.get(key) ?? { active: 0, waiting: [] }
    slotsByKey.set(key, slots)
    if (slots.active < limit) {
      slots.active += 1
      return undefined
    }
    return new Promise((resolve, reject) => {
      const timer = new AbortController()
      const leave = (reason: unknown) => {
        const place = slots.waiting.indexOf(grant)
        // Granted in the same turn as the expiry came: the slot is taken, nothing to leave.
        if (place === -1) return
        slots.waiting.splice(place, 1)
        signal.removeEventListener('abort', onAbort)
        timer.abort()
        reject(reason)
      }
      const onAbort = () => leave(signal.reason)
      const grant = () => {
        signal.removeEventListener('abort', onAbort)
        timer.abort()
        resolve()
      }
      slots.waiting.push(grant)
      signal.addEventListener('abort', onAbort, { once: true })
      if (expiry) {
        promiseOf(() => clock.sleep(expiry.at - clock.now(), timer.signal)).then(
          () => leave(expiry.reason()),
          // Not its own abort: the clock failed, and the task leaves with its error.
          (error: unknown) => {
            if (!timer.signal.aborted) leave(error)
          },
        )
      }
    })
  }

  const release = (key: string): void => {
    const slots = slotsByKey.get(key)
    if (!slots) return
    const next = slots.waiting.shift()
    if (next) {
      next()
      return
    }
    slots.active -= 1
    if (slots.active === 0) slotsByKey.delete(key)
  }

  return (key, signal, task, expiry) => {
    if (signal.aborted) return Promise.reject(signal.reason)
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
