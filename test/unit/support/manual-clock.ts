/** A clock whose time moves only when a test says, for the unit tests of what sleeps on it. */
import type { Clock } from '../../../src/types/clock.js'

/** Lets pending promise callbacks and queued microtasks run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * A clock at `start` whose sleeps end when the test moves time past them; it counts the sleeps it
 * was asked for.
 */
export function manualClock(start = 0) {
  let now = start
  let asked = 0
  const sleeps = new Set<{ until: number; wake: () => void }>()
  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      asked += 1
      return new Promise((resolve, reject) => {
        signal.throwIfAborted()
        const sleep = { until: now + ms, wake: () => resolve() }
        sleeps.add(sleep)
        signal.addEventListener('abort', () => {
          sleeps.delete(sleep)
          reject(signal.reason)
        })
      })
    },
  }
  return {
    clock,
    /** Moves time to `at`, ends the sleeps due by then and lets their callbacks run. */
    async advanceTo(at: number) {
      now = at
      for (const sleep of [...sleeps]) {
        if (sleep.until <= at) {
          sleeps.delete(sleep)
          sleep.wake()
        }
      }
      await flush()
    },
    /** Moves time to each sleep's end in turn until none is left, or `limit` moves were made. */
    async runAll(limit = 100) {
      await flush()
      for (let moves = 0; sleeps.size > 0 && moves < limit; moves++) {
        await this.advanceTo(Math.min(...[...sleeps].map((sleep) => sleep.until)))
      }
    },
    /** Sleeps in progress on the clock: the timers a caller would see left. */
    open: () => sleeps.size,
    /** Sleeps the clock was asked for, in all. */
    asked: () => asked,
  }
}
