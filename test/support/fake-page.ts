import { beforeEach, vi } from 'vitest'

/** A stand-in for the page: a document whose visibility a test flips, and window events. */
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible'

  set(state: DocumentVisibilityState): void {
    this.visibilityState = state
    this.dispatchEvent(new Event('visibilitychange'))
  }
}

/** The page a test drives: its visibility, and the network as `navigator.onLine` and window events tell it. */
export interface FakePage {
  /** Shows or hides the page, telling its listeners. */
  set(state: DocumentVisibilityState): void
  /** Sets `navigator.onLine` alone, with no event: the network dropped and no one has said so yet. */
  setOnLine(onLine: boolean): void
  goOffline(): void
  goOnline(): void
}

/** Makes every test of the file run in a fresh fake page (a document, `navigator`, window events). */
export function useFakePage(): FakePage {
  let document = new FakeDocument()
  let network = { onLine: true }
  let window = new EventTarget()
  beforeEach(() => {
    document = new FakeDocument()
    network = { onLine: true }
    window = new EventTarget()
    vi.stubGlobal('document', document)
    vi.stubGlobal('navigator', network)
    vi.stubGlobal('addEventListener', window.addEventListener.bind(window))
    vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window))
  })
  return {
    set: (state) => document.set(state),
    setOnLine: (onLine) => {
      network.onLine = onLine
    },
    goOffline: () => {
      network.onLine = false
      window.dispatchEvent(new Event('offline'))
    },
    goOnline: () => {
      network.onLine = true
      window.dispatchEvent(new Event('online'))
    },
  }
}
