import type { BodyInput } from '../types/options.js'
import type { Withheld } from './credentials.js'

/** One HTTP request as it goes out: no retry, no redirect followed, the body not read. */
export interface Hop {
  readonly method: string
  /** The request's own headers, on top of the client's. */
  readonly headers?: Headers | undefined
  readonly json?: unknown
  readonly body?: BodyInput | undefined
  readonly signal: AbortSignal
  /** `'manual'` hands every redirect back; `'follow'` lets a browser follow one it hides. */
  readonly redirect: 'manual' | 'follow'
  /** Error statuses handed back as responses instead of thrown as `HTTPError`. */
  readonly accept: readonly number[]
  /** Origins that may receive credential headers. */
  readonly trustedOrigins: ReadonlySet<string>
  /** Collects the credential headers withheld from each origin not trusted. */
  readonly withheld: Withheld
  /**
   * Follow a `303 See Other` as the Fetch standard does (a GET without the body), where pollwise
   * gives it no meaning of its own: a cancel's answer. Off for a submit and a status read, whose
   * 303 names the result.
   */
  readonly followSeeOther?: boolean
}

/** Sends one hop and resolves with its response; a status of 400 or more, not accepted, is ky's `HTTPError`. */
export type SendHop = (url: URL, hop: Hop) => Promise<Response>

/** Whether `status` is a refusal the hop throws as `HTTPError`: 400 or more, and not accepted. */
export function isRefused(hop: Hop, status: number): boolean {
  return status >= 400 && !hop.accept.includes(status)
}
