import { ProtocolError } from '../errors.js'
import { readLocation, resolveLocation } from '../headers.js'
import { observeHttpStatus } from './http-driven.js'
import { isRecord } from './json.js'
import { readProgress } from './progress.js'
import { classifyStatusWord } from './status-words.js'
import type {
  Observation,
  Protocol,
  ProtocolContext,
  ResultSource,
  StatusResponse,
} from './types.js'

const statusFields = ['status', 'state']
const linkFields = [
  'result_url',
  'resultUrl',
  'download_link',
  'downloadUrl',
  'download_url',
  'href',
  'resourceLocation',
  'result_location',
  'resultLocation',
]
const inlineFields = ['result', 'response', 'output', 'data']
const errorFields = ['error', 'errors', 'message', 'reason', 'detail']

/** The status field a body carries (`status`, else `state`), present whatever its value. */
function statusField(body: unknown): string | undefined {
  return isRecord(body) ? statusFields.find((field) => body[field] !== undefined) : undefined
}

/** Whether a body is a status body: it has a status field. */
export function hasStatusField(body: unknown): boolean {
  return statusField(body) !== undefined
}

/**
 * Reads a JSON status body `{status: word, progress?, result link or inline result?}`.
 * `undefined` when the body carries no status field: it is then not a status body at all. A status
 * field that is not a string (`null`, a number, an object) is a `ProtocolError`.
 */
export function observeStatusBody(
  response: StatusResponse,
  context: ProtocolContext,
): Observation | undefined {
  const { body, url } = response
  const field = statusField(body)
  if (!isRecord(body) || field === undefined) return undefined
  const word = body[field]
  if (typeof word !== 'string') {
    throw new ProtocolError(
      `Status field \`${field}\` is ${JSON.stringify(word)}, not a status word`,
      url,
      response.excerpt,
    )
  }
  const state = context.classifyStatus?.(word, body) ?? classifyStatusWord(word)
  if (!state) {
    throw new ProtocolError(
      `Unknown status word "${word}"; pass \`classifyStatus\` to map it to a state`,
      url,
    )
  }
  const progress = readProgress(body)
  const withProgress = progress === undefined ? {} : { progress }
  switch (state) {
    case 'pending':
      return { state, ...withProgress }
    case 'succeeded':
      return { state, ...withProgress, result: locateResult(body, url, context) }
    case 'failed':
      return { state, detail: firstField(body, errorFields) }
    case 'canceled':
      return { state }
  }
}

function locateResult(
  body: Record<string, unknown>,
  url: string,
  context: ProtocolContext,
): ResultSource {
  const link = context.locateResult?.(body) ?? firstField(body, linkFields)
  if (typeof link === 'string') return { kind: 'link', url: resolveLocation(link, url) }
  const inline = inlineFields.find((field) => body[field] !== undefined)
  return { kind: 'inline', value: inline === undefined ? body : body[inline] }
}

function firstField(body: Record<string, unknown>, fields: readonly string[]): unknown {
  const field = fields.find((name) => body[name] !== undefined && body[name] !== null)
  return field === undefined ? undefined : body[field]
}

/**
 * Generic JSON: every status response carries a status word (a `303 See Other` to the result
 * aside). An HTML page, an empty body or a body without the field is a `ProtocolError`.
 */
export const genericJson: Protocol = {
  name: 'generic',
  observe(response, context) {
    if (response.httpStatus === 303) return observeHttpStatus(response)
    const observation = observeStatusBody(response, context)
    if (!observation) {
      throw new ProtocolError(
        `The ${response.httpStatus} answer is not a status body: it has no \`status\` field`,
        response.url,
        response.excerpt,
      )
    }
    // A 202 that names a new Location moves polling there, as it does under the HTTP convention.
    const moved =
      response.httpStatus === 202 ? readLocation(response.headers, response.url) : undefined
    return moved && observation.state === 'pending'
      ? { ...observation, statusUrl: moved }
      : observation
  },
}
