/** Something told once when a signal aborts. */
export interface AbortListener {
  handleEvent(): void
}

/** The listeners of a signal, and the one event listener pollwise added to it for them. */
interface Listeners {
  readonly set: Set<AbortListener>
  readonly dispatch: () => void
}

const bySignal = new WeakMap<AbortSignal, Listeners>()

/**
 * Tells `listener` when `signal` aborts, until {@link stopListeningForAbort}. However many waits
 * share one signal, it carries one event listener of pollwise's (no `MaxListenersExceeded`
 * warning in Node), removed once the last of them stops listening: nothing stays behind a wait.
 */
export function listenForAbort(signal: AbortSignal, listener: AbortListener): void {
  let listeners = bySignal.get(signal)
  if (!listeners) {
    const set = new Set<AbortListener>()
    const dispatch = () => {
      bySignal.delete(signal)
      for (const each of set) each.handleEvent()
    }
    listeners = { set, dispatch }
    bySignal.set(signal, listeners)
    signal.addEventListener('abort', dispatch, { once: true })
  }
  listeners.set.add(listener)
}

/** Stops telling `listener` of `signal`'s abort. */
export function stopListeningForAbort(signal: AbortSignal, listener: AbortListener): void {
  const listeners = bySignal.get(signal)
  if (!listeners?.set.delete(listener) || listeners.set.size > 0) return
  bySignal.delete(signal)
  signal.removeEventListener('abort', listeners.dispatch)
}
