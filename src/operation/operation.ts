import { CancelNotSupportedError, OperationCanceledError, ProtocolError } from '../errors.js'
import { notified } from '../state/notification.js'
import type { PollState } from '../state/poll-state.js'
import { toResumeToken } from '../state/resume-token.js'
import { listenForAbort, stopListeningForAbort } from '../time/abort-listeners.js'
import type { WaitOptions } from '../types/options.js'
import type { ResumeToken } from '../types/resume-token.js'
import type { Snapshot } from '../types/snapshot.js'
import { checkWaitOptions } from './check-wait-options.js'
import type { LoopConfig } from './loop-config.js'
import type { StateHolder, Success } from './poll-loop.js'
import { SharedPoll } from './shared-poll.js'
import { Waiter } from './waiter.js'

/** Answers to a cancel request that mean the server offers no cancel at all. */
const unsupportedCancelStatuses = [404, 405, 501]

/**
 * A long-running operation the server accepted, from {@link PollwiseClient.start} or
 * {@link PollwiseClient.resume}. Wait on it as often as you like: concurrent waits share one poll
 * loop, an aborted wait leaves the operation intact, and once it is terminal every wait settles at
 * once with the same outcome, with no request made again. It polls only while someone waits.
 *
 * @example
 * const op = await api.start('/exports', { json: { format: 'csv' } })
 * localStorage.setItem('export', JSON.stringify(op))   // survive a reload
 * const file = await op.wait({ onProgress: (snap) => (bar.value = snap.progress ?? 0) })
 */
export class Operation {
  readonly #config: LoopConfig
  readonly #holder: StateHolder
  #shared: SharedPoll | undefined
  #settled: Promise<Success> | undefined
  /** The submit's answer settled it: its token has no status location to read. */
  readonly #settledAtSubmit: boolean

  /** @internal Operations come from `client.start()` and `client.resume()`. */
  constructor(config: LoopConfig, state: PollState, settled?: Promise<Success>) {
    this.#config = config
    this.#holder = { current: state }
    this.#settledAtSubmit = settled !== undefined
    if (settled) this.#settle(settled)
  }

  /**
   * A plain, versioned token to continue this operation after a reload or a restart with
   * `client.resume()`: URLs, the convention, the schedule and the deadline; never a header value.
   * `JSON.stringify(op)` calls it. It records the operation as it stands when called: a token
   * taken once the result link is named resumes there.
   *
   * @example
   * localStorage.setItem('report', JSON.stringify(op))
   * // after a reload:
   * const again = api.resume(localStorage.getItem('report')!)
   */
  toJSON(): ResumeToken {
    return toResumeToken(this.#holder.current, this.#settledAtSubmit)
  }

  /**
   * The absolute URL of the status resource the server named (`Location`, `Operation-Location`…),
   * or the URL that answered the submit when it named none. It stays the first one named: polling may
   * move on (a `202` with a new `Location`, a result link) but `cancel()` goes here.
   *
   * @example
   * console.log(op.statusUrl)   // https://api.example.com/report-status/555
   */
  get statusUrl(): string {
    return this.#holder.current.statusUrl
  }

  /**
   * Polls until the operation is terminal and resolves with its result: the `result` schema's
   * output, else the parsed JSON (or text, or a Blob, by content type; `undefined` where the
   * operation has none, such as a DELETE).
   *
   * `onProgress` receives every observation, the terminal one included, whose `status` is the last
   * status body seen. An aborted wait rejects at once and leaves the operation intact: wait again
   * to go on. Once the operation is terminal, every wait settles with the same outcome without a
   * request.
   *
   * @throws `OperationFailedError`, `OperationCanceledError`, `PollTimeoutError`,
   *   `ResponseValidationError`, `ProtocolError`, ky's `HTTPError` / `TimeoutError`, or the
   *   signal's reason.
   * @example
   * const report = await op.wait({
   *   result: z.object({ url: z.string() }),
   *   signal: controller.signal,
   *   onProgress: (snap) => (bar.value = snap.progress ?? 0),
   * })
   */
  wait<Status = unknown, Result = unknown>(
    options: WaitOptions<Status, Result> = {},
  ): Promise<Result> {
    checkWaitOptions(options)
    const { signal } = options
    return new Promise<Result>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const waiter = new Waiter(options, this.#holder, this.#config.clock, resolve, reject)
      if (signal) listenForAbort(signal, waiter)
      const outcome = this.#outcome()
      if (outcome) waiter.settleWith(outcome)
      else {
        if (!this.#shared?.open) this.#shared = new SharedPoll(this.#config, this.#holder)
        this.#shared.join(waiter)
      }
    })
  }

  /**
   * Every observation as it comes: the pending ones, then the terminal one. Breaking out of the
   * loop stops polling (when no other wait is in progress); a terminal outcome already reached is
   * kept, so a later `wait()` settles with it at once. Ends after a `failed` or `canceled`
   * snapshot; throws what `wait` would throw when no terminal snapshot came (a timeout, an abort).
   *
   * @example
   * for await (const snap of op.snapshots({ signal })) {
   *   render(snap)
   *   if (snap.state !== 'pending') break
   * }
   * const result = await op.wait()   // settles at once with the kept outcome: no request
   */
  async *snapshots<Status = unknown>(
    options: Pick<WaitOptions<Status>, 'status' | 'signal'> = {},
  ): AsyncGenerator<Snapshot<Status>, void, undefined> {
    const stop = new AbortController()
    // The caller's signal stops this iterator through a listener it drops when done, never a
    // composed signal that every call would leave behind on a long-lived one.
    const forward = { handleEvent: () => stop.abort(options.signal?.reason) }
    if (options.signal?.aborted) forward.handleEvent()
    else if (options.signal) listenForAbort(options.signal, forward)
    const { signal } = stop
    const queue: Snapshot<Status>[] = []
    let wake: (() => void) | undefined
    let ended: { error?: unknown } | undefined
    this.wait({
      ...(options.status === undefined ? {} : { status: options.status }),
      signal,
      onProgress: (snapshot) => {
        queue.push(snapshot)
        wake?.()
      },
    }).then(
      () => {
        ended = {}
        wake?.()
      },
      (error: unknown) => {
        ended = { error }
        wake?.()
      },
    )
    let last: Snapshot<Status> | undefined
    try {
      for (;;) {
        for (let next = queue.shift(); next; next = queue.shift()) {
          last = next
          yield next
        }
        if (ended) break
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      if (ended.error !== undefined && (!last || last.state === 'pending')) throw ended.error
    } finally {
      if (options.signal) stopListeningForAbort(options.signal, forward)
      stop.abort()
    }
  }

  /**
   * A notification from a source the app owns (a WebSocket message, a queue consumer, a verified
   * webhook): a hint that the operation moved, never the truth. Without a body, the status location
   * is read now (or, while no wait is in progress, at the start of the next one). With a status
   * body (as the status location would answer it), the body is read by the operation's convention
   * with the same strictness as a poll's: a pending one is the latest observation (`onProgress`,
   * the `status` schema) with no request; one that says the operation ended has the status
   * location read now, so that only the server settles the operation and its result. One request
   * at a time: an open stream is not doubled, and a read in flight is followed by one more once it
   * is answered (it may predate the news). Ignored once the operation ended.
   *
   * @throws `ProtocolError` or `ResponseValidationError` when the convention cannot read the body
   *   (the operation is untouched).
   * @example
   * socket.addEventListener('message', (event) => {
   *   const message = JSON.parse(event.data)
   *   if (message.operation === op.statusUrl) op.notify(message.status)
   * })
   */
  notify(status?: unknown): void {
    if (this.#outcome()) return
    const { clock, rules } = this.#config
    // Read here first, so that a body the convention cannot read throws in this tab, whichever polls.
    const seen = notified(this.#holder.current, status, clock.now(), rules)
    const shared = this.#shared?.open ? this.#shared : undefined
    if (shared) {
      shared.notify(status)
      return
    }
    this.#holder.current = seen.pollNow ? { ...seen.state, nextPollAt: clock.now() } : seen.state
  }

  /**
   * Asks the server to stop the operation (`DELETE` on the status resource, or the convention's
   * own cancel), and stops local polling whatever it answers: waits reject with
   * `OperationCanceledError`.
   *
   * @returns `true` when the server accepted (2xx; a `303 See Other` is followed with a GET, as
   *   fetch does, and its answer decides), `false` when it refused (409), or without a request
   *   when the operation had already ended here (a result, an error, an earlier cancel).
   * @throws `CancelNotSupportedError` when the server has no cancel (404, 405, 501), or the
   *   convention offers none (an Azure operation without a status monitor: a DELETE there would
   *   delete the resource itself). `ProtocolError` on a `3xx` it does not follow (`300`, `304`).
   *   ky's `HTTPError`, `NetworkError` or ky's `TimeoutError` when the cancel request itself
   *   failed; polling has stopped in every case.
   * @example
   * try {
   *   const accepted = await op.cancel()
   *   showMessage(accepted ? 'Canceled' : 'The server refused to cancel')
   * } catch (error) {
   *   if (error instanceof CancelNotSupportedError) showMessage('Stopped waiting; the server cannot cancel')
   *   else throw error
   * }
   */
  async cancel(options: { signal?: AbortSignal } = {}): Promise<boolean> {
    if (this.#outcome()) return false
    const state = this.#holder.current
    const last: Snapshot = state.snapshot ?? {
      state: 'pending',
      status: undefined,
      attempt: state.attempt,
      elapsedMs: this.#config.clock.now() - state.startedAt,
      httpStatus: 0,
    }
    const canceled = new OperationCanceledError({ ...last, state: 'canceled' }, state.statusUrl)
    const run = this.#shared
    this.#settle(Promise.reject(canceled))
    this.#shared = undefined
    run?.abandon(canceled)

    const statusUrl = new URL(state.statusUrl)
    const requests = state.protocol.cancelRequest
      ? state.protocol.cancelRequest(statusUrl, state.submit)
      : { method: 'DELETE', url: statusUrl }
    const tries = requests === undefined ? [] : 'method' in requests ? [requests] : requests
    if (tries.length === 0) throw new CancelNotSupportedError(state.statusUrl)
    // Bounded by its own tries, whatever the operation's deadline or a Retry-After says.
    const deadline = this.#config.clock.now() + this.#config.cancelBudgetMs
    let unsupported: CancelNotSupportedError | undefined
    for (const request of tries) {
      const { httpStatus, url } = await this.#config.send(request.url, {
        method: request.method,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        retry: true,
        deadline,
        accept: [...unsupportedCancelStatuses, 409],
        trustedOrigins: state.trustedOrigins,
        discardBody: true,
        followSeeOther: true,
        limited: true,
      })
      // A 3xx left unfollowed (300, 304…) neither accepts nor refuses: the answer is not the cancel's.
      if (httpStatus >= 300 && httpStatus < 400) {
        throw new ProtocolError(
          `Unexpected ${httpStatus} answer to the cancel request (${request.method}): a 2xx accepts it, a 409 refuses it`,
          url,
        )
      }
      if (!unsupportedCancelStatuses.includes(httpStatus)) return httpStatus < 300
      unsupported ??= new CancelNotSupportedError(url, { method: request.method, httpStatus })
    }
    throw unsupported
  }

  /** How the operation ended, once it has: settled at the start, by a cancel, or by its last run. */
  #outcome(): Promise<Success> | undefined {
    return this.#settled ?? this.#shared?.outcome
  }

  #settle(outcome: Promise<Success>): void {
    outcome.catch(() => {})
    this.#settled = outcome
  }
}
