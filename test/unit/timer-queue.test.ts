import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/time/clock.js'
import { type Sleeper, TimerQueue, timerQueueOf } from '../../src/time/timer-queue.js'
import type { Clock } from '../../src/types/clock.js'
import { manualClock } from './support/manual-clock.js'

function recorder() {
  const woken: string[] = []
  const failed: Array<[string, unknown]> = []
  const sleeper = (name: string): Sleeper => ({
    wake: () => woken.push(name),
    fail: (error) => failed.push([name, error]),
  })
  return { woken, failed, sleeper }
}

describe('TimerQueue', () => {
  it('wakes sleepers in the order of their due times, each at its own time', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { woken, sleeper } = recorder()
    queue.add(300, sleeper('c'))
    queue.add(100, sleeper('a'))
    queue.add(200, sleeper('b'))
    await time.advanceTo(100)
    expect(woken).toEqual(['a'])
    await time.advanceTo(250)
    expect(woken).toEqual(['a', 'b'])
    await time.advanceTo(300)
    expect(woken).toEqual(['a', 'b', 'c'])
  })

  it('wakes sleepers due at the same time in the order they were added', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { woken, sleeper } = recorder()
    for (const name of ['a', 'b', 'c', 'd', 'e']) queue.add(100, sleeper(name))
    await time.advanceTo(100)
    expect(woken).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('holds one sleep on the clock however many sleepers wait', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { sleeper } = recorder()
    for (let i = 0; i < 1000; i += 1) queue.add(1000 + i, sleeper(String(i)))
    expect(time.open()).toBe(1)
    expect(time.asked()).toBe(1)
  })

  it('does not wake a canceled sleeper, and wakes the others', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { woken, sleeper } = recorder()
    queue.add(100, sleeper('a'))
    const b = queue.add(150, sleeper('b'))
    queue.add(200, sleeper('c'))
    b.cancel()
    b.cancel()
    await time.advanceTo(200)
    expect(woken).toEqual(['a', 'c'])
  })

  it('re-arms its sleep for a sleeper due earlier than the one it sleeps for', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { woken, sleeper } = recorder()
    queue.add(1000, sleeper('late'))
    queue.add(10, sleeper('early'))
    expect(time.open()).toBe(1)
    await time.advanceTo(10)
    expect(woken).toEqual(['early'])
    expect(time.open()).toBe(1)
    await time.advanceTo(1000)
    expect(woken).toEqual(['early', 'late'])
  })

  it('leaves no sleep on the clock once the last sleeper is woken or canceled', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { sleeper } = recorder()
    queue.add(100, sleeper('a'))
    await time.advanceTo(100)
    expect(time.open()).toBe(0)
    const b = queue.add(200, sleeper('b'))
    const c = queue.add(300, sleeper('c'))
    b.cancel()
    expect(time.open()).toBe(1)
    c.cancel()
    expect(time.open()).toBe(0)
  })

  it('keeps its order through many additions and cancellations', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { woken, sleeper } = recorder()
    const dues = Array.from({ length: 200 }, (_, i) => (i * 7919) % 1000)
    const alarms = dues.map((at, i) => queue.add(at + 1, sleeper(String(i))))
    for (let i = 0; i < dues.length; i += 3) alarms[i]?.cancel()
    await time.advanceTo(2000)
    const expected = dues
      .map((at, i) => ({ at, i }))
      .filter(({ i }) => i % 3 !== 0)
      .sort((x, y) => x.at - y.at || x.i - y.i)
      .map(({ i }) => String(i))
    expect(woken).toEqual(expected)
  })

  it('lets a woken sleeper add another, woken on the next sleep', async () => {
    const time = manualClock()
    const queue = new TimerQueue(time.clock)
    const { woken, sleeper } = recorder()
    queue.add(100, { wake: () => queue.add(100, sleeper('again')), fail: () => {} })
    await time.advanceTo(100)
    await time.advanceTo(100)
    expect(woken).toEqual(['again'])
  })
})

describe('a clock that cannot sleep', () => {
  it.each([
    ['rejects', () => Promise.reject(new Error('clock broke'))],
    [
      'throws',
      () => {
        throw new Error('clock broke')
      },
    ],
  ])('tells every sleeper when its sleep %s, and holds none of them after', async (_, sleep) => {
    let now = 0
    const queue = new TimerQueue({ now: () => now, sleep: sleep as Clock['sleep'] })
    const { woken, failed, sleeper } = recorder()
    queue.add(100, sleeper('a'))
    queue.add(200, sleeper('b'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(woken).toEqual([])
    expect(failed.map(([name, error]) => [name, (error as Error).message])).toEqual([
      ['a', 'clock broke'],
      ['b', 'clock broke'],
    ])
    now = 500
    await new Promise((resolve) => setImmediate(resolve))
    expect(woken).toEqual([])
  })
})

describe('timerQueueOf', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('gives one queue per clock', () => {
    const { clock } = manualClock()
    expect(timerQueueOf(clock)).toBe(timerQueueOf(clock))
    expect(timerQueueOf(clock)).not.toBe(timerQueueOf(manualClock().clock))
  })

  it('starts the system clock afresh when fake timers come and go', async () => {
    const real = timerQueueOf(systemClock)
    vi.useFakeTimers()
    const fake = timerQueueOf(systemClock)
    expect(fake).not.toBe(real)
    const { woken, sleeper } = recorder()
    fake.add(Date.now() + 1000, sleeper('a'))
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(woken).toEqual(['a'])
    expect(vi.getTimerCount()).toBe(0)
    vi.useRealTimers()
    expect(timerQueueOf(systemClock)).toBe(real)
  })
})
