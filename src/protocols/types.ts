import type { OperationState } from '../types/snapshot.js'

/** A status response as a protocol sees it: the body already read. */
export interface StatusResponse {
  readonly httpStatus: number
  readonly headers: Headers
  /** The URL that answered, against which relative links resolve. */
  readonly url: string
  /** Parsed JSON, text, a Blob, or `undefined` for an empty body. */
  readonly body: unknown
}

/**
 * Where a succeeded operation's result is: a field of the status body (`inline`), the response
 * body itself (`body`: it is the result, not a status), or behind a link to fetch.
 */
export type ResultSource =
  | { readonly kind: 'inline'; readonly value: unknown }
  | { readonly kind: 'body' }
  | { readonly kind: 'link'; readonly url: URL }

/** What one status response means. */
export type Observation =
  | { readonly state: 'pending'; readonly progress?: number }
  | { readonly state: 'succeeded'; readonly progress?: number; readonly result: ResultSource }
  | { readonly state: 'failed'; readonly detail?: unknown }
  | { readonly state: 'canceled' }

/** Maps a status word the built-in table does not know to a state; `undefined` leaves it unknown. */
export type StatusClassifier = (word: string, body: unknown) => OperationState | undefined

/** Names the result of a succeeded status body when the server puts it somewhere pollwise cannot guess. */
export type ResultLocator = (body: unknown) => string | undefined

/** The request that started the operation, for conventions whose result depends on it. */
export interface SubmitInfo {
  readonly method: string
  /** The URL the submit was sent to. */
  readonly url: string
  /** The plain `Location` of the submit's answer, when it named one. */
  readonly location?: string | undefined
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
  /** Whether a submit's answer speaks this convention; automatic detection asks each built-in. */
  detect?(answer: StatusResponse): boolean
  /** The status URL a submit's answer names. Default: `Operation-Location`, `Azure-AsyncOperation`, `Location`. */
  statusUrl?(answer: StatusResponse): URL | undefined
  /** What one status response means. Throw a `ProtocolError` for a response that breaks the convention. */
  observe(response: StatusResponse, context: ProtocolContext): Observation
  /** The request that asks the server to cancel. Default: `DELETE` on the status URL. */
  cancelRequest?(statusUrl: URL): { readonly method: string; readonly url: URL }
}
