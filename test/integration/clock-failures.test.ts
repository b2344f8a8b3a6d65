import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLimiter } from '../../src/http/limiter.js'
import { type Clock, createClient } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'
import { fastBackoff, within } from '../support/real-time.js'

const { tasks } = useTaskServer({ durationMs: 60_000, steps: 0 })
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('a clock whose sleep fails in a hidden page', () => {
  it('rejects the wait with the clock error and leaves no page listener behind', async () => {
    const page = Object.assign(new EventTarget(), { visibilityState: 'hidden' })
    const win = new EventTarget()
    const listeners = new Set<string>()
    const add = page.addEventListener.bind(page)
    const remove = page.removeEventListener.bind(page)
    page.addEventListener = (type: string, fn: EventListenerOrEventListenerObject | null) => {
      listeners.add(`document:${type}`)
      add(type, fn)
    }
    page.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject | null) => {
      listeners.delete(`document:${type}`)
      remove(type, fn)
    }
    vi.stubGlobal('document', page)
    vi.stubGlobal('navigator', { onLine: true })
    vi.stubGlobal('addEventListener', (type: string, fn: EventListener) => {
      listeners.add(`window:${type}`)
      win.addEventListener(type, fn)
    })
    vi.stubGlobal('removeEventListener', (type: string, fn: EventListener) => {
      listeners.delete(`window:${type}`)
      win.removeEventListener(type, fn)
    })
    let sleeps = 0
    let isBroken = false
    const broken: Clock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        if (!isBroken)
          return new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms)
            signal.addEventListener('abort', () => clearTimeout(timer))
          })
        sleeps += 1
        throw new Error('the clock is broken')
      },
    }
    const api = createClient({ baseUrl, backoff: fastBackoff, clock: broken })
    const op = await api.start('/jobs', { json: {} })
    isBroken = true
    const outcome = await within(
      op.wait().catch((e: unknown) => e),
      1000,
      'still waiting',
    )
    expect((outcome as Error).message).toBe('the clock is broken')
    expect(sleeps).toBeGreaterThan(0)
    expect([...listeners]).toEqual([])
    expect(tasks().requests.filter((r) => r.path === '/jobs/1')).toHaveLength(0)
  })
})

describe('the limiter with a clock whose sleep throws', () => {
  it('hands the slot on to the next task after a queued task failed on the clock', async () => {
    const throwing: Clock = {
      now: () => 0,
      sleep: () => {
        throw new Error('the clock is broken')
      },
    }
    const limit = createLimiter(1, throwing)
    const never = new AbortController().signal
    let finishA: (() => void) | undefined
    const a = limit(
      'o',
      never,
      () => new Promise<string>((resolve) => (finishA = () => resolve('a'))),
    )
    const b = limit('o', never, async () => 'b', { at: 1000, reason: () => new Error('expired') })
    await expect(b).rejects.toThrow('the clock is broken')
    finishA?.()
    expect(await a).toBe('a')
    const c = limit('o', never, async () => 'c')
    expect(await within(c, 500, 'no slot for c')).toBe('c')
  })

  it('frees the slot of a task that throws synchronously', async () => {
    const limit = createLimiter(1, { now: () => 0, sleep: () => new Promise(() => {}) })
    const never = new AbortController().signal
    const thrown = (() => {
      try {
        return limit('o', never, () => {
          throw new Error('sync')
        })
      } catch (error) {
        return Promise.reject(error)
      }
    })()
    await expect(thrown).rejects.toThrow('sync')
    const next = limit('o', never, async () => 'next')
    expect(await within(next, 500, 'no slot for next')).toBe('next')
  })
})
