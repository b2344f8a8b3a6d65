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

export interface ProtocolContext {
  readonly classifyStatus?: StatusClassifier | undefined
  readonly locateResult?: ResultLocator | undefined
}

/** A polling convention: how a status response becomes an observation. */
export interface Protocol {
  readonly name: string
  /** Error statuses that mean "not ready yet" here (the loop accepts 2xx and 3xx anyway). */
  readonly pendingStatuses: readonly number[]
  observe(response: StatusResponse, context: ProtocolContext): Observation
}
