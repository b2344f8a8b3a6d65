import { ProtocolError } from '../errors.js'
import { isRecord } from './json.js'
import { readProgress } from './progress.js'
import type { Observation, Protocol, StatusResponse } from './types.js'

/** A google.rpc.Status code: 1 is CANCELLED. */
const cancelledCode = 1

interface GoogleOperation {
  readonly name: string
  readonly done?: boolean
  readonly metadata?: unknown
  readonly response?: unknown
  readonly error?: { readonly code?: number; readonly message?: string; readonly details?: unknown }
}

/**
 * Options of {@link googleOperations}.
 *
 * @example
 * const options: GoogleOperationsOptions = {
 *   operationUrl: (name, answerUrl) => new URL(`/v1beta/${name}`, answerUrl).href,
 * }
 */
export interface GoogleOperationsOptions {
  /**
   * The URL of an operation from its name (`operations/op-1`) and the URL that answered the
   * submit. Default: `/v1/{name}` on the submit's origin.
   */
  readonly operationUrl?: (name: string, answerUrl: string) => string
}

/**
 * Google AIP-151 long-running operations: the submit answers `200` with an Operation
 * `{name, done: false, metadata}`; `GET /v1/{name}` is polled until `done: true`, then `response`
 * is the result and `error: {code, message, details}` a failure (code 1, CANCELLED, a cancel).
 * Progress is read from the metadata (`progressPercent` and its cousins). Cancel is
 * `POST /v1/{name}:cancel`.
 *
 * `protocol: 'google'` is this convention with the default URL; call it for operations served
 * elsewhere.
 *
 * @example
 * const api = createClient({
 *   baseUrl: 'https://reports.example.com',
 *   protocol: googleOperations({ operationUrl: (name) => `https://ops.example.com/v1beta/${name}` }),
 * })
 */
export function googleOperations(options: GoogleOperationsOptions = {}): Protocol {
  const operationUrl =
    options.operationUrl ?? ((name, answerUrl) => new URL(`/v1/${name}`, answerUrl).href)
  return {
    name: 'google',
    detect: ({ body }) => isOperation(body),
    statusUrl: ({ body, url }) =>
      isOperation(body) ? new URL(operationUrl(body.name, url)) : undefined,
    observe: observeOperation,
    cancelRequest: (statusUrl) => ({ method: 'POST', url: new URL(`${statusUrl.href}:cancel`) }),
  }
}

function observeOperation(response: StatusResponse): Observation {
  const { body, url } = response
  if (!isRecord(body) || typeof body.name !== 'string') {
    throw new ProtocolError('Status body is not an Operation with a `name`', url, response.excerpt)
  }
  if (body.done !== undefined && typeof body.done !== 'boolean') {
    throw new ProtocolError(
      `Operation field \`done\` is ${JSON.stringify(body.done)}, not a boolean`,
      url,
      response.excerpt,
    )
  }
  const operation = body as unknown as GoogleOperation
  const progress = isRecord(operation.metadata) ? readProgress(operation.metadata) : undefined
  const withProgress = progress === undefined ? {} : { progress }
  if (!operation.done) return { state: 'pending', ...withProgress }
  if (operation.error) {
    if (operation.error.code === cancelledCode) return { state: 'canceled' }
    return { state: 'failed', detail: operation.error }
  }
  return {
    state: 'succeeded',
    ...withProgress,
    result: { kind: 'inline', value: operation.response },
  }
}

/** An Operation names itself; proto3 JSON may leave out `done: false`, so `metadata` counts too. */
function isOperation(body: unknown): body is GoogleOperation {
  return (
    isRecord(body) &&
    typeof body.name === 'string' &&
    (typeof body.done === 'boolean' || isRecord(body.metadata))
  )
}

export const google = googleOperations()
