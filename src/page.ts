/**
 * The one module that reads the page (`document`, `navigator`, `location`): everything else asks
 * it. Outside a page (Node, workers without a document) it says so, and none of the page's rules
 * apply.
 */

/** What pollwise uses of a page: its visibility and its window's network events. */
export interface Page {
  readonly document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>
  readonly window: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

/** The page pollwise runs in, or `undefined` outside one. */
export function currentPage(): Page | undefined {
  const { document } = globalThis
  if (typeof document?.visibilityState !== 'string') return undefined
  if (typeof globalThis.addEventListener !== 'function') return undefined
  return { document, window: globalThis as unknown as Window }
}

/** Whether the browser says it has no network. Always false outside a browser. */
export function isOffline(): boolean {
  return globalThis.navigator?.onLine === false
}

/** Whether code runs with a document: a browser's errors (CORS) then explain themselves. */
export function hasDocument(): boolean {
  return globalThis.document !== undefined
}

/** The page's URL in a browser, against which relative URLs resolve. */
export function pageUrl(): string | undefined {
  return globalThis.location?.href
}

/** The page's Web Locks, where the page can also broadcast to its other tabs. */
export function tabLocks(): LockManager | undefined {
  if (!hasDocument() || typeof BroadcastChannel !== 'function') return undefined
  return globalThis.navigator?.locks
}
