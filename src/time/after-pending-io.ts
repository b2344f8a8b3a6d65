type Immediate = (callback: () => void) => unknown

/** The platform's `setImmediate` as it was when pollwise loaded: fake timers installed later leave it real. */
const loadedSetImmediate = globalThis.setImmediate as Immediate | undefined

/**
 * Runs `callback` once, after the I/O callbacks pending now (Node's `setImmediate`), or at once
 * where there is no `setImmediate` (browsers). Under fake timers it runs at whichever comes first,
 * the event loop's next real turn (a test that awaits) or the fake clock's next step (a test that
 * advances time), so that neither kind of test waits on it forever.
 */
export function afterPendingIo(callback: () => void): void {
  const current = globalThis.setImmediate as Immediate | undefined
  if (current === undefined) {
    callback()
    return
  }
  if (loadedSetImmediate === undefined || current === loadedSetImmediate) {
    current(callback)
    return
  }
  // The clear that goes with `current`: once fake timers are gone, Node's own clearImmediate given a
  // fake handle would still count one immediate less, and skip real ones.
  const clear = globalThis.clearImmediate as (handle: unknown) => void
  let ran = false
  const once = () => {
    if (ran) return
    ran = true
    callback()
  }
  const faked = current(once)
  loadedSetImmediate(() => {
    if (ran) return
    clear(faked)
    once()
  })
}
