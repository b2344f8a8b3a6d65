import { checkWaitOptions } from './check-options.js'
import {
  type Completed,
  type LoopConfig,
  type Observed,
  type PollState,
  pollUntilDone,
} from './poll-loop.js'
import type { WaitOptions } from './types/options.js'
import { validateBody } from './validate.js'

type Listener = (observed: Observed) => Promise<void>

/** One poll loop, shared by every wait in progress; it stops when the last of them leaves. */
interface Run {
  readonly promise: Promise<Completed>
  readonly controller: AbortController
  readonly listeners: Set<Listener>
}

/**
 * A long-running operation the server accepted. Wait on it as often as you like: concurrent waits
 * share one poll loop, an aborted wait leaves the operation intact, and once it is terminal every
 * wait settles at once with the same outcome.
 */
export class Operation {
  readonly #config: LoopConfig
  readonly #state: PollState
  #run: Run | undefined
  #settled: Promise<Completed> | undefined

  /** @internal Operations come from `client.start()`. */
  constructor(config: LoopConfig, state: PollState, settled?: Promise<Completed>) {
    this.#config = config
    this.#state = state
    if (settled) this.#settle(settled)
  }

  /** The absolute URL being polled: the status location the server named, then the result link. */
  get statusUrl(): string {
    return this.#state.target
  }

  /**
   * Polls until the operation is terminal and resolves with its result: the `result` schema's
   * output, else the parsed JSON (or text, or a Blob, by content type).
   *
   * @throws `OperationFailedError`, `OperationCanceledError`, `PollTimeoutError`,
   *   `ResponseValidationError`, `ProtocolError`, ky's `HTTPError` / `TimeoutError`, or the
   *   signal's reason.
   * @example
   * const report = await op.wait({
   *   result: z.object({ url: z.string() }),
   *   signal: controller.signal,
   *   onProgress: (snap) => bar.update(snap.progress ?? 0),
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
      const run = this.#settled ? undefined : this.#joinRun()
      let done = false
      const finish = (settleWaiter: () => void) => {
        if (done) return
        done = true
        signal?.removeEventListener('abort', onAbort)
        if (run) this.#leave(run, listener)
        settleWaiter()
      }
      const onAbort = () => finish(() => reject(signal?.reason))
      const listener: Listener = async (observed) => {
        try {
          const status = observed.status
            ? await validateBody(options.status, observed.status, this.statusUrl)
            : (observed.snapshot.status as Status)
          options.onProgress?.({ ...observed.snapshot, status })
        } catch (error) {
          finish(() => reject(error))
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      if (run) {
        run.listeners.add(listener)
      }
      const outcome = this.#settled ?? (run as Run).promise
      outcome
        .then(
          async (completed) => {
            if (!run) await listener(completed)
            const url = completed.snapshot.resultUrl ?? this.statusUrl
            const value = await validateBody(options.result, completed.result, url)
            finish(() => resolve(value))
          },
          async (error: unknown) => {
            if (!run && this.#state.snapshot) {
              await listener({ snapshot: this.#state.snapshot, status: this.#state.status })
            }
            finish(() => reject(error))
          },
        )
        .catch((error: unknown) => finish(() => reject(error)))
    })
  }

  #joinRun(): Run {
    this.#run ??= this.#startRun()
    return this.#run
  }

  #startRun(): Run {
    const controller = new AbortController()
    const listeners = new Set<Listener>()
    const emit = async (observed: Observed) => {
      await Promise.all([...listeners].map((listener) => listener(observed)))
    }
    const promise = pollUntilDone(this.#config, this.#state, emit, controller.signal)
    const run = { promise, controller, listeners }
    promise.then(
      () => this.#settle(promise),
      () => {
        if (!controller.signal.aborted) this.#settle(promise)
      },
    )
    return run
  }

  #settle(outcome: Promise<Completed>): void {
    outcome.catch(() => {})
    this.#settled = outcome
    this.#run = undefined
  }

  /** The last waiter to leave a run stops it: no request or timer outlives the waits. */
  #leave(run: Run, listener: Listener): void {
    run.listeners.delete(listener)
    if (run.listeners.size > 0 || this.#run !== run) return
    this.#run = undefined
    run.controller.abort(new DOMException('No wait is in progress', 'AbortError'))
  }
}
