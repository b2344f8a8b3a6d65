import { describe, expect, it, vi } from 'vitest'
import { createLimiter } from '../../src/http/limiter.js'
import { systemClock } from '../../src/time/clock.js'
import type { Clock } from '../../src/types/clock.js'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** One turn of the event loop: a freed slot is handed on after pending I/O. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('createLimiter', () => {
  it('runs at most `limit` tasks per key, and starts the rest in arrival order', async () => {
    const limit = createLimiter(2, systemClock)
    const signal = new AbortController().signal
    const started: number[] = []
    const gates = [0, 1, 2, 3, 4].map(() => deferred())
    const runs = gates.map((gate, index) =>
      limit('https://a.example', signal, async () => {
        started.push(index)
        await gate.promise
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    gates[1]?.resolve()
    await runs[1]
    await nextTurn()
    expect(started).toEqual([0, 1, 2])
    gates[0]?.resolve()
    await runs[0]
    await nextTurn()
    expect(started).toEqual([0, 1, 2, 3])
    for (const gate of gates) gate.resolve()
    await Promise.all(runs)
    expect(started).toEqual([0, 1, 2, 3, 4])
  })

  it("hands a freed slot on one event-loop turn later, when a connection of Node's fetch is free again", async () => {
    const limit = createLimiter(1, systemClock)
    const signal = new AbortController().signal
    const started: string[] = []
    const first = limit('https://a.example', signal, async () => {
      started.push('first')
    })
    const second = limit('https://a.example', signal, async () => {
      started.push('second')
    })
    await first
    await Promise.resolve()
    expect(started).toEqual(['first'])
    await nextTurn()
    expect(started).toEqual(['first', 'second'])
    await second
  })

  it('gives a slot freed while none waited only after pending I/O, to a task that comes at the limit', async () => {
    const limit = createLimiter(1, systemClock)
    const signal = new AbortController().signal
    await limit('k', signal, async () => {})
    let started = false
    const second = limit('k', signal, async () => {
      started = true
    })
    await Promise.resolve()
    expect(started).toBe(false)
    await nextTurn()
    expect(started).toBe(true)
    await second
  })

  it('starts a task at once below the limit, however many ended in the same turn', async () => {
    const limit = createLimiter(3, systemClock)
    const signal = new AbortController().signal
    await limit('k', signal, async () => {})
    await limit('k', signal, async () => {})
    let started = false
    const third = limit('k', signal, async () => {
      started = true
    })
    expect(started).toBe(true)
    await third
  })

  it('counts each key apart', async () => {
    const limit = createLimiter(1, systemClock)
    const signal = new AbortController().signal
    const gate = deferred()
    const started: string[] = []
    const first = limit('https://a.example', signal, async () => {
      started.push('a')
      await gate.promise
    })
    const other = limit('https://b.example', signal, async () => {
      started.push('b')
    })
    await other
    expect(started).toEqual(['a', 'b'])
    gate.resolve()
    await first
  })

  it('lets a queued task leave at once when its signal aborts', async () => {
    const limit = createLimiter(1, systemClock)
    const gate = deferred()
    const busy = limit('k', new AbortController().signal, () => gate.promise)
    const controller = new AbortController()
    let ran = false
    const queued = limit('k', controller.signal, async () => {
      ran = true
    })
    controller.abort()
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' })
    gate.resolve()
    await busy
    await limit('k', new AbortController().signal, async () => {})
    expect(ran).toBe(false)
  })

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1, systemClock)
    const signal = new AbortController().signal
    await expect(limit('k', signal, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    )
    await expect(limit('k', signal, async () => 'next')).resolves.toBe('next')
  })

  it("lets a queued task leave at its expiry with the expiry's reason; a running one is untouched", async () => {
    const clock = manualClock()
    const limit = createLimiter(1, clock)
    const signal = new AbortController().signal
    const gate = deferred()
    const running = limit('k', signal, () => gate.promise, {
      at: 50,
      reason: () => new Error('running expired'),
    })
    let ran = false
    const queued = limit(
      'k',
      signal,
      async () => {
        ran = true
      },
      { at: 100, reason: () => new Error('deadline') },
    )
    clock.advanceTo(100)
    await expect(queued).rejects.toThrow('deadline')
    expect(ran).toBe(false)
    gate.resolve()
    await expect(running).resolves.toBeUndefined()
    // The slot is free again, and the next task runs at once.
    await expect(limit('k', signal, async () => 'next')).resolves.toBe('next')
  })

  it('keeps the queue intact when an expiry comes after its task was granted the slot (a clock that ignores aborts)', async () => {
    const ticks: Array<() => void> = []
    // Its sleeps end when ticked, whatever their signal says.
    const deaf: Clock = {
      now: () => 0,
      sleep: () => new Promise<void>((resolve) => ticks.push(resolve)),
    }
    const limit = createLimiter(1, deaf)
    const signal = new AbortController().signal
    const gate = deferred()
    const started: string[] = []
    const first = limit('k', signal, async () => {
      started.push('first')
      await gate.promise
    })
    const second = limit(
      'k',
      signal,
      async () => {
        started.push('second')
      },
      { at: 100, reason: () => new Error('expired') },
    )
    const third = limit('k', signal, async () => {
      started.push('third')
    })
    gate.resolve()
    await first
    await nextTurn()
    expect(started).toEqual(['first', 'second'])
    for (const tick of ticks) tick()
    await second
    await nextTurn()
    await third
    expect(started).toEqual(['first', 'second', 'third'])
  })

  it('clears the expiry timer of a queued task once it gets its slot', async () => {
    const clock = manualClock()
    const limit = createLimiter(1, clock)
    const signal = new AbortController().signal
    const gate = deferred()
    const running = limit('k', signal, () => gate.promise)
    const queued = limit('k', signal, async () => 'ran', { at: 100, reason: () => 'late' })
    expect(clock.pending()).toBe(1)
    gate.resolve()
    await running
    await expect(queued).resolves.toBe('ran')
    expect(clock.pending()).toBe(0)
  })
})

describe('createLimiter on the system clock', () => {
  it("gives a queued task's expiry one plain timer, cleared when the task gets its slot", async () => {
    vi.useFakeTimers()
    try {
      const limit = createLimiter(1, systemClock)
      const signal = new AbortController().signal
      const gate = deferred()
      const running = limit('k', signal, () => gate.promise)
      const expiry = { at: Date.now() + 60_000, reason: () => new Error('late') }
      const queued = limit('k', signal, async () => 'ran', expiry)
      expect(vi.getTimerCount()).toBe(1)
      gate.resolve()
      await running
      await vi.advanceTimersByTimeAsync(0)
      await expect(queued).resolves.toBe('ran')
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it("lets a queued task leave at its expiry with the expiry's reason, and frees its timer", async () => {
    vi.useFakeTimers()
    try {
      const limit = createLimiter(1, systemClock)
      const signal = new AbortController().signal
      const gate = deferred()
      const running = limit('k', signal, () => gate.promise)
      const expiry = { at: Date.now() + 60_000, reason: () => new Error('late') }
      const queued = limit('k', signal, async () => 'ran', expiry)
      const outcome = queued.catch((error: unknown) => error)
      await vi.advanceTimersByTimeAsync(59_999)
      expect(vi.getTimerCount()).toBe(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(await outcome).toEqual(new Error('late'))
      expect(vi.getTimerCount()).toBe(0)
      gate.resolve()
      await running
    } finally {
      vi.useRealTimers()
    }
  })
})

/** A clock whose sleeps end when the test moves time past them. */
function manualClock(): Clock & { advanceTo(at: number): void; pending(): number } {
  let now = 0
  const sleepers = new Set<{ until: number; wake: () => void }>()
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        const sleeper = { until: now + ms, wake: () => resolve() }
        sleepers.add(sleeper)
        signal.addEventListener('abort', () => {
          sleepers.delete(sleeper)
          reject(signal.reason)
        })
      })
    },
    advanceTo(at) {
      now = at
      for (const sleeper of [...sleepers]) {
        if (sleeper.until <= at) {
          sleepers.delete(sleeper)
          sleeper.wake()
        }
      }
    },
    pending: () => sleepers.size,
  }
}
