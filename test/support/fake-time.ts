import { afterEach, beforeEach, expect, vi } from 'vitest'

/** Fake timers (and `Date`) for every test of the file; `queueMicrotask` stays real. */
export function useFakeTime(now?: number): void {
  beforeEach(() => {
    vi.useFakeTimers(now === undefined ? {} : { now })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

/**
 * Advances the fake clock by `ms` and returns how the promise settled by then; a rejection is
 * handled from the start, so none goes unhandled while the clock runs.
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<PromiseSettledResult<T>> {
  const outcome = Promise.allSettled([promise])
  await vi.advanceTimersByTimeAsync(ms)
  const [result] = await outcome
  return result as PromiseSettledResult<T>
}

/** Advances the fake clock by `ms` and returns the promise, settled by then. */
export async function finishWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  await settleWithin(promise, ms)
  return promise
}

/** The rejection reason of a settled promise, failing the test if it resolved. */
export function rejection(result: PromiseSettledResult<unknown>): unknown {
  expect(result.status).toBe('rejected')
  return (result as PromiseRejectedResult).reason
}

/** How a promise stands after `ms` of fake time: `undefined` while still pending. */
export async function outcomeWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<PromiseSettledResult<T> | undefined> {
  let outcome: PromiseSettledResult<T> | undefined
  promise.then(
    (value) => {
      outcome = { status: 'fulfilled', value }
    },
    (reason: unknown) => {
      outcome = { status: 'rejected', reason }
    },
  )
  await vi.advanceTimersByTimeAsync(ms)
  return outcome
}

/**
 * How many timers are still set once those due now have run: a request's slot is handed on one
 * event-loop turn after its response (a 0 ms timer under fake time), which is no timer left behind.
 */
export async function timersLeft(): Promise<number> {
  await vi.advanceTimersByTimeAsync(0)
  return vi.getTimerCount()
}
