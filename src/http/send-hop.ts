import type { ClientOptions } from '../types/options.js'
import type { SendHop } from './hop.js'
import { sendWithFetch } from './send-with-fetch.js'
import { sendWithKy } from './send-with-ky.js'

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
