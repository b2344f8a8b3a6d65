import type { OperationState } from '../types/snapshot.js'

/** A status response as a protocol sees it: the body already read. */
export interface StatusResponse {
  readonly httpStatus: number
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
 */
export type ResultSource =
  | { readonly kind: 'inline'; readonly value: unknown }
  | { readonly kind: 'body' }
  | { readonly kind: 'link'; readonly url: URL }
  | { readonly kind: 'none' }

/**
 * Completion as the server wrote it. A plain number is a fraction from 0 to 1. `percent` counts to
 * 100; `unknown` is a bare figure whose scale the operation learns: a fraction until a value above
 * 1 is seen, then a percentage for the rest of the operation.
 */
export type ProgressReading =
  | number
  | { readonly value: number; readonly scale: 'fraction' | 'percent' | 'unknown' }

/** What one status response means. */
export type Observation =
  | {
      readonly state: 'pending'
      readonly progress?: ProgressReading
      /** A new status location: polling moves there (a `202` with a new `Location`, say). */
      readonly statusUrl?: URL
    }
  | {
      readonly state: 'succeeded'
      readonly progress?: ProgressReading
      readonly result: ResultSource
    }
  | { readonly state: 'failed'; readonly detail?: unknown }
  | { readonly state: 'canceled' }

/** Maps a status word the built-in table does not know to a state; `undefined` leaves it unknown. */
export type StatusClassifier = (word: string, body: unknown) => OperationState | undefined

/** Names the result of a succeeded status body when the server puts it somewhere pollwise cannot guess. */
export type ResultLocator = (body: unknown) => string | undefined

/**
 * Where an Azure operation's result comes from, named after the OpenAPI
 * `x-ms-long-running-operation-options` `final-state-via` value: the status monitor's own body
 * (`azure-async-operation`, `operation-location`), the submit's `Location`, or the URL the submit
 * was sent to (`original-uri`).
 */
export type FinalStateVia = (typeof finalStateVias)[number]

export const finalStateVias = [
  'azure-async-operation',
  'location',
  'original-uri',
  'operation-location',
] as const

/** The request that started the operation, and what its answer named, for conventions whose result depends on it. */
export interface SubmitInfo {
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

export interface ProtocolContext {
  readonly classifyStatus?: StatusClassifier | undefined
  readonly locateResult?: ResultLocator | undefined
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
  /** Whether a submit's answer speaks this convention; automatic detection asks each built-in. */
  detect?(answer: StatusResponse): boolean
  /**
   * The convention a response shows the operation speaks, when this one only detects: `auto`
   * commits to generic JSON at the first status body, and every later answer must be one too.
   */
  resolve?(response: StatusResponse): Protocol | undefined
  /** The status URL a submit's answer names. Default: `Operation-Location`, `Azure-AsyncOperation`, `Location`. */
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
   * for this operation. Default: `DELETE` on the status URL.
   */
  cancelRequest?(
    statusUrl: URL,
    submit: SubmitInfo,
  ): { readonly method: string; readonly url: URL } | undefined
}
