import type { Clock } from './clock.js'
import { OperationCanceledError, OperationFailedError } from './errors.js'
import type { Completed, Emit } from './poll-loop.js'
import type { Observed } from './state/step.js'
import type { Snapshot } from './types/snapshot.js'

/** A terminal outcome other than success, as it crosses to another tab (errors lose their class in a structured clone). */
type SharedEnding =
  | {
      readonly kind: 'failed'
      readonly snapshot: Snapshot
      readonly detail: unknown
      readonly url: string
    }
  | { readonly kind: 'canceled'; readonly snapshot: Snapshot; readonly url: string }

/** What the polling tab tells the others waiting on the same operation. */
type TabMessage =
  | { readonly type: 'observed'; readonly observed: Observed }
  | { readonly type: 'completed'; readonly completed: Completed }
  | { readonly type: 'ended'; readonly ending: SharedEnding }

/** When a tab that only listens gives up, and with what error: the operation's deadline. */
export interface Expiry {
  readonly at: number
  readonly reason: () => unknown
  readonly clock: Clock
}

/** A poll loop, given where to send its pending observations. */
export type Poll = (emit: Emit) => Promise<Completed>

/**
 * Runs `poll` in one tab only, per operation (`key`: its status URL): the tab that holds the Web
 * Lock polls and broadcasts each observation and the outcome; the others wait in the lock's queue
 * and take what it sends. When the polling tab goes away (closed, reloaded, its waits aborted) its
 * lock is released and the next tab in line polls. Only where a page has both BroadcastChannel and
 * Web Locks; elsewhere (Node, older browsers) `poll` just runs.
 */
export function pollAcrossTabs(
  key: string,
  poll: Poll,
  emit: Emit,
  signal: AbortSignal,
  expiry: Expiry,
): Promise<Completed> {
  const locks = tabLocks()
  if (!locks) return poll(emit)
  const name = `pollwise ${key}`
  const channel = new BroadcastChannel(name)
  const leave = new AbortController()
  return new Promise<Completed>((resolve, reject) => {
    let done = false
    const finish = (settle: () => void) => {
      if (done) return
      done = true
      channel.close()
      leave.abort()
      signal.removeEventListener('abort', onAbort)
      settle()
    }
    const onAbort = () => finish(() => reject(signal.reason))
    signal.addEventListener('abort', onAbort, { once: true })
    expiry.clock.sleep(expiry.at - expiry.clock.now(), leave.signal).then(
      () => finish(() => reject(expiry.reason())),
      () => {},
    )
    channel.onmessage = (event: MessageEvent<TabMessage>) => {
      const message = event.data
      if (message.type === 'observed') emit(message.observed).catch(() => {})
      else if (message.type === 'completed') finish(() => resolve(message.completed))
      else finish(() => reject(reviveEnding(message.ending)))
    }
    const lead = async () => {
      if (done) return
      try {
        const completed = await poll(async (observed) => {
          channel.postMessage({ type: 'observed', observed } satisfies TabMessage)
          await emit(observed)
        })
        channel.postMessage({ type: 'completed', completed } satisfies TabMessage)
        finish(() => resolve(completed))
      } catch (error) {
        const ending = shareableEnding(error)
        if (ending) channel.postMessage({ type: 'ended', ending } satisfies TabMessage)
        finish(() => reject(error))
      }
    }
    // Leaving the queue (the outcome came from another tab, or this wait ended) rejects the request.
    locks.request(name, { signal: leave.signal }, lead).catch((error: unknown) => {
      finish(() => reject(error))
    })
  })
}

/** Web Locks, where a page also has BroadcastChannel; `undefined` elsewhere, Node included. */
function tabLocks(): LockManager | undefined {
  if (globalThis.document === undefined || typeof BroadcastChannel !== 'function') return undefined
  return globalThis.navigator?.locks
}

/** Only the server's own verdicts are shared: a tab's network trouble is its own, and the next tab polls itself. */
function shareableEnding(error: unknown): SharedEnding | undefined {
  if (error instanceof OperationFailedError) {
    return { kind: 'failed', snapshot: error.snapshot, detail: error.detail, url: error.url }
  }
  if (error instanceof OperationCanceledError) {
    return { kind: 'canceled', snapshot: error.snapshot, url: error.url }
  }
  return undefined
}

function reviveEnding(ending: SharedEnding): Error {
  return ending.kind === 'failed'
    ? new OperationFailedError(ending.snapshot, ending.detail, ending.url)
    : new OperationCanceledError(ending.snapshot, ending.url)
}
