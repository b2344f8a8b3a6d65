import { checkFollowOptions, checkStartOptions, normalizeOptions } from './check-options.js'
import { OperationCanceledError, OperationFailedError, PollTimeoutError } from './errors.js'
import { randomIdempotencyKey } from './http/idempotency-key.js'
import { isStreamBody } from './http/stream-body.js'
import { noteMaybeStarted } from './http/unsent-submit.js'
import { readSubmitLocation } from './locations.js'
import { checkOnce } from './operation/check.js'
import { checkWaitOptions } from './operation/check-wait-options.js'
import { createLoopConfig } from './operation/loop-config.js'
import { Operation } from './operation/operation.js'
import { protocols } from './protocols/index.js'
import { begin } from './state/begin.js'
import { createPollState } from './state/poll-state.js'
import { fromResumeToken } from './state/resume-token.js'
import { preferWaitSeconds, submitPreference, withPreferences } from './time/long-poll.js'
import type { CheckOptions, CheckOutcome } from './types/check.js'
import type { ClientOptions, FollowOptions, RunOptions, StartOptions } from './types/options.js'
import { requestUrl } from './urls.js'

/** RFC 9110 §9.2.2: methods whose repetition has the effect of one request, so safe to retry. */
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])

/**
 * A `202`'s body only describes the request's status (RFC 9110 §15.3.3): one whose headers name
 * the status location is followed from them when its body cannot be read (cut short, stalled,
 * malformed), so that work the server accepted is not lost to a submit that cannot be sent again.
 */
const acceptedWithLocation = (httpStatus: number, headers: Headers, url: string) =>
  httpStatus === 202 && readSubmitLocation(httpStatus, headers, url) !== undefined

/**
 * A pollwise client, made by {@link createClient}: submits tasks and follows them to their result.
 * One client serves any number of operations; its options (headers, cadence, deadline, trust)
 * apply to each.
 *
 * @example
 * const api: PollwiseClient = createClient({ baseUrl: 'https://api.example.com/v2' })
 * const op = await api.start('/start-report', { json: { month: '2026-10' } })
 * const report = await op.wait()
 */
export interface PollwiseClient {
  /**
   * Submits a task and returns the operation the server accepted. A POST or PATCH is sent once,
   * never retried without `idempotencyKey`; PUT, DELETE and the other idempotent methods retry
   * transient failures like any request.
   *
   * The operation it returns may already be terminal (a submit answered with the result, or with a
   * failed status): its `wait()` then settles at once. A `TypeError` names a bad option, or a URL
   * that holds credentials (`user:password@`, which it does not show), before anything is sent.
   *
   * @throws `ProtocolError` for a 202 without a status location, ky's `HTTPError` for a refused
   *   submit, `NetworkError` or ky's `TimeoutError` when it could not be sent, `PollTimeoutError`
   *   when `timeoutMs` passed during the submit, the signal's reason on abort.
   * @example
   * const op = await api.start('/start-report', { json: { month: '2026-10' } })
   * console.log(op.statusUrl)   // https://api.example.com/report-status/555
   */
  start(path: string, options?: StartOptions): Promise<Operation>
  /**
   * `start` and `wait` in one call; the signal covers both. Every option is checked before the
   * submit is sent. Rejects with what `start` and `wait` reject with.
   *
   * @example
   * const Report = z.object({ url: z.string() })
   * const report = await api.run('/start-report', {
   *   json: { month: '2026-10' },
   *   result: Report,
   *   signal: AbortSignal.timeout(60_000),
   * })
   */
  run<Status = unknown, Result = unknown>(
    path: string,
    options?: RunOptions<Status, Result>,
  ): Promise<Result>
  /**
   * Continues an operation from `JSON.stringify(operation)` (the string or its parsed value), with
   * the same deadline. The token holds no headers and grants no trust: this client's headers
   * apply, and credentials go only to its `baseUrl` origin and `trustedOrigins`.
   *
   * No request is sent until the operation is waited on.
   *
   * @throws `TypeError` for a malformed token, one of another version, or an unknown convention.
   * @example
   * const op = api.resume(localStorage.getItem('report')!)
   * const report = await op.wait()
   */
  resume(token: unknown): Operation
  /**
   * Follows an operation whose status location the app already has (from another process, a
   * webhook, a job list): polls it under this client's reading, cadence and deadline
   * (`timeoutMs` from now, or from `startedAt`). A relative URL joins `baseUrl` like a request
   * path. Credentials go only to the client's `baseUrl` origin and `trustedOrigins`: the URL grants
   * no trust of its own.
   *
   * No request is sent until the operation is waited on; the first poll goes out at once.
   *
   * @throws `TypeError` for a URL that is not http(s) or holds credentials (`user:password@`), or
   *   a bad option.
   * @example
   * const op = api.follow('https://api.example.com/v2/jobs/j-42')
   * const report = await op.wait({ result: Report })
   */
  follow(statusUrl: string | URL, options?: FollowOptions): Operation
  /**
   * One step of an operation, for a job queue or a scheduler that drives the waiting itself: one
   * exchange (a status read, or the result fetch) from a resume token, then the outcome with the
   * token to check with next and when (`checkAt`). It never sleeps; a token checked before it is
   * due sends nothing. The token keeps its deadline and grants no trust (this client's headers
   * and trusted origins apply). Checking the same token again, after a crash, makes the same
   * exchange again: the state is the same or later, and a result fetch may repeat.
   *
   * @throws `TypeError` for a malformed token; the signal's reason on abort. Every other error
   *   comes back as `{ state: 'ended', error, final }`.
   * @example
   * const outcome = await api.check(job.data.token, { result: Report })
   * switch (outcome.state) {
   *   case 'pending': return reschedule(outcome.token, outcome.checkAt)
   *   case 'succeeded': return outcome.result
   *   case 'ended': throw outcome.error
   * }
   */
  check<Status = unknown, Result = unknown>(
    token: unknown,
    options?: CheckOptions<Status, Result>,
  ): Promise<CheckOutcome<Status, Result>>
}

/**
 * Creates a client. Every option has a default; see {@link ClientOptions}. Options are checked
 * here, once: a bad one is a `TypeError` that names it.
 *
 * @example
 * import { createClient } from 'pollwise'
 * const api = createClient({ baseUrl: 'https://api.example.com/v2' })
 * const result = await api.run('/start-report', { json: { month: '2026-10' } })
 */
export function createClient(options: ClientOptions = {}): PollwiseClient {
  const settings = normalizeOptions(options)
  const { clock } = settings
  const config = createLoopConfig(options, settings)

  const start = async (path: string, startOptions: StartOptions = {}): Promise<Operation> => {
    checkStartOptions(startOptions)
    const url = requestUrl(settings.baseUrl, path)
    const method = (startOptions.method ?? 'POST').toUpperCase()
    const key =
      startOptions.idempotencyKey === true
        ? randomIdempotencyKey()
        : startOptions.idempotencyKey || undefined
    const wait =
      startOptions.submitWaitSeconds === undefined
        ? undefined
        : preferWaitSeconds(
            startOptions.submitWaitSeconds,
            settings.requestTimeoutMs,
            settings.timeoutMs,
          )
    // A submit with no headers of its own sends the client's as they are settled, unmerged.
    const headers =
      startOptions.headers === undefined && key === undefined && wait === undefined
        ? undefined
        : new Headers(startOptions.headers)
    if (key !== undefined) headers?.set('idempotency-key', key)
    if (wait !== undefined) {
      headers?.set('prefer', withPreferences(submitPreference(wait), headers.get('prefer')))
    }
    // Shared by every operation whose submit goes to an origin the client trusts already.
    const trustedOrigins = settings.trustedOrigins.has(url.origin)
      ? settings.trustedOrigins
      : new Set([...settings.trustedOrigins, url.origin])
    const startedAt = clock.now()
    const deadline = startedAt + settings.timeoutMs
    const safeToRepeat = key !== undefined || idempotentMethods.has(method)
    // A stream is read as it is sent: there is nothing to send again.
    const streamed = isStreamBody(startOptions.body)
    // The deadline bounds the submit and its retries too.
    // Whether the deadline cut the submit under way, rather than in its wait for a slot.
    let cutUnderWay = false
    const answer = await config
      .send(url, {
        method,
        ...(headers === undefined ? {} : { headers }),
        ...(startOptions.signal === undefined ? {} : { signal: startOptions.signal }),
        retry: safeToRepeat && !streamed,
        deadline,
        onDeadline: (underWay) => {
          cutUnderWay = underWay === true
          return new PollTimeoutError(0, clock.now() - startedAt, undefined)
        },
        limited: true,
        trustedOrigins,
        headersSuffice: acceptedWithLocation,
        ...(startOptions.json === undefined ? {} : { json: startOptions.json }),
        ...(startOptions.body === undefined ? {} : { body: startOptions.body }),
      })
      .catch((error: unknown) => {
        if (!safeToRepeat) noteMaybeStarted(error, method, cutUnderWay)
        throw error
      })
    const submission = {
      submit: {
        method,
        url: url.href,
        ...(startOptions.finalStateVia === undefined
          ? {}
          : { finalStateVia: startOptions.finalStateVia }),
      },
      protocol: settings.protocol,
      detect: settings.detect,
      trustedOrigins,
      startedAt,
      deadline,
    }
    const next = begin(submission, answer, clock.now(), config.rules)
    switch (next.action) {
      case 'poll':
      case 'fetch':
        return new Operation(config, next.state)
      case 'succeed':
        return new Operation(
          config,
          next.state,
          Promise.resolve({ update: next.update, result: next.result }),
        )
      case 'reject': {
        const { error } = next
        const terminal =
          error instanceof OperationFailedError || error instanceof OperationCanceledError
        if (terminal) return new Operation(config, next.state, Promise.reject(error))
        throw error
      }
    }
  }

  const follow = (statusUrl: string | URL, followOptions: FollowOptions = {}): Operation => {
    checkFollowOptions(followOptions)
    const url = requestUrl(settings.baseUrl, String(statusUrl), 'statusUrl').href
    const { startedAt = clock.now(), finalStateVia } = followOptions
    const since = startedAt instanceof Date ? startedAt.getTime() : startedAt
    const state = createPollState({
      statusUrl: url,
      protocol: settings.protocol ?? protocols.auto,
      submit: {
        method: 'GET',
        url,
        // An Azure operation one follows is its status monitor (its Operation-Location).
        ...(settings.protocol?.name === 'azure' ? { monitor: url } : {}),
        ...(finalStateVia === undefined ? {} : { finalStateVia }),
      },
      trustedOrigins: settings.trustedOrigins,
      startedAt: since,
      deadline: since + settings.timeoutMs,
      nextPollAt: clock.now(),
    })
    return new Operation(config, state)
  }

  return {
    start,
    follow,
    async check(token, checkOptions = {}) {
      checkWaitOptions(checkOptions)
      return checkOnce(
        config,
        fromResumeToken(token, settings.findProtocol, settings.trustedOrigins),
        checkOptions,
      )
    },
    resume: (token) =>
      new Operation(config, fromResumeToken(token, settings.findProtocol, settings.trustedOrigins)),
    async run(path, runOptions = {}) {
      const { status, result, onProgress, ...submit } = runOptions
      const wait = {
        ...(status === undefined ? {} : { status }),
        ...(result === undefined ? {} : { result }),
        ...(onProgress === undefined ? {} : { onProgress }),
        ...(submit.signal === undefined ? {} : { signal: submit.signal }),
      }
      checkWaitOptions(wait)
      const operation = await start(path, submit)
      return operation.wait(wait)
    },
  }
}
