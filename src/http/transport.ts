import isNetworkError from 'is-network-error'
import { type HTTPError, TimeoutError } from 'ky'
import pRetry from 'p-retry'
import { type Answer, type Body, emptyBody, type LiveBody } from '../answer.js'
import { NetworkError } from '../errors.js'
import { isHTTPError } from '../ky-errors.js'
import { hasDocument, isOffline } from '../page.js'
import { redactUrls } from '../redact-urls.js'
import { waitUntilOnline } from '../time/page-sleep.js'
import { promiseOf } from '../time/promise-of.js'
import { readRetryAfterMs } from '../time/retry-after.js'
import { type Backoff, type Random, retryDelay } from '../time/schedule.js'
import type { Clock } from '../types/clock.js'
import type { BodyInput } from '../types/options.js'
import { abortAfter, linkedController } from './abort.js'
import {
  bufferedErrorResponse,
  discardBody,
  parseBody,
  readBody,
  streamingMediaType,
} from './body.js'
import { explainWithheld, type Withheld } from './credentials.js'
import { explainErrorBody } from './error-details.js'
import type { Hop, SendHop } from './hop.js'
import type { Limiter } from './limiter.js'
import { followRedirects, HiddenRedirects } from './redirects.js'
import type { RequestHandle } from './request-handle.js'

/** The most of an error answer's body kept on its `HTTPError`. */
const errorBodyBytes = 64 * 1024

const noStatuses: readonly number[] = []

/**
 * Statuses worth another try of the same request; 425 Too Early says the request was not
 * processed and should be sent again (RFC 8470 §5.2).
 */
const transientStatuses = new Set([408, 425, 429, 500, 502, 503, 504])

/**
 * The 5xx statuses in the IANA registry. Any other 5xx (a CDN's 520-527, a proxy's 599) is read as
 * `500`: a client treats an unrecognized status as the x00 of its class (RFC 9110 §15).
 */
const registeredServerErrors = new Set([500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511])

export interface TransportOptions {
  /** The HTTP layer: one hop out, one response back. */
  readonly sendHop: SendHop
  /** Transient failures retried per request. */
  readonly retries: number
  /** One try, headers and body, from sending to the last byte. */
  readonly requestTimeoutMs: number
  /** The largest body read; more is a `ResponseValidationError`. */
  readonly maxBodyBytes: number
  readonly backoff: Backoff
  readonly random: Random
  readonly clock: Clock
  /** Bounds the requests in flight per origin for requests that ask for it. */
  readonly limit: Limiter
}

export interface SendOptions {
  readonly method?: string
  readonly json?: unknown
  readonly body?: BodyInput
  readonly headers?: Headers
  /** Ends the request, its retries and its wait for a slot; none for a request nothing aborts. */
  readonly signal?: AbortSignal
  /** Ends the request, for a caller that makes it for itself alone (see `RequestHandle`): instead of `signal`. */
  readonly handle?: RequestHandle
  /** Whether transient failures may be retried: false for a submit without an idempotency key. */
  readonly retry: boolean
  /** No retry is planned to start at or after this clock reading: the last failure is thrown instead. */
  readonly deadline: number
  /**
   * The error that ends the request at the deadline (a try cut short, a wait for a slot), told
   * `underWay` when it cut a try, whose request may have reached the server. Without it the
   * deadline only bounds the retries, and each try has its request timeout.
   */
  readonly onDeadline?: (underWay?: boolean) => unknown
  /** Error statuses handed back as answers instead of thrown as `HTTPError`. */
  readonly accept?: readonly number[]
  /** Origins that may receive credential headers. */
  readonly trustedOrigins: ReadonlySet<string>
  /** Each try takes a slot of the per-origin limiter while it is in flight (not while it waits to retry). */
  readonly limited?: boolean
  /** Read an NDJSON body whole, as a file of records: a result download. */
  readonly readsRecords?: boolean
  /**
   * Hand a streaming 2xx answer (SSE, NDJSON) back unread, as `answer.live`, its request still open
   * until the caller closes it or `signal` aborts: a status stream. Its slot of the limiter is free
   * once its headers are in.
   */
  readonly streams?: boolean
  /** Let the body go unread (a cancel's answer). */
  readonly discardBody?: boolean
  /**
   * Whether an answer's headers say all it needs (a submit's `202` that names its status location,
   * a status location's `202`): a body that cannot be read (cut short, stalled past the request
   * timeout, not JSON though labelled so, over `maxBodyBytes`) is then let go, and the answer
   * handed back without it, rather than failing a request whose answer is known.
   */
  readonly headersSuffice?: (httpStatus: number, headers: Headers, url: string) => boolean
  /** Follow a `303 See Other` with a GET, as fetch does (a cancel's answer); see `Hop`. */
  readonly followSeeOther?: boolean
  /**
   * Whether an error answer is the server's verdict rather than a refusal: it then comes back as
   * an answer, neither retried nor thrown (a status location that reports a failure with a 500).
   */
  readonly isVerdict?: (answer: Answer) => boolean
}

export type Send = (url: URL, options: SendOptions) => Promise<Answer>

/**
 * One request: the HTTP layer (`SendHop`) sends it, each try reads the body within the per-request timeout, and p-retry
 * retries transient failures (network errors, 408, 425, 429, 5xx gateways, timeouts) after the server's
 * Retry-After or the backoff, never past the deadline. Network failures come out as `NetworkError`.
 */
export function createTransport(transport: TransportOptions): Send {
  const { clock, backoff, random } = transport
  const hiddenRedirects = new HiddenRedirects()
  return (url, options) => {
    const { handle } = options
    // What ends the request from outside, the caller's signal or its handle: its abort wins.
    const caller: Aborted | undefined = options.signal ?? handle
    let previousDelayMs = 0
    let tries = 0
    // A try follows `outer`, the caller's signal (or the retries' own controller's), when there is one.
    const nextTry = (outer: AbortSignal | undefined) => {
      tries += 1
      const attempt = tries
      // A first try under the caller's handle runs under its own controller alone, which the handle follows.
      const own = outer === undefined && handle ? new AbortController() : undefined
      if (own) handle?.follow(own)
      const once = () => {
        const link = own ? { controller: own, unlink: noop } : linkedController(outer)
        return tryOnce(transport, url, options, attempt, hiddenRedirects, link, caller)
      }
      if (!options.limited) return once()
      const { onDeadline } = options
      const expiry = onDeadline ? { at: options.deadline, reason: onDeadline } : undefined
      return transport.limit(url.origin, own?.signal ?? outer, once, expiry)
    }
    const retry = (firstError: unknown) => {
      // Under a handle, the waits and tries of the retries follow a controller of their own.
      let outer = options.signal
      if (handle) {
        const retrying = new AbortController()
        handle.follow(retrying)
        outer = retrying.signal
      }
      const until = outer ?? new AbortController().signal
      return pRetry(
        (attemptNumber) => (attemptNumber === 1 ? Promise.reject(firstError) : nextTry(outer)),
        {
          retries: options.retry ? transport.retries : 0,
          ...(outer ? { signal: outer } : {}),
          minTimeout: 0,
          // A failure while the browser is offline is not the server's: it costs no try.
          shouldConsumeRetry: () => !isOffline(),
          // p-retry has no per-attempt delay hook, and Retry-After must decide the wait: it is slept
          // here, with p-retry's own delay set to zero.
          shouldRetry: async ({ error, retriesConsumed }) => {
            if (until.aborted || !isTransient(error)) return false
            if (isOffline()) {
              await waitUntilOnline(until)
              return true
            }
            const now = clock.now()
            const delayMs = retryDelay({
              backoff,
              retriesConsumed,
              previousDelayMs,
              hintMs: isHTTPError(error)
                ? readRetryAfterMs(error.response.headers, now)
                : undefined,
              now,
              deadline: options.deadline,
              random,
            })
            if (delayMs === undefined) return false
            previousDelayMs = delayMs
            await clock.sleep(delayMs, until)
            return true
          },
        },
      )
    }
    // Most requests succeed at the first try: it runs without p-retry, which takes over (its first
    // attempt being this failure) only once it failed. As under p-retry, an answer that comes
    // after the abort is not handed on.
    if (caller?.aborted) return Promise.reject(caller.reason)
    return promiseOf(() => nextTry(options.signal)).then((answer) => {
      if (caller?.aborted) throw caller.reason
      return answer
    }, retry)
  }
}

/** What a try reads of the caller's signal or handle: whether and why the caller ended the request. */
type Aborted = Pick<AbortSignal, 'aborted' | 'reason'>

const noop = () => {}

/**
 * One try under its own controller (`link`): it follows the caller's signal or handle and aborts
 * itself at the request timeout, and the body is read under it, so a stalled body is a timeout and
 * an abort stops the download at once.
 */
async function tryOnce(
  transport: TransportOptions,
  url: URL,
  options: SendOptions,
  attempt: number,
  hiddenRedirects: HiddenRedirects,
  link: { readonly controller: AbortController; readonly unlink: () => void },
  caller: Aborted | undefined,
): Promise<Answer> {
  const { controller, unlink } = link
  const { signal } = controller
  const method = options.method ?? 'GET'
  // One timer per try: the request timeout, or the deadline where it comes first.
  const leftMs = options.deadline - transport.clock.now()
  const { onDeadline } = options
  const stopTimer =
    onDeadline && leftMs < transport.requestTimeoutMs
      ? abortAfter(controller, leftMs, transport.clock, () => onDeadline(true))
      : abortAfter(controller, transport.requestTimeoutMs, transport.clock, () => {
          const error = new TimeoutError(new Request(url, { method }))
          error.message = redactUrls(error.message)
          return error
        })
  const withheld: Withheld = new Map()
  let handedOver = false
  try {
    const hop: Hop = {
      method,
      signal,
      redirect: 'manual',
      accept: options.accept ?? noStatuses,
      trustedOrigins: options.trustedOrigins,
      withheld,
      headers: options.headers,
      json: options.json,
      body: options.body,
      ...(options.followSeeOther ? { followSeeOther: true } : {}),
    }
    const reply = await followRedirects(transport.sendHop, url, hop, hiddenRedirects)
    const { response } = reply
    const live = options.streams ? liveBody(response, controller, unlink) : undefined
    if (live) {
      handedOver = true
      return {
        httpStatus: response.status,
        headers: response.headers,
        url: reply.url,
        body: { value: undefined, excerpt: `<${live.mediaType}>`, stream: live.mediaType },
        live,
      }
    }
    let body = emptyBody
    // A HEAD answer has no content, whatever content type a GET would get (RFC 9110 §9.3.2).
    if (options.discardBody || method === 'HEAD' || response.status === 303) discardBody(response)
    else {
      const { maxBodyBytes } = transport
      try {
        body = await readBody(response, reply.url, signal, maxBodyBytes, options.readsRecords)
      } catch (error) {
        // Only the caller's abort and the deadline end a request whose headers say all it needs.
        const ended =
          caller?.aborted || (signal.aborted && !(signal.reason instanceof TimeoutError))
        if (ended || !options.headersSuffice?.(response.status, response.headers, reply.url)) {
          throw error
        }
      }
    }
    return {
      httpStatus: response.status,
      headers: response.headers,
      url: reply.url,
      body,
      ...(response.type === 'cors' ? { crossOrigin: true as const } : {}),
      ...(reply.resentAsGet ? { resentAsGet: true as const } : {}),
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason
    if (isHTTPError(error)) {
      explainWithheld(error, withheld)
      const kept = await keepErrorBody(
        error,
        signal,
        Math.min(errorBodyBytes, transport.maxBodyBytes),
      )
      const body = parseErrorBody(error, kept)
      explainErrorBody(error, body?.value)
      error.message = redactUrls(error.message)
      // The server's refusal stands even when its body outlasted the try: only the caller's abort wins.
      if (caller?.aborted) throw caller.reason
      const verdict = options.isVerdict && body && asVerdict(error, body, options.isVerdict)
      if (verdict) return verdict
    }
    if (isNetworkError(error)) {
      throw new NetworkError(url.href, attempt, error, hasDocument())
    }
    throw error
  } finally {
    if (!handedOver) unlink()
    stopTimer()
  }
}

/** Why a stream's request is ended when its reader closes it. */
const streamClosed = new DOMException('The status stream was closed', 'AbortError')

/**
 * A `200` answer that streams, as a body its reader takes over: closing it aborts the try's
 * controller (the caller's abort still reaches it until then), which ends the download and closes
 * the connection. Another status is no stream to follow, as the HTML standard fails an event
 * stream's connection on any status but 200 (a `206` is a part of a body pollwise never asked for).
 */
function liveBody(
  response: Response,
  controller: AbortController,
  unlink: () => void,
): LiveBody | undefined {
  const mediaType = streamingMediaType(response.headers.get('content-type'))
  if (mediaType === undefined || response.status !== 200 || !response.body) return undefined
  return {
    stream: response.body,
    mediaType,
    close() {
      unlink()
      controller.abort(streamClosed)
    },
  }
}

/**
 * Reads an error answer's body within its try, so that its connection is freed whether or not
 * anyone reads it, while `error.response.text()` still works for the caller; a body too long is
 * kept in part. Returns the bytes kept.
 */
async function keepErrorBody(
  error: HTTPError,
  signal: AbortSignal,
  maxBytes: number,
): Promise<readonly Uint8Array<ArrayBuffer>[]> {
  try {
    const kept = await bufferedErrorResponse(error.response, signal, maxBytes)
    error.response = kept.response
    return kept.chunks
  } catch {
    discardBody(error.response)
    return []
  }
}

/** An error answer as an answer, when its kept body makes it the server's verdict. */
function asVerdict(
  error: HTTPError,
  body: Body,
  isVerdict: (answer: Answer) => boolean,
): Answer | undefined {
  const { response } = error
  const url = response.url || error.request.url
  const answer = { httpStatus: response.status, headers: response.headers, url, body }
  return isVerdict(answer) ? answer : undefined
}

/** An error answer's kept body, parsed once for its message and its verdict; none that does not parse. */
function parseErrorBody(
  error: HTTPError,
  chunks: readonly Uint8Array<ArrayBuffer>[],
): Body | undefined {
  const { response } = error
  try {
    return parseBody(
      chunks,
      response.headers.get('content-type'),
      response.url || error.request.url,
    )
  } catch {
    return undefined
  }
}

/**
 * Whether a request's failure may pass: the network, a timeout, 408, 425, 429, 500, 502, 503, 504,
 * and any 5xx the registry does not hold.
 */
export function isTransient(error: unknown): boolean {
  if (isHTTPError(error)) {
    const { status } = error.response
    return (
      transientStatuses.has(status) ||
      (status >= 500 && status <= 599 && !registeredServerErrors.has(status))
    )
  }
  return error instanceof TimeoutError || error instanceof NetworkError
}
