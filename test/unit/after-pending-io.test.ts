import { afterEach, describe, expect, it, vi } from 'vitest'
import { afterPendingIo } from '../../src/time/after-pending-io.js'

/** Node's own setImmediate, kept before any test fakes it. */
const realSetImmediate = setImmediate
const realTurn = () => new Promise<void>((resolve) => realSetImmediate(() => resolve()))

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('afterPendingIo', () => {
  it('runs after the current turn of the event loop, not among its microtasks', async () => {
    const ran = vi.fn()
    afterPendingIo(ran)
    await Promise.resolve()
    expect(ran).not.toHaveBeenCalled()
    await realTurn()
    expect(ran).toHaveBeenCalledTimes(1)
  })

  it('under fake timers, runs once on the next real turn when the test awaits, and clears its fake timer', async () => {
    vi.useFakeTimers()
    const ran = vi.fn()
    afterPendingIo(ran)
    expect(vi.getTimerCount()).toBe(1)
    await realTurn()
    expect(ran).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('under fake timers, runs once when the test advances time, and not again on the next real turn', async () => {
    vi.useFakeTimers()
    const ran = vi.fn()
    afterPendingIo(ran)
    vi.advanceTimersByTime(0)
    expect(ran).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
    await realTurn()
    expect(ran).toHaveBeenCalledTimes(1)
  })

  it('runs at once where there is no setImmediate (a browser)', () => {
    vi.stubGlobal('setImmediate', undefined)
    const ran = vi.fn()
    afterPendingIo(ran)
    expect(ran).toHaveBeenCalledTimes(1)
  })
})
