import { ProtocolError } from '../errors.js'
import { monitorHeaders, readLocation, readLocationHeaders } from '../locations.js'
import type {
  Observation,
  Protocol,
  ProtocolContext,
  ResultSource,
  StatusResponse,
  SubmitInfo,
} from '../types/protocol.js'
import { customMethodUrl, resolveLocation } from '../urls.js'
import { observeHttpStatus } from './http-driven.js'
import { isRecord } from './json.js'
import { readProgress } from './progress.js'
import { findFailureWithin } from './reading/failure.js'
import { failureOrCancel } from './reading/status-words.js'

/**
 * Azure long-running operations (the Azure REST API guidelines and ARM's asynchronous operations),
 * polled one of three ways, fixed by the submit's answer:
 * - `monitor`: `Operation-Location` or `Azure-AsyncOperation` names a status monitor
 *   `{status, percentComplete, error, resourceLocation, result}`;
 * - `location`: `Location` alone: `202` while running (a new `Location` moves polling), then
 *   `200`, `201` or `204`;
 * - `resource`: a PUT or PATCH whose body's `provisioningState` is not terminal: the resource
 *   itself is polled until it is.
 * Location polling ends with the body of its last answer, whatever the method (none for a `204`),
 * as @azure/core-lro's "ResourceLocation" mode does; `finalStateVia: 'original-uri'` GETs the
 * original URL instead. A monitor's result comes from `finalStateVia` when given (a PUT or PATCH
 * always GETs a resource), else from Azure's defaults: PUT and PATCH the original URL, POST the
 * submit's `Location`, else the monitor's `resourceLocation`, else the monitor's own body; DELETE
 * has none.
 */
export const azure: Protocol = {
  name: 'azure',
  notReadyGrace: false,
  detect: ({ headers, body }) =>
    monitorHeaders.some((name) => headers.has(name)) || hasProvisioningState(body),
  observeAnswer(answer, { submit }) {
    const state = provisioningState(answer)
    if (state !== undefined && azureState(state) !== 'pending') {
      return observeResource(answer, submit)
    }
    if (submit.monitor) return { state: 'pending', statusUrl: new URL(submit.monitor) }
    if (submit.location && (answer.httpStatus === 201 || answer.httpStatus === 202)) {
      return { state: 'pending', statusUrl: new URL(submit.location) }
    }
    if (state !== undefined && isPutOrPatch(submit)) {
      return { state: 'pending', statusUrl: new URL(submit.url) }
    }
    if (answer.httpStatus === 202) return { state: 'pending' }
    return { state: 'succeeded', result: finalBody(answer, submit) }
  },
  // Only a status monitor can be asked to stop: the resource and its Location are the work itself.
  // The guidelines' cancel is an action on the monitor; older services cancel with a DELETE of it.
  cancelRequest: (statusUrl, submit) =>
    submit.monitor
      ? [
          { method: 'POST', url: customMethodUrl(statusUrl, 'cancel') },
          { method: 'DELETE', url: statusUrl },
        ]
      : undefined,
  observe(response, context) {
    const { submit } = context
    if (submit.monitor) return observeMonitor(response, context)
    if (submit.location && !isPolledResource(response, submit)) {
      return observeLocation(response, submit)
    }
    return observeResource(response, submit)
  },
}

/** A status monitor's answer: `{status}`; any word but the terminal ones means still running. */
function observeMonitor(response: StatusResponse, context: ProtocolContext): Observation {
  const { body, url, httpStatus } = response
  const moved = monitorHeader(response)
  if (!isRecord(body) || body.status === undefined) {
    if (httpStatus === 202) return { state: 'pending', ...moved }
    throw new ProtocolError(
      `The status monitor's ${httpStatus} answer has no \`status\``,
      url,
      response.excerpt,
    )
  }
  const word = stringField(response, 'status', body.status)
  const progress = readProgress(body)
  const withProgress = progress === undefined ? {} : { progress }
  switch (context.classifyStatus?.(word, body) ?? azureState(word)) {
    case 'succeeded':
      return {
        state: 'succeeded',
        ...withProgress,
        result: monitorResult(response, body, context.submit),
      }
    case 'failed':
      return { state: 'failed', detail: body.error ?? findFailureWithin(body) }
    case 'canceled':
      return { state: 'canceled' }
    default:
      return { state: 'pending', ...withProgress, ...moved }
  }
}

/** Location polling: `202` while running, a new `Location` moving it; `200`, `201` or `204` ends it. */
function observeLocation(response: StatusResponse, submit: SubmitInfo): Observation {
  if (response.httpStatus === 303) return observeHttpStatus(response)
  if (response.httpStatus === 202) {
    const location = readLocation(response.headers, response.url)
    return location ? { state: 'pending', statusUrl: location } : { state: 'pending' }
  }
  return { state: 'succeeded', result: locationResult(response, submit) }
}

/**
 * The result where Location polling ended: the final answer is the result for every method (a
 * DELETE's `200` body too), none for a `204`. Only `finalStateVia: 'original-uri'` sends a final
 * GET, to the original URL, and never after a DELETE.
 */
function locationResult(response: StatusResponse, submit: SubmitInfo): ResultSource {
  if (
    submit.finalStateVia === 'original-uri' &&
    submit.method !== 'DELETE' &&
    new URL(submit.url).href !== response.url
  ) {
    return { kind: 'link', url: new URL(submit.url) }
  }
  return response.httpStatus === 204 ? { kind: 'none' } : { kind: 'body' }
}

/**
 * The resource itself: its `provisioningState` (top level, or under `properties`) says where it
 * stands. A resource is polled only because it reported one, so an answer without it breaks the
 * convention; a `202` without it is still running.
 */
function observeResource(response: StatusResponse, submit: SubmitInfo): Observation {
  const { body, url, httpStatus } = response
  const state = provisioningState(response)
  if (state === undefined) {
    if (httpStatus === 202) return { state: 'pending' }
    throw new ProtocolError(
      `The resource's ${httpStatus} answer has no \`provisioningState\``,
      url,
      response.excerpt,
    )
  }
  const record = body as Record<string, unknown>
  switch (azureState(state)) {
    case 'succeeded': {
      // The resource is its own status: snapshots show it, and it is the result unless it lives elsewhere.
      const result = finalBody(response, submit)
      return {
        state: 'succeeded',
        result: result.kind === 'body' ? { kind: 'inline', value: body } : result,
      }
    }
    case 'failed':
      return {
        state: 'failed',
        detail: record.error ?? findFailureWithin(record),
      }
    case 'canceled':
      return { state: 'canceled' }
    default:
      return { state: 'pending' }
  }
}

/** The result of a succeeded monitor: `finalStateVia` when given, else Azure's defaults by method. */
function monitorResult(
  response: StatusResponse,
  body: Record<string, unknown>,
  submit: SubmitInfo,
): ResultSource {
  if (submit.method === 'DELETE') return { kind: 'none' }
  const original: ResultSource = { kind: 'link', url: new URL(submit.url) }
  switch (submit.finalStateVia) {
    case 'azure-async-operation':
    case 'operation-location':
      // A monitor holds no resource: a PUT or PATCH still GETs the one it made.
      return isPutOrPatch(submit) ? original : monitorBody(body)
    case 'original-uri':
      return original
    case 'location':
      if (!submit.location) {
        throw new ProtocolError(
          "`finalStateVia: 'location'`, but the submit's answer named no Location",
          response.url,
        )
      }
      return { kind: 'link', url: new URL(submit.location) }
    case undefined:
      if (isPutOrPatch(submit)) return original
      if (submit.location) return { kind: 'link', url: new URL(submit.location) }
      if (typeof body.resourceLocation === 'string') {
        return { kind: 'link', url: resolveLocation(body.resourceLocation, response.url) }
      }
      return monitorBody(body)
  }
}

/** The monitor's own body as the result: its `result` field when it has one (the Azure guidelines' shape). */
function monitorBody(body: Record<string, unknown>): ResultSource {
  return { kind: 'inline', value: body.result === undefined ? body : body.result }
}

/**
 * The result where the answer that ended polling is the submit's own or the resource's: none for a
 * DELETE or a 204; the original URL for a PUT or PATCH answered from elsewhere (a redirect); else
 * this body.
 */
function finalBody(response: StatusResponse, submit: SubmitInfo): ResultSource {
  if (submit.method === 'DELETE' || response.httpStatus === 204) return { kind: 'none' }
  const original =
    submit.finalStateVia === 'original-uri' ||
    (submit.finalStateVia === undefined && isPutOrPatch(submit))
  if (original && new URL(submit.url).href !== response.url) {
    return { kind: 'link', url: new URL(submit.url) }
  }
  return { kind: 'body' }
}

/**
 * Azure's terminal words are Succeeded, Failed and Canceled; a word that holds `succeeded`
 * (`PartiallySucceeded`) ends in success, as @azure/core-lro reads it; any other word is still
 * running, except one that ends in a failure or a cancel (`ValidationFailed`, `UserCanceled`):
 * read as running, it would hang the wait until its deadline.
 */
function azureState(word: string): 'succeeded' | 'failed' | 'canceled' | 'pending' {
  const lower = word.toLowerCase()
  if (lower === 'cancelled') return 'canceled'
  if (lower === 'failed' || lower === 'canceled') return lower
  if (lower.includes('succeeded')) return 'succeeded'
  return failureOrCancel(word) ?? 'pending'
}

function hasProvisioningState(body: unknown): boolean {
  if (!isRecord(body)) return false
  const properties = isRecord(body.properties) ? body.properties : {}
  return body.provisioningState !== undefined || properties.provisioningState !== undefined
}

/** A resource's `provisioningState`: under `properties` (ARM) or at the top level. */
function provisioningState(response: StatusResponse): string | undefined {
  const { body } = response
  if (!isRecord(body)) return undefined
  const properties = isRecord(body.properties) ? body.properties : undefined
  if (properties?.provisioningState !== undefined) {
    return stringField(response, 'properties.provisioningState', properties.provisioningState)
  }
  if (body.provisioningState === undefined) return undefined
  return stringField(response, 'provisioningState', body.provisioningState)
}

function stringField(response: StatusResponse, name: string, value: unknown): string {
  if (typeof value === 'string') return value
  throw new ProtocolError(
    `Status field \`${name}\` is ${JSON.stringify(value)}, not a status word`,
    response.url,
    response.excerpt,
  )
}

/** A monitor that names a new monitor moves polling there. */
function monitorHeader(response: StatusResponse): { statusUrl?: URL } {
  const monitor = readLocationHeaders(response.headers, monitorHeaders, response.url)
  return monitor ? { statusUrl: monitor } : {}
}

/**
 * Whether this answer is the resource itself, polled because a PUT or PATCH answered 200 with a
 * `provisioningState` still running (a `Location` on that answer is not where it is polled).
 */
function isPolledResource(response: StatusResponse, submit: SubmitInfo): boolean {
  return (
    isPutOrPatch(submit) &&
    response.url === new URL(submit.url).href &&
    provisioningState(response) !== undefined
  )
}

function isPutOrPatch(submit: SubmitInfo): boolean {
  return submit.method === 'PUT' || submit.method === 'PATCH'
}
