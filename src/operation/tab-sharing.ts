import { OperationCanceledError, OperationFailedError } from '../errors.js'
import { currentPage, tabLocks } from '../page.js'
import type { StatusUpdate } from '../state/transition.js'
import type { ClockDeadline } from '../time/deadline.js'
import type { Snapshot } from '../types/snapshot.js'
import type { LoopReport, Polling, Success } from './poll-loop.js'

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
  | { readonly type: 'update'; readonly update: StatusUpdate }
  | { readonly type: 'succeeded'; readonly success: Success }
  | { readonly type: 'ended'; readonly ending: SharedEnding }
  | { readonly type: 'notify'; readonly body: unknown }
  | { readonly type: 'shown' }
  | { readonly type: 'away' }

/**
 * How long a tab that is handed the lock waits before it polls: the tab before it posted the
 * outcome before it let go, and that message may still be on its way (it crosses another channel
 * than the lock). A one-shot result link is not fetched twice.
 */
const handoverMs = 20

/** Starts a poll loop that reports to `report`. */
export type Poll = (report: LoopReport) => Polling

/**
 * Runs `poll` in one tab only, per operation (`key`: its status URL): the tab that holds the Web
 * Lock polls and broadcasts each observation and the outcome; the others wait in the lock's queue
 * and take what it sends. When the polling tab goes away (closed, reloaded, its waits aborted) its
 * lock is released and the next tab in line polls. A polling tab that is hidden while a waiting tab
 * is in front hands the lock on to it, so that the bar the user looks at moves at the shown cadence,
 * not every `hiddenDelayMs`. Only where a page has both BroadcastChannel and
 * Web Locks; elsewhere (Node, older browsers) `poll` just runs.
 */
export function pollAcrossTabs(
  key: string,
  poll: Poll,
  report: LoopReport,
  expiry: ClockDeadline,
): Polling {
  const locks = tabLocks()
  if (!locks) return poll(report)
  const name = `pollwise ${key}`
  const channel = new BroadcastChannel(name)
  const leave = new AbortController()
  const page = currentPage()
  let release: (() => void) | undefined
  let starting: ReturnType<typeof setTimeout> | undefined
  let polling: Polling | undefined
  let inQueue = new AbortController()
  let done = false
  const finish = (settle?: () => void) => {
    if (done) return
    done = true
    channel.close()
    leave.abort()
    inQueue.abort()
    page?.document.removeEventListener('visibilitychange', onVisibility)
    page?.window.removeEventListener('pagehide', stepOut)
    page?.window.removeEventListener('pageshow', onPageShow)
    // The outcome came from elsewhere while this tab polled too: it stops here.
    polling?.stop(new DOMException('Another tab has the outcome', 'AbortError'))
    release?.()
    settle?.()
  }
  expiry.clock.sleep(expiry.at - expiry.clock.now(), leave.signal).then(
    () => finish(() => report.failed(expiry.reason())),
    () => {},
  )
  const shown = () => page?.document.visibilityState === 'visible'
  // A waiting tab in front says so, and the polling tab, if hidden, lets it poll instead; a polling
  // tab that goes into the background asks whether one is.
  const onVisibility = () => {
    if (done) return
    if (!release && shown()) channel.postMessage({ type: 'shown' } satisfies TabMessage)
    else if (release && page && !shown()) channel.postMessage({ type: 'away' } satisfies TabMessage)
  }
  // Out of the lock and its queue: a page put in the back/forward cache would hold the lock, or
  // be handed it, while it can run nothing, and the other tabs would wait on it.
  const stepOut = () => {
    clearTimeout(starting)
    polling?.stop(new DOMException('Another tab polls instead', 'AbortError'))
    polling = undefined
    release?.()
    release = undefined
    inQueue.abort()
  }
  const stepDown = () => {
    stepOut()
    queue()
  }
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && !done) queue()
  }
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    const message = event.data
    if (message.type === 'notify') notifyQuietly(polling, message.body)
    else if (message.type === 'shown') {
      if (release && page && !shown()) stepDown()
    } else if (message.type === 'away') onVisibility()
    else if (message.type === 'update') report.updated(message.update)?.catch(() => {})
    else if (message.type === 'succeeded') finish(() => report.succeeded(message.success))
    else finish(() => report.failed(reviveEnding(message.ending)))
  }
  const lead = () =>
    new Promise<void>((resolve) => {
      if (done) {
        resolve()
        return
      }
      release = resolve
      // The lock queue is first come, first served: handed it while hidden, this tab asks whether
      // a tab in front waits further back.
      onVisibility()
      starting = setTimeout(() => {
        if (!done) polling = poll(leaderReport)
      }, handoverMs)
    })
  const leaderReport: LoopReport = {
    updated(update) {
      channel.postMessage({ type: 'update', update } satisfies TabMessage)
      return report.updated(update)
    },
    succeeded(success) {
      channel.postMessage({ type: 'succeeded', success } satisfies TabMessage)
      finish(() => report.succeeded(success))
    },
    failed(error) {
      const ending = shareableEnding(error)
      if (ending) channel.postMessage({ type: 'ended', ending } satisfies TabMessage)
      finish(() => report.failed(error))
    },
  }
  // Leaving the queue (the outcome came from another tab, this wait ended, the page was put in the
  // back/forward cache) rejects the request. A refusal (an opaque origin, as in a sandboxed iframe,
  // may not use Web Locks) leaves this tab to poll by itself.
  const queue = () => {
    const entry = new AbortController()
    inQueue = entry
    locks.request(name, { signal: entry.signal }, lead).catch(() => {
      if (!entry.signal.aborted && !done) polling ??= poll(leaderReport)
    })
  }
  queue()
  page?.document.addEventListener('visibilitychange', onVisibility)
  page?.window.addEventListener('pagehide', stepOut)
  page?.window.addEventListener('pageshow', onPageShow)
  onVisibility()
  return {
    stop(reason) {
      polling?.stop(reason)
      finish()
    },
    notify(body) {
      // The tab that polls takes every tab's notifications.
      if (polling) polling.notify(body)
      else if (!done) channel.postMessage({ type: 'notify', body } satisfies TabMessage)
    },
  }
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

/** Another tab's notification: a body this tab cannot read was that tab's to report, not this one's. */
function notifyQuietly(polling: Polling | undefined, body: unknown): void {
  try {
    polling?.notify(body)
  } catch {
    // The notifying tab read the body first and threw it there.
  }
}
