import type { Clock } from '../types/clock.js'
import { systemClock } from './clock.js'
import { promiseOf } from './promise-of.js'
import { sleep, type Timers } from './sleep.js'

/** Something woken at its due time. Neither call may throw: the queue goes on to the others. */
export interface Sleeper {
  wake(): void
  /** The clock could not sleep (its `sleep` threw or rejected): the sleeper will not be woken. */
  fail(error: unknown): void
}

/** A sleeper's place in the queue. */
export interface Alarm {
  /** Takes the sleeper out of the queue: it is not woken. */
  cancel(): void
}

/** The reason the queue's own sleep is aborted with, only to clear its timer. */
const disarmed = new Error('No sleeper is due')

class Entry implements Alarm {
  index = -1

  constructor(
    readonly queue: TimerQueue,
    readonly at: number,
    readonly order: number,
    readonly sleeper: Sleeper,
  ) {}

  cancel(): void {
    this.queue.remove(this)
  }
}

/** The one sleep the queue has on its clock. */
interface Armed {
  readonly at: number
  readonly controller: AbortController
}

/**
 * Every sleeper of one clock, ordered by due time (a binary min-heap), under a single sleep on the
 * clock for the earliest of them: a thousand sleeping operations hold one timer, not a thousand
 * timers, promises and abort listeners. The sleep goes as soon as the queue is empty.
 */
export class TimerQueue {
  readonly #clock: Clock
  readonly #heap: Entry[] = []
  #added = 0
  #armed: Armed | undefined

  constructor(clock: Clock) {
    this.#clock = clock
  }

  /** Wakes `sleeper` at clock reading `at` (at once, on the next turn, when it is due already). */
  add(at: number, sleeper: Sleeper): Alarm {
    const entry = new Entry(this, at, this.#added++, sleeper)
    entry.index = this.#heap.length
    this.#heap.push(entry)
    this.#up(entry.index)
    this.#arm()
    return entry
  }

  /** Takes `entry` out, if it is still in. */
  remove(entry: Entry): void {
    this.#take(entry)
    this.#arm()
  }

  #take(entry: Entry): void {
    const heap = this.#heap
    const { index } = entry
    if (heap[index] !== entry) return
    entry.index = -1
    const last = heap.pop() as Entry
    if (last !== entry) {
      heap[index] = last
      last.index = index
      this.#down(index)
      this.#up(last.index)
    }
  }

  /** Sleeps on the clock until the earliest entry; an earlier one re-arms, an empty queue disarms. */
  #arm(): void {
    const first = this.#heap[0]
    const armed = this.#armed
    // An armed time before the first entry only wakes the queue early: it finds nothing due, re-arms.
    if (first && armed && armed.at <= first.at) return
    armed?.controller.abort(disarmed)
    this.#armed = undefined
    if (!first) return
    const next = { at: first.at, controller: new AbortController() }
    this.#armed = next
    const ms = Math.max(0, next.at - this.#clock.now())
    promiseOf(() => this.#clock.sleep(ms, next.controller.signal)).then(
      () => {
        if (this.#armed === next) this.#fire(next.at)
      },
      // A rejection after the queue disarmed it is its own abort; before, the clock failed.
      (error: unknown) => {
        if (this.#armed === next) this.#failAll(error)
      },
    )
  }

  /** Empties the queue, telling every sleeper that it will not be woken. */
  #failAll(error: unknown): void {
    this.#armed = undefined
    const all = this.#heap.splice(0)
    for (const entry of all) entry.index = -1
    for (const entry of all) entry.sleeper.fail(error)
  }

  /** Wakes every entry due by `at` (the time its sleep was for, whatever the clock reads). */
  #fire(at: number): void {
    this.#armed = undefined
    const now = Math.max(at, this.#clock.now())
    const due: Entry[] = []
    for (let first = this.#heap[0]; first && first.at <= now; first = this.#heap[0]) {
      this.#take(first)
      due.push(first)
    }
    this.#arm()
    for (const entry of due) entry.sleeper.wake()
  }

  #before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order)
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap
    const a = heap[i] as Entry
    const b = heap[j] as Entry
    heap[i] = b
    heap[j] = a
    b.index = i
    a.index = j
  }

  #up(index: number): void {
    for (let i = index; i > 0; ) {
      const parent = (i - 1) >> 1
      if (!this.#before(this.#heap[i] as Entry, this.#heap[parent] as Entry)) return
      this.#swap(i, parent)
      i = parent
    }
  }

  #down(index: number): void {
    const heap = this.#heap
    for (let i = index; ; ) {
      const left = 2 * i + 1
      const right = left + 1
      let least = i
      if (left < heap.length && this.#before(heap[left] as Entry, heap[least] as Entry))
        least = left
      if (right < heap.length && this.#before(heap[right] as Entry, heap[least] as Entry)) {
        least = right
      }
      if (least === i) return
      this.#swap(i, least)
      i = least
    }
  }
}

const queues = new WeakMap<object, TimerQueue>()

/**
 * The timer queue of `clock`. The system clock's queue belongs to the `setTimeout` of the moment,
 * and always sleeps on that one: installing or removing fake timers (vitest, Sinon) starts a queue
 * afresh, so that no sleeper waits on a timer the fakes dropped, and a queue made before them goes
 * on with the timers it was made with.
 */
export function timerQueueOf(clock: Clock): TimerQueue {
  const key = clock === systemClock ? globalThis.setTimeout : clock
  let queue = queues.get(key)
  if (!queue) {
    queue = new TimerQueue(clock === systemClock ? systemClockOfNow() : clock)
    queues.set(key, queue)
  }
  return queue
}

/** The system clock, bound to the timer functions installed now. */
function systemClockOfNow(): Clock {
  const timers: Timers = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
  }
  return { now: systemClock.now, sleep: (ms, signal) => sleep(ms, signal, timers) }
}
