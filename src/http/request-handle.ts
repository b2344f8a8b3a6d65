/**
 * How a caller ends a request it makes for itself alone (a poll), instead of passing a signal: the
 * transport points the handle at the controller of what is in progress (the wait for a slot and
 * the first try, then the waits and tries of a retry), so that a request that succeeds at its
 * first try runs under one controller, its try's, rather than a controller of the caller's and one
 * of the try's linked to it.
 */
export class RequestHandle {
  #controller: AbortController | undefined
  #aborted = false
  #reason: unknown

  get aborted(): boolean {
    return this.#aborted
  }

  get reason(): unknown {
    return this.#reason
  }

  /** Ends the request: what is in progress is aborted with `reason`, and nothing more starts. */
  abort(reason: unknown): void {
    if (this.#aborted) return
    this.#aborted = true
    this.#reason = reason
    this.#controller?.abort(reason)
  }

  /** Runs what follows under `controller`, which the handle's abort reaches (at once if it came before). */
  follow(controller: AbortController): void {
    this.#controller = controller
    if (this.#aborted) controller.abort(this.#reason)
  }
}
