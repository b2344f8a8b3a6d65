import { observeStatusBody } from './generic-json.js'
import { observeHttpStatus } from './http-driven.js'
import type { Protocol } from './types.js'

/**
 * The default: a body with a status word is read as generic JSON; anything else by its HTTP status
 * (202 running, 303 to the result, 200 the result itself).
 */
export const autoDetect: Protocol = {
  name: 'auto',
  observe(response, context) {
    if (response.httpStatus === 303) return observeHttpStatus(response)
    return observeStatusBody(response, context) ?? observeHttpStatus(response)
  },
}
