import { ProtocolError } from '../errors.js'
import type { Protocol, StatusResponse } from '../types/protocol.js'
import { genericJson, hasStatus } from './generic-json.js'
import { google, isOperationAt } from './google.js'
import { observeHttpStatus } from './http-driven.js'

/**
 * The default: read by the HTTP status (202 running, 303 to the result, 200 the result itself)
 * until a body with a state the reading can see shows the operation speaks generic JSON, or an
 * Operation read at its own `…/operations/` URL shows it speaks Google's; from then on every
 * answer must be a status body of that convention. An HTML page is never taken for a status or a
 * result, nor is an HTTP message that embeds the answer of the work (an OData status monitor's).
 */
export const autoDetect: Protocol = {
  name: 'auto',
  resolve: (response, context) =>
    hasStatus(response, context) ? genericJson : isOperationAt(response) ? google : undefined,
  observe(response) {
    const kind = refusedKind(response)
    if (kind !== undefined) {
      throw new ProtocolError(
        `An ${kind} answered (${response.httpStatus}) where a status or a result was expected; pass \`protocol: 'http'\` if the result is that ${kind}`,
        response.url,
        response.excerpt,
      )
    }
    return observeHttpStatus(response)
  },
}

/**
 * What a 2xx answer other than a 202 is when it is never a status or a result under `auto`: an
 * HTML page, or an HTTP message. An OData status monitor embeds the finished request's
 * own answer in one (OData Part 1 §11.6), an error as well as a result.
 */
function refusedKind({
  httpStatus,
  headers,
}: StatusResponse): 'HTML page' | 'HTTP message' | undefined {
  if (httpStatus < 200 || httpStatus > 299 || httpStatus === 202) return undefined
  const type = headers.get('content-type')?.toLowerCase() ?? ''
  if (type.startsWith('text/html')) return 'HTML page'
  return /^(application|message)\/http\b/.test(type) ? 'HTTP message' : undefined
}
