import { resolveLocation } from '../headers.js'
import { observeStatusBody } from './generic-json.js'
import { observeHttpStatus } from './http-driven.js'
import type { Protocol, ProtocolContext, ResultSource, StatusResponse } from './types.js'

/**
 * Azure-style long-running operations: the submit names a status monitor in `Operation-Location`
 * or `Azure-AsyncOperation`; the monitor answers `{status: NotStarted | Running | Succeeded |
 * Failed | Canceled, percentComplete, error: {code, message}, resourceLocation}`. The result is at
 * `resourceLocation`, else the original resource for PUT and PATCH, else the submit's `Location`.
 */
export const azure: Protocol = {
  name: 'azure',
  detect: ({ headers }) => headers.has('operation-location') || headers.has('azure-asyncoperation'),
  observe(response, context) {
    const observation = observeStatusBody(response, context) ?? observeHttpStatus(response)
    if (observation.state !== 'succeeded' || observation.result.kind === 'link') return observation
    return { ...observation, result: finalResource(response, context) ?? observation.result }
  },
}

function finalResource(
  response: StatusResponse,
  { submit }: ProtocolContext,
): ResultSource | undefined {
  if (submit.method === 'PUT' || submit.method === 'PATCH') {
    return { kind: 'link', url: new URL(submit.url) }
  }
  if (submit.location) return { kind: 'link', url: resolveLocation(submit.location, response.url) }
  return undefined
}
