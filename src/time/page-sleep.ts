import { currentPage, isOffline, type Page } from '../page.js'
import type { Clock } from '../types/clock.js'
import { type Alarm, type Sleeper, timerQueueOf } from './timer-queue.js'

/*
 * What a polling UI expects of a page: a hidden tab polls slowly and catches up the moment it is
 * shown; an offline page waits for the network and polls as soon as it is back.
 */

/**
 * Sleeps until the next poll is due, then wakes `sleeper`. In a page: while hidden, the wait lasts
 * at least `hiddenDelayMs`; showing the page or coming back online ends it at once; while offline it
 * lasts until the network returns. Never longer than `limitMs` (the deadline). Outside a page, a
 * poll that is due already sets no timer: it returns `undefined`, and the caller polls now.
 */
export function sleepUntilPoll(
  clock: Clock,
  ms: number,
  hiddenDelayMs: number,
  limitMs: number,
  sleeper: Sleeper,
): Alarm | undefined {
  const page = currentPage()
  if (!page) return ms > 0 ? timerQueueOf(clock).add(clock.now() + ms, sleeper) : undefined
  return new PageSleep(page, clock, ms, hiddenDelayMs, limitMs, sleeper)
}

/** A sleep in a page: its timer is re-armed as the page is hidden, shown, or goes offline. */
class PageSleep implements Alarm, Sleeper {
  readonly #start: number
  #alarm: Alarm | undefined

  constructor(
    readonly page: Page,
    readonly clock: Clock,
    readonly ms: number,
    readonly hiddenDelayMs: number,
    readonly limitMs: number,
    readonly sleeper: Sleeper,
  ) {
    this.#start = clock.now()
    page.document.addEventListener('visibilitychange', this.#onVisibility)
    page.window.addEventListener('online', this.#pollNow)
    page.window.addEventListener('offline', this.#arm)
    this.#arm()
  }

  wake(): void {
    this.#pollNow()
  }

  fail(error: unknown): void {
    this.cancel()
    this.sleeper.fail(error)
  }

  cancel(): void {
    this.#alarm?.cancel()
    this.page.document.removeEventListener('visibilitychange', this.#onVisibility)
    this.page.window.removeEventListener('online', this.#pollNow)
    this.page.window.removeEventListener('offline', this.#arm)
  }

  readonly #pollNow = () => {
    this.cancel()
    this.sleeper.wake()
  }

  readonly #arm = () => {
    this.#alarm?.cancel()
    const hidden = this.page.document.visibilityState === 'hidden'
    const wanted = isOffline()
      ? this.limitMs
      : hidden
        ? Math.max(this.ms, this.hiddenDelayMs)
        : this.ms
    const at = this.#start + Math.min(wanted, this.limitMs)
    this.#alarm = timerQueueOf(this.clock).add(Math.max(at, this.clock.now()), this)
  }

  readonly #onVisibility = () => {
    if (this.page.document.visibilityState === 'visible' && !isOffline()) this.#pollNow()
    else this.#arm()
  }
}

/** Resolves when the browser is online again (at once when it is), or rejects on abort. */
export function waitUntilOnline(signal: AbortSignal): Promise<void> {
  const page = currentPage()
  if (!page || !isOffline()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onOnline = () => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = () => {
      page.window.removeEventListener('online', onOnline)
      reject(signal.reason)
    }
    page.window.addEventListener('online', onOnline, { once: true })
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Whether the page is hidden or offline: a status stream is then not kept open. False outside a page. */
export function isPageAway(): boolean {
  return currentPage()?.document.visibilityState === 'hidden' || isOffline()
}

/**
 * Calls `onAway` when the page is hidden or goes offline (each time, until stopped); returns the
 * function that stops listening. Outside a page it never calls.
 */
export function whenPageAway(onAway: () => void): () => void {
  const page = currentPage()
  if (!page) return () => {}
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') onAway()
  }
  page.document.addEventListener('visibilitychange', onVisibility)
  page.window.addEventListener('offline', onAway)
  return () => {
    page.document.removeEventListener('visibilitychange', onVisibility)
    page.window.removeEventListener('offline', onAway)
  }
}
