import { ProtocolError } from '../errors.js'
import type { Observation, Protocol, StatusResponse } from '../types/protocol.js'
import { customMethodUrl } from '../urls.js'
import { isRecord } from './json.js'
import { readProgress } from './progress.js'

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
   * submit. Default: `{version}/{name}` on the submit's origin, where `{version}` is the submit's
   * path up to and including its first API version segment (`/v1p1beta1`, `/api/v2beta`), or
   * `/v1` when it has none.
   */
  readonly operationUrl?: (name: string, answerUrl: string) => string
}

/**
 * Google AIP-151 long-running operations: the submit answers `200` with an Operation
 * `{name, done: false, metadata}` (or just `{name}`: proto3 JSON leaves out `false`, and metadata
 * is optional); `GET {version}/{name}` is polled until `done: true`, then `response` is the result
 * and `error: {code, message, details}` a failure (code 1, CANCELLED, a cancel). `{version}` is
 * the submit's API version, `/v1` when its URL has none. Progress is read from the metadata
 * (`progressPercent` and its cousins). Cancel is `POST {operation URL}:cancel`.
 *
 * Automatic detection takes a submit's answer for an Operation when it has `done` or `metadata`,
 * or a name with an `operations/` segment; forced, any `{name}` is one. `protocol: 'google'` is
 * this convention with the default URL; call it for operations served elsewhere.
 *
 * @example
 * const api = createClient({
 *   baseUrl: 'https://reports.example.com',
 *   protocol: googleOperations({ operationUrl: (name) => `https://ops.example.com/v1beta/${name}` }),
 * })
 */
export function googleOperations(options: GoogleOperationsOptions = {}): Protocol {
  const operationUrl = options.operationUrl ?? defaultOperationUrl
  return {
    name: 'google',
    // A bare name says Operation only where no header names a status location of its own.
    detect: ({ body, headers }) =>
      isOperation(body) || (isOperationName(body) && !headers.has('location')),
    // Reached only when this convention is forced or detected: then any named body is an Operation.
    statusUrl: ({ body, url }) =>
      isNamed(body) ? new URL(operationUrl(body.name, url)) : undefined,
    observe: observeOperation,
    cancelRequest: (statusUrl) => ({ method: 'POST', url: customMethodUrl(statusUrl, 'cancel') }),
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

/**
 * The default URL of an operation: its name under the submit's path up to and including the
 * first segment that is an API version (`v1`, `v1beta1`, `v1p1beta1`, `v2alpha`), or under `/v1`
 * when the path has none, on the submit's origin.
 *
 * @example
 * defaultOperationUrl('operations/42', 'https://speech.example.com/v1p1beta1/speech:longrunningrecognize')
 * // 'https://speech.example.com/v1p1beta1/operations/42'
 */
export function defaultOperationUrl(name: string, answerUrl: string): string {
  const segments = new URL(answerUrl).pathname.split('/')
  const version = segments.findIndex((segment) => apiVersion.test(segment))
  const prefix = version === -1 ? '/v1' : segments.slice(0, version + 1).join('/')
  return new URL(`${prefix}/${name}`, answerUrl).href
}

// `\d[a-z0-9]*`, not `\d+[a-z0-9]*`: both parts take digits, and a long segment of them would be
// split every way before failing (quadratic in a redirect's path).
const apiVersion = /^v\d[a-z0-9]*$/i

/**
 * An Operation as automatic detection knows one: it names itself, and shows `done` or `metadata`.
 * proto3 JSON leaves out `done: false`, and `metadata` is optional, so a running Operation may
 * also be a bare `{name}` with an `operations/` segment (AIP-151 resource names).
 */
function isOperation(body: unknown): body is GoogleOperation {
  return isNamed(body) && (typeof body.done === 'boolean' || isRecord(body.metadata))
}

/**
 * Whether a status body is an Operation read at its own URL: it shows `done` or `metadata`, and
 * the URL's path has an `operations` collection and ends with the Operation's name (`GET
 * /v1/operations/42` answering `{"name": "42", "metadata": {…}}`). A submit that answered a bare
 * `{"name": "42"}` is followed this way once its status location is named.
 */
export function isOperationAt(response: StatusResponse): boolean {
  const { body } = response
  if (!isOperation(body)) return false
  const path = decodeURIComponent(new URL(response.url).pathname)
  return path.includes('/operations/') && path.endsWith(`/${body.name}`)
}

function isOperationName(body: unknown): boolean {
  return isNamed(body) && operationName.test(body.name)
}

const operationName = /(?:^|\/)operations\/[^/]/

function isNamed(body: unknown): body is GoogleOperation {
  return isRecord(body) && typeof body.name === 'string' && body.name !== ''
}

export const google = googleOperations()
