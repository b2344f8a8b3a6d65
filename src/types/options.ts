import type { KyInstance, Options as KyOptions } from 'ky'
import type { Clock } from './clock.js'
import type { ConventionParts } from './conventions.js'
import type { FinalStateVia, Protocol, ProtocolName } from './protocol.js'
import type { Snapshot } from './snapshot.js'
import type { StandardSchemaV1 } from './standard-schema.js'

/**
 * Headers as `new Headers()` takes them. Named without the DOM lib's `HeadersInit`, so that a Node
 * project compiling without `lib: ["DOM"]` reads these types too.
 */
export type HeadersInput = ConstructorParameters<typeof Headers>[0]

/** A request body as `fetch` takes it (the DOM lib's `BodyInit`, named without it). */
export type BodyInput = NonNullable<RequestInit['body']>

/**
 * How a computed delay is spread, so that many clients do not poll in step: `'none'` keeps it,
 * `'full'` picks anywhere from 0 to it, `'equal'` from half of it to all of it, `'decorrelated'`
 * grows from the last delay actually slept. The floor (`minDelayMs`) holds in every mode.
 *
 * @example
 * createClient({ backoff: { jitter: 'full' } })
 */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated'

/**
 * How the wait between polls grows: the n-th wait (from 0) is
 * `min(maxDelayMs, initialDelayMs * factor ** n)`, then jittered, then held between `minDelayMs`
 * and `maxDelayMs`. A server's `Retry-After` (or `retry-after-ms`) wins over it. Every field is
 * optional; the defaults are listed.
 *
 * @example
 * const api = createClient({
 *   baseUrl: 'https://api.example.com',
 *   backoff: { initialDelayMs: 500, factor: 2, maxDelayMs: 10_000, jitter: 'full' },
 * })
 */
export interface BackoffOptions {
  /** The first wait after the submit, before any server hint. @default 1000 */
  initialDelayMs?: number
  /**
   * Growth per poll, at least 1. The default reaches the cap at the second wait: a first poll
   * within a second, then one every 4 to 8 s (with the default jitter). @default 8
   */
  factor?: number
  /** The longest computed wait (a server's Retry-After may ask for longer). @default 8000 */
  maxDelayMs?: number
  /**
   * Spreads polls of many clients apart. `'equal'` waits between half and all of the computed
   * delay, so it never collapses to zero; `'full'` waits anywhere from the floor to the delay.
   * @default 'equal'
   */
  jitter?: Jitter
  /** The shortest wait, whatever the jitter or a server's hint says. @default 100 */
  minDelayMs?: number
}

/**
 * Options of {@link createClient}. Besides the HTTP and cadence options below, the
 * {@link ConventionParts} (`statusLocation`, `stateField`, `classifyStatus`, `progressField`,
 * `progressScale`, `locateResult`, `resultField`, `failureField`) teach the client an API whose
 * status bodies the built-in reading does not find its way in.
 *
 * @example
 * const api = createClient({
 *   baseUrl: 'https://api.example.com/v2',
 *   headers: { authorization: `Bearer ${token}` },
 *   timeoutMs: 5 * 60_000,
 * })
 */
export interface ClientOptions extends ConventionParts {
  /**
   * Request paths join it: `'/jobs'` and `'jobs'` both give `…/v2/jobs`, and a colon stays in the
   * path (`'/speech:recognize'` gives `…/v2/speech:recognize`). A URL that starts with
   * `scheme://` passes through.
   */
  baseUrl?: string
  /** Sent with every request; credential headers only to trusted origins. */
  headers?: HeadersInput
  /** How the wait between polls grows; see {@link BackoffOptions}. */
  backoff?: BackoffOptions
  /** The whole operation, submit to result. @default 600_000 (10 minutes) */
  timeoutMs?: number
  /** One HTTP request, headers and body, each try counted apart. @default 30_000 */
  requestTimeoutMs?: number
  /** Tries after the first for a transient failure (network error, 408, 429, 500, 502, 503, 504). @default 3 */
  retries?: number
  /**
   * Long-poll: asks the server to hold each status read until the operation changes, up to this
   * many seconds (RFC 7240 `Prefer: wait=N`; N also stays under 80% of `requestTimeoutMs` and the
   * time left). A server that applied it says so (`Preference-Applied: wait`) and is asked again at
   * once after a long hold (at most one read per `backoff.initialDelayMs`); one that ignores it is
   * polled at the backoff's cadence, as without it. A held read counts against
   * `maxConcurrentPolls` while it is held. In a page, a cross-origin server must expose
   * `Preference-Applied` (`Access-Control-Expose-Headers`). @default 0 (off)
   */
  longPollSeconds?: number
  /**
   * The longest a status stream (a status location or a stream location answering Server-Sent
   * Events or NDJSON) may stay silent, with no record, comment or byte, before it counts as
   * stalled: pollwise closes it and reads the status location at once. Servers that stream send a
   * comment every few seconds as a heartbeat. @default 30_000
   */
  heartbeatTimeoutMs?: number
  /**
   * In a browser, the slowest cadence while the page is hidden: polls wait at least this long, and
   * poll at once when the page is shown again. @default 20_000, or `backoff.maxDelayMs` when longer
   */
  hiddenDelayMs?: number
  /**
   * Requests in flight at once per origin (submits, polls, result downloads and cancels), across
   * every operation of this client; the rest wait their turn in arrival order (a request holds its
   * slot only while it is in flight, never while it waits to poll or to retry).
   *
   * In Node the default, 64, bounds the sockets a script opens to one server while thousands of
   * operations drain quickly. In a page it is 4: a browser itself opens at most six HTTP/1.1
   * connections per origin and queues the rest where no abort or priority of pollwise reaches,
   * and the page's own requests need connections too. @default 64 in Node, 4 in a page
   */
  maxConcurrentPolls?: number
  /**
   * Origins besides the `baseUrl`'s that may receive credential headers
   * (`authorization`, `cookie`, `proxy-authorization` and `sensitiveHeaders`).
   */
  trustedOrigins?: readonly string[]
  /** More header names to treat as credentials, such as `'x-api-key'`. */
  sensitiveHeaders?: readonly string[]
  /**
   * A ky instance or ky options, for hooks, auth refresh or a custom `fetch`: every request goes
   * through it (without it, through ky itself). pollwise turns off ky's retry (p-retry is the one
   * retry layer) and timeout (it times each try itself), and handles redirects and `prefixUrl`
   * itself. Without a `fetch` of yours, the global `fetch` is looked up at each request.
   */
  ky?: KyInstance | KyOptions
  /**
   * The polling convention: `'auto'` detects Google and Azure operations from the submit's answer
   * (and the app's own `conventions`, asked first) and reads anything else by its body and status
   * code; a name forces a built-in; an object is a convention of your own (see `Protocol`).
   * @default 'auto'
   */
  protocol?: ProtocolName | Protocol
  /**
   * Conventions of the app's own that `protocol: 'auto'` detects from a submit's answer: each
   * whose `detect` says so, asked in this order before the built-in ones (Google's and Azure's),
   * and found by their `name` when a resume token names them. Needless for the built-in
   * conventions, which every client detects. @default []
   *
   * @example
   * const jobsApi: Protocol = {
   *   name: 'jobs-api',
   *   detect: ({ headers }) => headers.has('x-job-id'),
   *   observe: ({ body }) => {
   *     const { phase, output } = body as { phase: string; output?: unknown }
   *     return phase === 'DONE'
   *       ? { state: 'succeeded', result: { kind: 'inline', value: output } }
   *       : { state: 'pending' }
   *   },
   * }
   * const api = createClient({ baseUrl: 'https://api.example.com', conventions: [jobsApi] })
   */
  conventions?: readonly Protocol[]
  /**
   * How long polls may fail in a row before the operation fails, for failures that may pass: the
   * network (a server restarting, a connection refused or reset), a request timeout, 408, 429 and
   * 5xx, each after its request's own `retries`. Until then polling goes on at the backoff's
   * cadence (a `Retry-After` honoured), so a server restart or a deploy is ridden out; the
   * deadline (`timeoutMs`) always wins. `Infinity` leaves the deadline alone to end it; `0` fails
   * at the first such poll. A wait that rejected with such an error can be waited on again, and
   * polling goes on. @default 300_000 (5 minutes)
   */
  maxOutageMs?: number
  /**
   * How long `404 Not Found` and `409 Conflict` mean "not there yet" at the start of a status
   * location or a result link, for servers that name a location a moment before it exists. Past
   * it (or once the location has answered) they are ky's `HTTPError`. Conventions that answer 404
   * until the result exists (`protocol: 'result'`) wait on it throughout; Azure gets no grace.
   * @default 5_000
   */
  notReadyGraceMs?: number
  /**
   * The largest response body read, in bytes; a larger one is a `ResponseValidationError` and the
   * rest of it is not downloaded. It bounds the memory a broken or hostile server can take. Raise
   * it for large results. @default 16 MiB (16_777_216)
   */
  maxBodyBytes?: number
  /**
   * In a page with BroadcastChannel and Web Locks: when several tabs wait on the same operation
   * (the same status URL), one of them polls and the others receive its snapshots and outcome;
   * when the polling tab closes, the next one takes over. Nothing of this runs in Node.
   * @default true
   */
  shareAcrossTabs?: boolean
  /**
   * The clock every delay and deadline is read from. For tests and simulations that run whole
   * operations without real time. @default the system clock (`Date.now()` and `setTimeout`)
   */
  clock?: Clock
  /** The random source of the jitter, a number in [0, 1). For tests and simulations. @default `Math.random` */
  random?: () => number
}

/**
 * Options of {@link PollwiseClient.start}: the submit request.
 *
 * @example
 * const op = await api.start('/payments', {
 *   json: { amount: 42 },
 *   headers: { 'x-request-source': 'checkout' },
 *   idempotencyKey: 'order-42',   // the POST may now be retried safely
 * })
 */
export interface StartOptions {
  /** A JSON body; sets `content-type: application/json`. */
  json?: unknown
  /** Any other body (`FormData`, `Blob`, a string…). Not together with `json`. */
  body?: BodyInput
  /** @default 'POST' */
  method?: string
  /** Headers for the submit alone, on top of the client's. */
  headers?: HeadersInput
  /**
   * Makes the submit safe to retry: sends `Idempotency-Key` (the given string, or a random UUID
   * for `true`), the same value on every try. Without it the submit is sent exactly once.
   */
  idempotencyKey?: boolean | string
  /** Aborts the submit. */
  signal?: AbortSignal
  /**
   * Lets a fast job answer with its result at once: sends `Prefer: respond-async, wait=N` (RFC
   * 7240), asking the server to hold the submit up to N seconds (under 80% of `requestTimeoutMs`)
   * and answer `200`/`201` with the result when the job is done by then, else `202` as usual.
   * @default none (no `Prefer` header)
   */
  submitWaitSeconds?: number
  /**
   * Azure: where the result comes from, as the operation's OpenAPI
   * `x-ms-long-running-operation-options` `final-state-via` says. Without it, Azure's defaults
   * after a monitor: PUT and PATCH the original URL; POST the submit's `Location`, else the
   * monitor's `resourceLocation`, else the monitor's body; DELETE none. Polled by `Location` alone,
   * the last answer is the result whatever the method; `'original-uri'` GETs the original URL
   * after it.
   */
  finalStateVia?: FinalStateVia
}

/**
 * Options of {@link Operation.wait}.
 *
 * @example
 * const report = await op.wait({
 *   status: z.object({ status: z.string(), progress: z.number().optional() }),
 *   result: z.object({ url: z.string() }),
 *   signal: controller.signal,
 *   onProgress: (snap) => console.log(snap.state, snap.status?.status, snap.progress),
 * })
 */
export interface WaitOptions<Status = unknown, Result = unknown> {
  /** Validates every status body; snapshots then carry its output. */
  status?: StandardSchemaV1<unknown, Status>
  /** Validates the final result, which `wait` then resolves with. */
  result?: StandardSchemaV1<unknown, Result>
  /** Stops waiting at once, with the signal's reason; the operation can be waited on again. */
  signal?: AbortSignal
  /**
   * Called with every observation, the terminal one included (its `status` is the last status
   * body seen). A wait on an operation that is already terminal calls it once, with the
   * terminal snapshot.
   */
  onProgress?: (snapshot: Snapshot<Status>) => void
}

/**
 * Options of {@link PollwiseClient.run}: a submit and a wait in one call. The `signal` covers both.
 *
 * @example
 * const report = await api.run('/start-report', {
 *   json: { month: '2026-10' },
 *   result: z.object({ url: z.string() }),
 *   onProgress: (snap) => console.log(snap.progress),
 * })
 */
export type RunOptions<Status = unknown, Result = unknown> = StartOptions &
  WaitOptions<Status, Result>

/**
 * Options of {@link PollwiseClient.follow}.
 *
 * @example
 * const op = api.follow(savedStatusUrl, { startedAt: job.createdAt })
 */
export interface FollowOptions {
  /**
   * When the operation began (epoch milliseconds or a `Date`): `timeoutMs` counts from here.
   * @default now
   */
  startedAt?: number | Date
  /** Azure: where the result comes from, as for {@link StartOptions.finalStateVia}. */
  finalStateVia?: FinalStateVia
}
