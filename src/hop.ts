import type { Withheld } from './headers.js'
import { sendWithFetch } from './send-with-fetch.js'
import { sendWithKy } from './send-with-ky.js'
import type { BodyInput, ClientOptions } from './types/options.js'

/** One HTTP request as it goes out: no retry, no redirect followed, the body not read. */
export interface Hop {
  readonly method: string
  /** The request's own headers, on top of the client's. */
  readonly headers?: Headers
  readonly json?: unknown
  readonly body?: BodyInput
  readonly signal: AbortSignal
  /** `'manual'` hands every redirect back; `'follow'` lets a browser follow one it hides. */
  readonly redirect: 'manual' | 'follow'
  /** Error statuses handed back as responses instead of thrown as `HTTPError`. */
  readonly accept: readonly number[]
  /** Origins that may receive credential headers. */
  readonly trustedOrigins: ReadonlySet<string>
  /** Collects the credential headers withheld from each origin not trusted. */
  readonly withheld: Withheld
}

/** Sends one hop and resolves with its response; a status of 400 or more, not accepted, is ky's `HTTPError`. */
export type SendHop = (url: URL, hop: Hop) => Promise<Response>

/**
 * The HTTP layer: the platform's `fetch` with the client's headers, or, when the client was given
 * ky (an instance or options, for hooks or a fetch of its own), that ky. ky costs a few objects per
 * request (its options merged, a Request built and cloned, a controller), so it runs only where
 * the user asked for what it adds.
 */
export function createSendHop(
  options: ClientOptions,
  sensitiveHeaders: readonly string[],
): SendHop {
  return options.ky === undefined
    ? sendWithFetch(options.headers, sensitiveHeaders)
    : sendWithKy(options.ky, options.headers, sensitiveHeaders)
}
