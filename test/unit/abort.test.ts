import { describe, expect, it, vi } from 'vitest'
import { abortAfter, abortable, linkedController } from '../../src/http/abort.js'
import { systemClock } from '../../src/time/clock.js'
import type { Clock } from '../../src/types/clock.js'

/** A clock whose sleeps end when the test says, or reject when their signal aborts. */
function handClock() {
  const sleeps: Array<{ ms: number; signal: AbortSignal; end: () => void }> = []
  const clock: Clock = {
    now: () => 0,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason)
          return
        }
        signal.addEventListener('abort', () => reject(signal.reason), { once: true })
        sleeps.push({ ms, signal, end: resolve })
      }),
  }
  return { clock, sleeps }
}

/** Lets pending promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('linkedController', () => {
  it("aborts with the parent's reason when the parent aborts", () => {
    const parent = new AbortController()
    const { controller } = linkedController(parent.signal)
    expect(controller.signal.aborted).toBe(false)
    const reason = new Error('stop')
    parent.abort(reason)
    expect(controller.signal.aborted).toBe(true)
    expect(controller.signal.reason).toBe(reason)
  })

  it("is aborted at once, with the parent's reason, when the parent was already aborted", () => {
    const parent = new AbortController()
    const reason = new Error('already')
    parent.abort(reason)
    const { controller, unlink } = linkedController(parent.signal)
    expect(controller.signal.aborted).toBe(true)
    expect(controller.signal.reason).toBe(reason)
    expect(() => unlink()).not.toThrow()
  })

  it('stops following after unlink()', () => {
    const parent = new AbortController()
    const { controller, unlink } = linkedController(parent.signal)
    unlink()
    parent.abort(new Error('late'))
    expect(controller.signal.aborted).toBe(false)
  })

  it('leaves no listener on the parent after unlink()', () => {
    const parent = new AbortController()
    const added = vi.spyOn(parent.signal, 'addEventListener')
    const removed = vi.spyOn(parent.signal, 'removeEventListener')
    const { unlink } = linkedController(parent.signal)
    unlink()
    expect(added).toHaveBeenCalledTimes(1)
    expect(removed).toHaveBeenCalledTimes(1)
    expect(removed.mock.calls[0]?.[1]).toBe(added.mock.calls[0]?.[1])
  })

  it('does not abort the parent when the follower aborts', () => {
    const parent = new AbortController()
    const { controller } = linkedController(parent.signal)
    controller.abort(new Error('own'))
    expect(parent.signal.aborted).toBe(false)
  })

  it('gives every follower its own controller', () => {
    const parent = new AbortController()
    const first = linkedController(parent.signal)
    const second = linkedController(parent.signal)
    first.unlink()
    parent.abort('gone')
    expect(first.controller.signal.aborted).toBe(false)
    expect(second.controller.signal.reason).toBe('gone')
  })
})

describe('abortAfter', () => {
  it("aborts the controller with reason() when the clock's sleep of `ms` ends", async () => {
    const { clock, sleeps } = handClock()
    const controller = new AbortController()
    const reason = new Error('timed out')
    const makeReason = vi.fn(() => reason)
    abortAfter(controller, 2500, clock, makeReason)
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]?.ms).toBe(2500)
    await flush()
    expect(controller.signal.aborted).toBe(false)
    expect(makeReason).not.toHaveBeenCalled()
    sleeps[0]?.end()
    await flush()
    expect(controller.signal.aborted).toBe(true)
    expect(controller.signal.reason).toBe(reason)
    expect(makeReason).toHaveBeenCalledTimes(1)
  })

  it('ends its sleep when cancelled, and never aborts the controller then', async () => {
    const { clock, sleeps } = handClock()
    const controller = new AbortController()
    const makeReason = vi.fn(() => new Error('timed out'))
    const cancel = abortAfter(controller, 1000, clock, makeReason)
    cancel()
    await flush()
    expect(sleeps[0]?.signal.aborted).toBe(true)
    expect(controller.signal.aborted).toBe(false)
    expect(makeReason).not.toHaveBeenCalled()
  })

  it('on the system clock, aborts at `ms` with one timer, and cancelling clears it', async () => {
    vi.useFakeTimers()
    try {
      const fired = new AbortController()
      abortAfter(fired, 2500, systemClock, () => 'timed out')
      await vi.advanceTimersByTimeAsync(2499)
      expect(fired.signal.aborted).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect(fired.signal.reason).toBe('timed out')
      expect(vi.getTimerCount()).toBe(0)

      const cancelled = new AbortController()
      const cancel = abortAfter(cancelled, 2500, systemClock, () => 'timed out')
      expect(vi.getTimerCount()).toBe(1)
      cancel()
      expect(vi.getTimerCount()).toBe(0)
      await vi.advanceTimersByTimeAsync(5000)
      expect(cancelled.signal.aborted).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('on the system clock, holds a timer past 2^31 - 1 ms at the longest a timer can wait, and none for Infinity', () => {
    vi.useFakeTimers()
    try {
      const controller = new AbortController()
      const cancelLong = abortAfter(controller, 2 ** 40, systemClock, () => 'late')
      expect(vi.getTimerCount()).toBe(1)
      cancelLong()
      abortAfter(controller, Number.POSITIVE_INFINITY, systemClock, () => 'never')
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('leaves no unhandled rejection when its sleep rejects', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const { clock } = handClock()
      const controller = new AbortController()
      const cancel = abortAfter(controller, 1000, clock, () => 'timeout')
      cancel()
      await flush()
      await flush()
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })
})

describe('abortable', () => {
  it("rejects at once with the signal's reason while the promise is still pending", async () => {
    const controller = new AbortController()
    const pending = deferred<string>()
    const discard = vi.fn()
    const guarded = abortable(pending.promise, controller.signal, discard)
    const outcome = vi.fn()
    guarded.then(outcome, outcome)
    const reason = new Error('abort')
    controller.abort(reason)
    await flush()
    expect(outcome).toHaveBeenCalledWith(reason)
    await expect(guarded).rejects.toBe(reason)
  })

  it('hands a value that arrives after the abort to `discard`', async () => {
    const controller = new AbortController()
    const pending = deferred<{ id: number }>()
    const discard = vi.fn()
    const guarded = abortable(pending.promise, controller.signal, discard)
    controller.abort('stop')
    await expect(guarded).rejects.toBe('stop')
    expect(discard).not.toHaveBeenCalled()
    const late = { id: 1 }
    pending.resolve(late)
    await flush()
    expect(discard).toHaveBeenCalledTimes(1)
    expect(discard).toHaveBeenCalledWith(late)
  })

  it('rejects at once when the signal was already aborted, and discards the value later', async () => {
    const controller = new AbortController()
    controller.abort('before')
    const pending = deferred<string>()
    const discard = vi.fn()
    await expect(abortable(pending.promise, controller.signal, discard)).rejects.toBe('before')
    pending.resolve('late')
    await flush()
    expect(discard).toHaveBeenCalledWith('late')
  })

  it('resolves with a value that arrives before the abort, and discards nothing', async () => {
    const controller = new AbortController()
    const discard = vi.fn()
    const guarded = abortable(Promise.resolve('value'), controller.signal, discard)
    await expect(guarded).resolves.toBe('value')
    controller.abort('after')
    await flush()
    expect(discard).not.toHaveBeenCalled()
  })

  it('passes a rejection through, and swallows a late one after the abort', async () => {
    const controller = new AbortController()
    const failure = new Error('failed')
    await expect(abortable(Promise.reject(failure), controller.signal, vi.fn())).rejects.toBe(
      failure,
    )
    const pending = deferred<string>()
    const discard = vi.fn()
    const guarded = abortable(pending.promise, controller.signal, discard)
    controller.abort('stop')
    await expect(guarded).rejects.toBe('stop')
    pending.reject(new Error('late failure'))
    await flush()
    expect(discard).not.toHaveBeenCalled()
  })

  it('removes its abort listener once the promise settles', async () => {
    const controller = new AbortController()
    const added = vi.spyOn(controller.signal, 'addEventListener')
    const removed = vi.spyOn(controller.signal, 'removeEventListener')
    await abortable(Promise.resolve(1), controller.signal, vi.fn())
    expect(added).toHaveBeenCalledTimes(1)
    expect(removed).toHaveBeenCalledTimes(1)
    expect(removed.mock.calls[0]?.[1]).toBe(added.mock.calls[0]?.[1])
  })
})
