import type { OperationState } from './snapshot.js'

/**
 * A response as a {@link Protocol} sees it: the body already read. Its `observe` gets one per
 * status answer, and `detect`, `statusUrl` and `observeAnswer` get the submit's answer.
 *
 * @example
 * const observe = ({ httpStatus, headers, body }: StatusResponse): Observation =>
 *   httpStatus === 202 || headers.get('x-job-state') === 'running'
 *     ? { state: 'pending' }
 *     : { state: 'succeeded', result: { kind: 'inline', value: body } }
 */
export interface StatusResponse {
  /** The HTTP status, after the redirects pollwise followed. */
  readonly httpStatus: number
  /** The response headers (in a browser, only those CORS exposes). */
  readonly headers: Headers
  /** The URL that answered, against which relative links resolve. */
  readonly url: string
  /** Parsed JSON, text, a Blob, or `undefined` for an empty body. */
  readonly body: unknown
  /** The start of the body as received, for error messages. */
  readonly excerpt?: string
}

/**
 * Where a succeeded operation's result is: a field of the status body (`inline`), the response
 * body itself (`body`: it is the result, not a status), behind a link to fetch, or nowhere (`none`:
 * a DELETE, a `204 No Content`).
 *
 * @example
 * const result: ResultSource = { kind: 'link', url: new URL('/files/7.csv', response.url) }
 */
export type ResultSource =
  | {
      readonly kind: 'inline'
      /** The result itself, taken from the status body. */
      readonly value: unknown
    }
  | { readonly kind: 'body' }
  | {
      readonly kind: 'link'
      /** Where to fetch the result: polled while it answers `202` (and `404`/`409` in the grace). */
      readonly url: URL
    }
  | { readonly kind: 'none' }

/**
 * Completion as the server wrote it. A plain number is a fraction from 0 to 1. `percent` counts to
 * 100; `unknown` is a bare figure whose scale the operation learns: a fraction until a value above
 * 1 is seen, then a percentage for the rest of the operation.
 *
 * @example
 * const progress: ProgressReading = { value: body.percentDone, scale: 'percent' }
 * const observation: Observation = { state: 'pending', progress }
 */
export type ProgressReading =
  | number
  | {
      /** The figure as the server wrote it. */
      readonly value: number
      /** Its scale: 0..1, 0..100, or learned from the values seen. */
      readonly scale: 'fraction' | 'percent' | 'unknown'
    }

/**
 * What one status response means, as a {@link Protocol}'s `observe` returns it.
 *
 * @example
 * const observation: Observation =
 *   body.phase === 'DONE'
 *     ? { state: 'succeeded', progress: 1, result: { kind: 'inline', value: body.output } }
 *     : { state: 'pending', progress: { value: body.percent, scale: 'percent' } }
 */
export type Observation =
  | {
      readonly state: 'pending'
      /** Completion, when the server reports it. */
      readonly progress?: ProgressReading
      /** A new status location: polling moves there (a `202` with a new `Location`, say). */
      readonly statusUrl?: URL
    }
  | {
      readonly state: 'succeeded'
      /** Completion, when the server reports it; a succeeded operation that reported any shows 1. */
      readonly progress?: ProgressReading
      /** Where the result is. */
      readonly result: ResultSource
    }
  | {
      readonly state: 'failed'
      /** The server's error detail, which `OperationFailedError.detail` carries. */
      readonly detail?: unknown
    }
  | { readonly state: 'canceled' }

/**
 * Maps a status word the built-in table does not know to a state; `undefined` leaves it unknown
 * (a `ProtocolError` for generic JSON, still running for Azure). It is asked before the table, so
 * it may also override a word the table knows. Passed as the client's `classifyStatus` option.
 *
 * @example
 * const classifyStatus: StatusClassifier = (word) =>
 *   word === 'ON_HOLD' ? 'pending' : word === 'SERVED' ? 'succeeded' : undefined
 * const api = createClient({ baseUrl: 'https://kitchen.example.com', classifyStatus })
 */
export type StatusClassifier = (word: string, body: unknown) => OperationState | undefined

/**
 * Names the result's URL in a succeeded status body when the server puts it somewhere pollwise
 * cannot guess; relative URLs resolve against the status URL. `undefined` falls back to the link
 * fields pollwise knows, then the inline result. Passed as the client's `locateResult` option.
 *
 * @example
 * const locateResult: ResultLocator = (body) => `/video/download/${(body as { id: number }).id}`
 * const api = createClient({ baseUrl: 'https://video.example.com', locateResult })
 */
export type ResultLocator = (body: unknown) => string | undefined

/**
 * Where an Azure operation's result comes from, named after the OpenAPI
 * `x-ms-long-running-operation-options` `final-state-via` value: `'azure-async-operation'` and
 * `'operation-location'` (the status monitor's own body), `'location'` (the submit's `Location`),
 * or `'original-uri'` (the URL the submit was sent to).
 *
 * @example
 * const report = await api.run('/reports', { json: {}, finalStateVia: 'location' })
 */
export type FinalStateVia = (typeof finalStateVias)[number]

export const finalStateVias = [
  'azure-async-operation',
  'location',
  'original-uri',
  'operation-location',
] as const

/**
 * The request that started the operation, and what its answer named, for conventions whose result
 * depends on it. A {@link Protocol} receives it in its {@link ProtocolContext}.
 *
 * @example
 * const cancelRequest = (statusUrl: URL, submit: SubmitInfo) =>
 *   submit.method === 'DELETE' ? undefined : { method: 'POST', url: new URL(`${statusUrl.href}/stop`) }
 */
export interface SubmitInfo {
  /** The submit's method, upper case. */
  readonly method: string
  /** The URL the submit was sent to. */
  readonly url: string
  /** The submit answer's `Location`, absolute, when it named one. */
  readonly location?: string | undefined
  /** The submit answer's `Operation-Location` or `Azure-AsyncOperation`, absolute, when it named one. */
  readonly monitor?: string | undefined
  /** Where the result comes from, when the caller said so (Azure). */
  readonly finalStateVia?: FinalStateVia | undefined
}

/**
 * What a {@link Protocol} reads besides the response: the client's reading of status bodies (its
 * convention parts on the built-in reading), its `classifyStatus` and `locateResult` options, and
 * the submit.
 *
 * @example
 * const observe = (response: StatusResponse, context: ProtocolContext): Observation => {
 *   const { state } = response.body as { state: string }
 *   const known = context.classifyStatus?.(state, response.body)
 *   if (known === 'succeeded' || state === 'ok') {
 *     const value = context.submit.method === 'DELETE' ? undefined : response.body
 *     return { state: 'succeeded', result: { kind: 'inline', value } }
 *   }
 *   return { state: 'pending' }
 * }
 */
export interface ProtocolContext {
  /** The client's `classifyStatus` option. */
  readonly classifyStatus?: StatusClassifier | undefined
  /** The client's `locateResult` option. */
  readonly locateResult?: string | ResultLocator | undefined
  /**
   * The built-in reading of status bodies with the client's convention parts on top
   * (`stateField`, `locateResult`…): a convention of one's own can read a body as pollwise does.
   */
  readonly reading?: Reading | undefined
  /** The request that started the operation, and what its answer named. */
  readonly submit: SubmitInfo
}

/**
 * A polling convention: how a submit's answer names the status resource, how a status response
 * becomes an observation, and how to ask the server to cancel. The built-in conventions are
 * objects of this shape, and a user-defined one passed as the `protocol` option works the same way.
 *
 * @example
 * const jobsApi: Protocol = {
 *   name: 'jobs-api',
 *   observe: ({ body }) => {
 *     const { phase, output } = body as { phase: string; output?: unknown }
 *     if (phase === 'DONE') return { state: 'succeeded', result: { kind: 'inline', value: output } }
 *     return phase === 'BROKEN' ? { state: 'failed' } : { state: 'pending' }
 *   },
 * }
 */
export interface Protocol {
  /** A stable name: resume tokens record it. */
  readonly name: string
  /** Error statuses that mean "not ready yet" (2xx and 3xx are always accepted). Default none. */
  readonly pendingStatuses?: readonly number[]
  /**
   * Whether `404` and `409` mean "not there yet" during the short grace at the start of a status
   * location or a result link (`notReadyGraceMs`). Default `true`.
   */
  readonly notReadyGrace?: boolean
  /**
   * Whether a submit's answer speaks this convention: automatic detection asks the client's own
   * `conventions`, in order, then each built-in.
   */
  detect?(answer: StatusResponse): boolean
  /**
   * The convention a response shows the operation speaks, when this one only detects: `auto`
   * commits to generic JSON at the first status body, and every later answer must be one too.
   */
  resolve?(response: StatusResponse, context: ProtocolContext): Protocol | undefined
  /**
   * The status URL a submit's answer names. Default: `Operation-Location`, `Azure-AsyncOperation`,
   * `Location`; on a `202` where neither they nor the body name one, a `Content-Location`.
   */
  statusUrl?(answer: StatusResponse): URL | undefined
  /**
   * What the submit's answer means. Default: a `202` (or a `201` naming a status location) is
   * pending, anything else is read by `observe`.
   */
  observeAnswer?(answer: StatusResponse, context: ProtocolContext): Observation
  /** What one status response means. Throw a `ProtocolError` for a response that breaks the convention. */
  observe(response: StatusResponse, context: ProtocolContext): Observation
  /**
   * The request that asks the server to cancel, or `undefined` where the convention offers none
   * for this operation. Several are tried in order, the next only while the server answers that it
   * has no such cancel (`404`, `405`, `501`). Default: `DELETE` on the status URL.
   */
  cancelRequest?(
    statusUrl: URL,
    submit: SubmitInfo,
  ): CancelRequest | readonly CancelRequest[] | undefined
}

/**
 * A request that asks the server to cancel an operation: see {@link Protocol.cancelRequest}.
 *
 * @example
 * const stop: CancelRequest = { method: 'POST', url: new URL('https://api.example.com/jobs/7/stop') }
 */
export interface CancelRequest {
  readonly method: string
  readonly url: URL
}

/**
 * The name of a built-in convention, for the `protocol` option: `'auto'` (the default: Google and
 * Azure detected from the submit's answer, anything else read by its body and status code),
 * `'generic'`, `'http'`, `'result'`, `'azure'` or `'google'`.
 *
 * @example
 * createClient({ protocol: 'result' }) // the Location is the result itself: 404 until it exists
 */
export type ProtocolName = 'auto' | 'generic' | 'http' | 'result' | 'azure' | 'google'

/**
 * A convention described as data: the built-in reading of status bodies with a client's
 * {@link ConventionParts} on top. Conventions of one's own can reuse it from their context.
 *
 * @example
 * const jobsApi: Protocol = {
 *   name: 'jobs-api',
 *   pendingStatuses: [425],
 *   observe: (response, context) =>
 *     context.reading?.observe(response) ?? { state: 'succeeded', result: { kind: 'body' } },
 * }
 */
export interface Reading {
  /** The status location a submit's answer names in its body (or by `statusLocation`). */
  statusLocation(answer: StatusResponse): URL | undefined
  /** Whether `statusLocation` was given: a job handle is then followed, never refused. */
  readonly locatesStatus: boolean
  /** What a status body says; `undefined` when it carries no state (it is then no status body). */
  observe(response: StatusResponse): Observation | undefined
  /** Whether a body is only a job handle: identifiers, no state, no content. */
  isJobHandle(body: unknown): boolean
  /** A status stream (SSE, NDJSON) a submit's answer or a status body names (or `streamLocation`). */
  streamLocation(response: StatusResponse): URL | undefined
}
