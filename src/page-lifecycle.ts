import type { Clock } from './clock.js'

/**
 * What a polling UI expects of a page: a hidden tab polls slowly and catches up the moment it is
 * shown; an offline page waits for the network and polls as soon as it is back. Outside a page
 * (Node, workers without a document) none of this runs.
 */

interface Page {
  readonly document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>
  readonly window: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

function currentPage(): Page | undefined {
  const { document } = globalThis
  if (typeof document?.visibilityState !== 'string') return undefined
  if (typeof globalThis.addEventListener !== 'function') return undefined
  return { document, window: globalThis as unknown as Window }
}

/** Whether the browser says it has no network. Always false outside a browser. */
export function isOffline(): boolean {
  return globalThis.navigator?.onLine === false
}

/**
 * Sleeps until the next poll is due. In a page: while hidden, the wait lasts at least
 * `hiddenDelayMs`; showing the page or coming back online ends it at once; while offline it lasts
 * until the network returns. Never longer than `limitMs` (the deadline). Outside a page, a poll
 * that is due already sets no timer.
 */
export function sleepUntilPoll(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
  hiddenDelayMs: number,
  limitMs: number,
): Promise<void> {
  const page = currentPage()
  if (!page) {
    if (ms > 0) return clock.sleep(ms, signal)
    return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve()
  }
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const start = clock.now()
    // Each arming sleeps on the clock under its own controller, aborted when re-armed or done.
    let timer = new AbortController()
    const stop = () => {
      timer.abort()
      page.document.removeEventListener('visibilitychange', onVisibility)
      page.window.removeEventListener('online', pollNow)
      page.window.removeEventListener('offline', arm)
      signal.removeEventListener('abort', onAbort)
    }
    const pollNow = () => {
      stop()
      resolve()
    }
    const onAbort = () => {
      stop()
      reject(signal.reason)
    }
    function arm() {
      timer.abort()
      timer = new AbortController()
      const hidden = page?.document.visibilityState === 'hidden'
      const wanted = isOffline() ? limitMs : hidden ? Math.max(ms, hiddenDelayMs) : ms
      const due = Math.min(wanted, limitMs) - (clock.now() - start)
      clock.sleep(Math.max(0, due), timer.signal).then(pollNow, () => {})
    }
    function onVisibility() {
      if (page?.document.visibilityState === 'visible' && !isOffline()) pollNow()
      else arm()
    }
    page.document.addEventListener('visibilitychange', onVisibility)
    page.window.addEventListener('online', pollNow)
    page.window.addEventListener('offline', arm)
    signal.addEventListener('abort', onAbort, { once: true })
    arm()
  })
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
