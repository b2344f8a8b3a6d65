import type { Answer, Body, LiveBody } from '../answer.js'
import { PollTimeoutError } from '../errors.js'
import { RequestHandle } from '../http/request-handle.js'
import { notified, readAgainNow } from '../state/notification.js'
import type { PollState } from '../state/poll-state.js'
import { step } from '../state/step.js'
import {
  afterStreamCut,
  dropStreamLocation,
  keepStreamPosition,
  reopenGapMs,
  streamLocation,
  streamOpened,
} from '../state/stream-plan.js'
import type { Next, StatusUpdate } from '../state/transition.js'
import { isPageAway, sleepUntilPoll, whenPageAway } from '../time/page-sleep.js'
import type { Alarm, Sleeper } from '../time/timer-queue.js'
import type { LoopConfig } from './loop-config.js'
import { afterFailedPoll, notBeforeRetryAfter, pollRequest, timeoutError } from './poll-request.js'
import { recordHeaders, StatusStream, stepOnRecord, streamLimits } from './status-stream.js'

/** An operation's current state: the loop replaces it after every response. */
export interface StateHolder {
  current: PollState
}

/** A succeeded operation: its terminal observation and its result, not yet validated. */
export interface Success {
  readonly update: StatusUpdate
  readonly result: Body
}

/**
 * Where a poll loop reports: every pending observation (it goes on once `updated` resolves), then
 * its end, once: `succeeded` or `failed`.
 */
export interface LoopReport {
  /** Hears of an observation; a promise when some listener is still at work, which the loop awaits. */
  updated(update: StatusUpdate): Promise<void> | undefined
  succeeded(success: Success): void
  failed(error: unknown): void
}

/** A poll loop in progress. */
export interface Polling {
  /** Ends the loop at once, with no report: its sleep is canceled, its request aborted with `reason`. */
  stop(reason: unknown): void
  /** A notification from the app (see `Operation.notify`): a status body, or `undefined` to poll now. */
  notify(body: unknown): void
}

/**
 * Runs the transition until it settles: sleep until the poll is due, send, read, `step`. Reports
 * every pending observation, then the result or the error `step` rejects with. It starts on the
 * next microtask. The deadline needs no timer of its own: no sleep outlasts it, and the request in
 * flight is cut short at it.
 */
export function startPolling(config: LoopConfig, holder: StateHolder, report: LoopReport): Polling {
  const loop = new PollLoop(config, holder, report)
  queueMicrotask(() => loop.plan())
  return loop
}

/**
 * Between requests a loop is this object and its place in the clock's timer queue: no async frame,
 * promise or abort signal waits through the sleep. A request in flight has a handle, which ends it.
 */
class PollLoop implements Polling, Sleeper {
  #sleep: Alarm | undefined
  #request: RequestHandle | undefined
  #stream: StatusStream | undefined
  #stopPageWatch: (() => void) | undefined
  #stopped = false
  /** A notification asked for a read while one was in flight, whose answer may predate it. */
  #wokenDuringRead = false
  /** The read a notification sent in this turn: the notifications after it in the turn precede it. */
  #sentNow: RequestHandle | undefined

  constructor(
    readonly config: LoopConfig,
    readonly holder: StateHolder,
    readonly report: LoopReport,
  ) {}

  stop(reason: unknown): void {
    this.#stopped = true
    this.#sleep?.cancel()
    this.#sleep = undefined
    this.#request?.abort(reason)
    this.#request = undefined
    this.#closeStream()
  }

  notify(body: unknown): void {
    if (this.#stopped) return
    const { clock, rules } = this.config
    const seen = notified(this.holder.current, body, clock.now(), rules)
    this.holder.current = seen.state
    if (seen.update) this.#report(seen.update, () => {})
    // One request at a time: an open stream brings the change itself, and a read in flight is
    // followed by one more (however many notifications came) as soon as it is answered.
    if (!seen.pollNow || this.#stream) return
    if (this.#request) {
      if (this.#request !== this.#sentNow) this.#wokenDuringRead = true
      return
    }
    this.holder.current = { ...this.holder.current, nextPollAt: clock.now() }
    // Not asleep: listeners are hearing of the last answer, and the next plan finds the read due.
    if (!this.#sleep) return
    this.#sleep.cancel()
    this.wake()
    this.#sentNow = this.#request
    queueMicrotask(() => {
      this.#sentNow = undefined
    })
  }

  /** Sleeps until the next poll is due, or polls now. */
  plan(): void {
    if (this.#stopped) return
    const { clock } = this.config
    const state = this.holder.current
    const now = clock.now()
    const untilDeadline = state.deadline - now
    const ms = Math.min(state.nextPollAt - now, untilDeadline)
    this.#sleep = sleepUntilPoll(clock, ms, this.config.hiddenDelayMs, untilDeadline, this)
    if (!this.#sleep) this.wake()
  }

  /** The clock could not sleep until the poll: the wait rejects with its error. */
  fail(error: unknown): void {
    this.#sleep = undefined
    if (!this.#stopped) this.#fail(error)
  }

  /** The poll is due: send it, unless the deadline has passed. */
  wake(): void {
    this.#sleep = undefined
    if (this.#stopped) return
    try {
      this.#send()
    } catch (error) {
      this.#fail(error)
    }
  }

  #send(): void {
    const { clock } = this.config
    const state = this.holder.current
    const expired = () => timeoutError(this.holder.current, clock.now())
    if (clock.now() >= state.deadline) throw expired()
    const request = new RequestHandle()
    this.#request = request
    // A stream location of its own is read while it works; any trouble there falls back to polling.
    const streamUrl = isPageAway() ? undefined : streamLocation(state)
    const url = streamUrl ?? state.target
    const options = pollRequest(this.config, state, request, expired, url)
    this.config.send(new URL(url), options).then(
      (answer) => {
        if (this.#request !== request) {
          answer.live?.close()
          return
        }
        this.#request = undefined
        const woken = this.#wokenDuringRead
        this.#wokenDuringRead = false
        try {
          if (answer.live) this.#follow(answer, answer.live, url)
          else if (streamUrl) this.#giveUpStream()
          else this.#answered(answer, woken)
        } catch (error) {
          this.#fail(error)
        }
      },
      (error: unknown) => {
        if (this.#request !== request) return
        this.#wokenDuringRead = false
        // The deadline ends the operation there too; any other trouble of a stream location does not.
        if (streamUrl && !(error instanceof PollTimeoutError)) {
          this.#request = undefined
          this.#giveUpStream()
        } else this.#failed(error)
      },
    )
  }

  /** The stream location failed or does not stream: the status location is polled, at once. */
  #giveUpStream(): void {
    this.holder.current = dropStreamLocation(this.holder.current, this.config.clock.now())
    this.plan()
  }

  /**
   * Reads a status stream: each record is a status body, read like a poll's. In a hidden or offline
   * page only its first record is read (the stream is closed, and opened again when the page is
   * back); a page that goes away closes it. A cut falls back to the next read at once (or after the
   * server's `retry:`).
   */
  #follow(answer: Answer, live: LiveBody, url: string): void {
    const { clock } = this.config
    this.holder.current = streamOpened(this.holder.current, url, answer, clock.now())
    const once = isPageAway()
    const headers = recordHeaders(answer.headers)
    const stream = new StatusStream(
      live,
      answer.url,
      streamLimits(this.config, this.holder.current),
      {
        record: (record) => {
          const next = stepOnRecord(this.holder.current, answer, record, headers, this.config)
          if (!next) return undefined
          if (next.action !== 'poll') {
            this.#closeStream()
            this.#act(next)
            return Promise.resolve(false)
          }
          this.holder.current = next.state
          return new Promise((resolve) =>
            this.#report(next.update, () => {
              resolve(!once)
              // Away from the page: the status as it stands is enough until the page is back.
              if (once) this.#leave(stream, this.holder.current.nextPollAt)
            }),
          )
        },
        cut: (cut) => {
          this.#closeStream()
          const { rules } = this.config
          const now = clock.now()
          const minGapMs = reopenGapMs(rules.backoff)
          this.holder.current = afterStreamCut(this.holder.current, cut, now, minGapMs)
          this.plan()
        },
        failed: (error) => {
          this.#closeStream()
          this.#fail(error)
        },
      },
    )
    this.#stream = stream
    if (once) return
    this.#stopPageWatch = whenPageAway(() => this.#leave(stream, clock.now()))
  }

  /** Closes the stream and plans the next read. */
  #leave(stream: StatusStream, nextPollAt: number): void {
    if (this.#stream !== stream) return
    this.#closeStream()
    this.holder.current = { ...this.holder.current, nextPollAt }
    this.plan()
  }

  /**
   * Closes the stream, keeping where it stood for the next connection: a wait that ends (an abort)
   * leaves the operation to the next one, which opens it again with `Last-Event-ID`.
   */
  #closeStream(): void {
    this.#stopPageWatch?.()
    this.#stopPageWatch = undefined
    const stream = this.#stream
    if (!stream) return
    this.#stream = undefined
    stream.close()
    this.holder.current = keepStreamPosition(this.holder.current, stream.position)
  }

  /** A poll failed: an outage that may pass is ridden out, anything else ends the loop. */
  #failed(error: unknown): void {
    this.#request = undefined
    const next = afterFailedPoll(this.holder.current, error, this.config)
    if (!next) {
      // A wait again, or a resume of the token, polls no sooner than the server asked.
      this.holder.current = notBeforeRetryAfter(this.holder.current, error, this.config.clock.now())
      this.#fail(error)
      return
    }
    this.holder.current = next
    this.plan()
  }

  /** A plain answer; `woken`: a notification came while it was in flight (see `readAgainNow`). */
  #answered(answer: Answer, woken: boolean): void {
    const now = this.config.clock.now()
    const next = step(this.holder.current, answer, now, this.config.rules)
    this.#act(woken && next.action === 'poll' ? readAgainNow(next, now) : next)
  }

  #act(next: Next): void {
    this.holder.current = next.state
    switch (next.action) {
      case 'poll':
        this.#report(next.update, () => this.plan())
        return
      case 'fetch':
        this.plan()
        return
      case 'succeed':
        this.#stopped = true
        this.report.succeeded({ update: next.update, result: next.result })
        return
      case 'reject':
        this.#fail(next.error)
    }
  }

  /** Tells listeners of a pending observation, then goes on; a listener's failure ends the loop. */
  #report(update: StatusUpdate, goOn: () => void): void {
    const hearing = this.report.updated(update)
    if (!hearing) {
      if (!this.#stopped) goOn()
      return
    }
    hearing.then(
      () => {
        if (!this.#stopped) goOn()
      },
      (error: unknown) => {
        if (!this.#stopped) this.#fail(error)
      },
    )
  }

  #fail(error: unknown): void {
    this.#stopped = true
    this.#request = undefined
    this.#closeStream()
    this.report.failed(error)
  }
}
