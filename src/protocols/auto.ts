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
 * result.
 */
export const autoDetect: Protocol = {
  name: 'auto',
  resolve: (response, context) =>
    hasStatus(response, context) ? genericJson : isOperationAt(response) ? google : undefined,
  observe(response) {
    if (isHtmlPage(response)) {
      throw new ProtocolError(
        `An HTML page answered (${response.httpStatus}) where a status or a result was expected; pass \`protocol: 'http'\` if the result is HTML`,
        response.url,
        response.excerpt,
      )
    }
    return observeHttpStatus(response)
  },
}

function isHtmlPage({ httpStatus, headers }: StatusResponse): boolean {
  const type = headers.get('content-type')?.toLowerCase() ?? ''
  return httpStatus >= 200 && httpStatus < 300 && httpStatus !== 202 && type.startsWith('text/html')
}
