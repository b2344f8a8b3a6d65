import { ProtocolError } from '../errors.js'
import { readLocation } from '../locations.js'
import type { Observation, Protocol, StatusResponse } from '../types/protocol.js'

/**
 * The meaning the status code alone carries: 202 (or an error status the protocol accepted, such
 * as 404 before the result exists) still running, a `Location` on a 202 moving polling there; 303
 * to the result; 204 done without a result; an empty 201 done with the result at its `Location`;
 * 206 (a part, which nothing asked for) a `ProtocolError`; any other 2xx the result itself.
 */
export function observeHttpStatus(response: StatusResponse): Observation {
  const { httpStatus, headers, url } = response
  if (httpStatus === 303) {
    const location = readLocation(headers, url)
    if (!location) throw new ProtocolError('303 See Other without a Location', url)
    return { state: 'succeeded', result: { kind: 'link', url: location } }
  }
  if (httpStatus === 202) {
    const location = readLocation(headers, url)
    return location ? { state: 'pending', statusUrl: location } : { state: 'pending' }
  }
  if (httpStatus >= 400) return { state: 'pending' }
  if (httpStatus === 204) return { state: 'succeeded', result: { kind: 'none' } }
  refusePartial(response)
  // An empty 201: its Location names what the work created (RFC 9110 §15.3.2).
  const created = httpStatus === 201 && response.body === undefined && readLocation(headers, url)
  if (created && created.href !== url) {
    return { state: 'succeeded', result: { kind: 'link', url: created } }
  }
  return { state: 'succeeded', result: { kind: 'body' } }
}

/**
 * Refuses a `206 Partial Content` with a `ProtocolError`: pollwise asks for no range (RFC 9110
 * §14.2), and a part of a body is never a status or the result, whatever a convention reads in it.
 */
export function refusePartial({
  httpStatus,
  url,
}: Pick<StatusResponse, 'httpStatus' | 'url'>): void {
  if (httpStatus === 206) {
    throw new ProtocolError('206 Partial Content answered a request for the whole', url)
  }
}

/** HTTP-driven: `202` while running, then `303 See Other` to the result or `200` with it. */
export const httpDriven: Protocol = {
  name: 'http',
  observe: observeHttpStatus,
}

/** Result polling: the status location is the result itself, `404`/`409`/`202` until it exists. */
export const resultPolling: Protocol = {
  name: 'result',
  pendingStatuses: [404, 409],
  observe: observeHttpStatus,
}
