import { ProtocolError } from '../../errors.js'
import { readLocation } from '../../locations.js'
import type { ConventionParts } from '../../types/conventions.js'
import type {
  Observation,
  ProgressReading,
  Reading,
  ResultSource,
  StatusResponse,
} from '../../types/protocol.js'
import { joinUrl, resolveLocation } from '../../urls.js'
import { isRecord } from '../json.js'
import { isFiniteNumber, readProgress } from '../progress.js'
import { findFailure, findNamedFailure } from './failure.js'
import { readField } from './field-path.js'
import { normalizeKey } from './keys.js'
import {
  findBareLink,
  findInlineResult,
  findResultLinks,
  findStatusLink,
  findStreamLink,
  isJobHandle,
} from './links.js'
import { readQuietly, readState } from './state.js'
import { expandTemplate, isUriTemplate } from './uri-template.js'

/** The built-in reading with `parts` on top; `baseUrl` is what template paths join. */
export function createReading(parts: ConventionParts = {}, baseUrl?: string): Reading {
  return {
    locatesStatus: parts.statusLocation !== undefined,
    statusLocation: (answer) => findStatusLocation(answer, parts, baseUrl),
    observe: (response) => observeBody(response, parts, baseUrl),
    isJobHandle,
    streamLocation: (response) => findStreamLocation(response, parts, baseUrl),
  }
}

/** The reading of a client that named no part. */
export const builtInReading: Reading = createReading()

function findStatusLocation(
  answer: StatusResponse,
  parts: ConventionParts,
  baseUrl: string | undefined,
): URL | undefined {
  const named = locate('statusLocation', parts.statusLocation, answer, baseUrl, findStatusLink)
  return named ?? (parts.statusLocation === undefined ? ownLocation(answer, parts) : undefined)
}

/**
 * The bare `url` or `uri` of an answer that runs, or that beside it is only a job handle
 * (`{"success": true, "id": "c-1", "url": …}`), on the answer's own origin: the resource the answer
 * describes, which holds its status. A link to another origin is an input the job echoes (the page
 * a crawl starts from), never polled.
 */
function ownLocation(answer: StatusResponse, parts: ConventionParts): URL | undefined {
  const { body } = answer
  const own = isRecord(body) && findBareLink(body)
  if (!own) return undefined
  const url = resolveLocation(own.link, answer.url)
  if (url.origin !== new URL(answer.url).origin || url.href === answer.url) return undefined
  const rest = Object.fromEntries(Object.entries(body).filter(([key]) => key !== own.key))
  const runs = readQuietly(() => readState(answer, parts))?.state === 'pending'
  return runs || isJobHandle(rest) ? url : undefined
}

/** The stream location, where one is named; a template this answer cannot fill names none. */
function findStreamLocation(
  response: StatusResponse,
  parts: ConventionParts,
  baseUrl: string | undefined,
): URL | undefined {
  if (response.httpStatus >= 300) return undefined
  return readQuietly(() =>
    locate('streamLocation', parts.streamLocation, response, baseUrl, findStreamLink),
  )
}

/** A link named by a part (a function, a template or a field path), else by `findDefault`. */
function locate(
  option: string,
  part: string | ((answer: StatusResponse) => string | undefined) | undefined,
  answer: StatusResponse,
  baseUrl: string | undefined,
  findDefault: (body: unknown) => string | undefined,
): URL | undefined {
  if (typeof part === 'function') {
    const link = part(answer)
    return link === undefined ? undefined : resolveLocation(link, answer.url)
  }
  if (part !== undefined && isUriTemplate(part)) return fillTemplate(option, part, answer, baseUrl)
  const link = part === undefined ? findDefault(answer.body) : readField(answer.body, part)
  return typeof link === 'string' ? resolveLocation(link, answer.url) : undefined
}

/** A URI template filled from a body: a path joins `baseUrl` as a request path does. */
function fillTemplate(
  option: string,
  template: string,
  response: StatusResponse,
  baseUrl: string | undefined,
): URL {
  const filled = expandTemplate(template, response.body)
  if ('missing' in filled) {
    throw new ProtocolError(
      `\`${option}\` needs \`${filled.missing}\`, which the ${response.httpStatus} answer's body does not hold`,
      response.url,
      response.excerpt,
    )
  }
  const absolute = /^[a-z][a-z\d+.-]*:\/\//i.test(filled.value)
  const joined =
    absolute || baseUrl === undefined ? filled.value : joinUrl(baseUrl, filled.value).href
  return resolveLocation(joined, response.url)
}

function observeBody(
  response: StatusResponse,
  parts: ConventionParts,
  baseUrl: string | undefined,
): Observation | undefined {
  const reading = readState(response, parts)
  if (!reading) return undefined
  const body = response.body as Record<string, unknown>
  const { state, where } = reading
  const progress = findProgress(body, where, parts)
  const withProgress = progress === undefined ? {} : { progress }
  switch (state) {
    case 'pending':
      return { state, ...withProgress }
    case 'succeeded':
      return { state, ...withProgress, result: findResult(response, where, parts, baseUrl) }
    case 'failed':
      return { state, detail: findDetail(body, where, parts) }
    case 'canceled':
      return { state }
  }
}

function findProgress(
  body: Record<string, unknown>,
  where: Record<string, unknown>,
  parts: ConventionParts,
): ProgressReading | undefined {
  const part = parts.progressField
  let reading: ProgressReading | undefined
  if (part === undefined) {
    const status = statusObject(where)
    reading = readProgress(where) ?? (status === undefined ? undefined : readProgress(status))
    reading ??= where === body ? undefined : readProgress(body)
    reading ??= isRecord(where.metadata) ? readProgress(where.metadata) : undefined
  } else {
    const value = typeof part === 'function' ? part(body) : readField(body, part)
    reading = isFiniteNumber(value) ? { value, scale: 'unknown' } : undefined
  }
  const scale = parts.progressScale
  return scale && typeof reading === 'object' && reading.scale === 'unknown'
    ? { value: reading.value, scale }
    : reading
}

/** An object in a status field, which holds the state and its figures: `{"job_status": {…}}`. */
function statusObject(record: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const key in record) {
    const value = record[key]
    if (!Object.hasOwn(record, key)) continue
    if (isRecord(value) && /(status|state|phase)$/.test(normalizeKey(key))) return value
  }
  return undefined
}

function findResult(
  response: StatusResponse,
  where: Record<string, unknown>,
  parts: ConventionParts,
  baseUrl: string | undefined,
): ResultSource {
  const body = response.body as Record<string, unknown>
  const { locateResult, resultField } = parts
  if (typeof locateResult === 'string' && isUriTemplate(locateResult)) {
    return { kind: 'link', url: fillTemplate('locateResult', locateResult, response, baseUrl) }
  }
  const named =
    typeof locateResult === 'function'
      ? locateResult(body)
      : locateResult === undefined
        ? undefined
        : readField(body, locateResult)
  if (typeof named === 'string') return { kind: 'link', url: resolveLocation(named, response.url) }
  if (resultField !== undefined) {
    const value =
      typeof resultField === 'function' ? resultField(body) : readField(body, resultField)
    if (value !== undefined) return { kind: 'inline', value }
  }
  for (const level of where === body ? [body] : [where, body]) {
    // A link back to the status location is the job itself, not what it made.
    const links = findResultLinks(level).map((link) => resolveLocation(link, response.url))
    const url = links.find((link) => link.href !== response.url)
    if (url) return { kind: 'link', url }
    const inline = findInlineResult(level)
    if (inline) return { kind: 'inline', value: inline.value }
  }
  return answerLocation(response) ?? { kind: 'inline', value: body }
}

/**
 * Where nothing in a succeeded body names the result, a `Location` on its answer does (Microsoft
 * Fabric's operation state points at `…/result`): the resource the work made. A location that is
 * the status itself, or that does not parse, names nothing.
 */
function answerLocation(response: StatusResponse): ResultSource | undefined {
  let url: URL | undefined
  try {
    url = readLocation(response.headers, response.url)
  } catch {
    return undefined
  }
  return url && url.href !== response.url ? { kind: 'link', url } : undefined
}

function findDetail(
  body: Record<string, unknown>,
  where: Record<string, unknown>,
  parts: ConventionParts,
): unknown {
  const part = parts.failureField
  if (typeof part === 'function') return part(body)
  if (part !== undefined) return readField(body, part)
  // The field that holds the envelope is the work's own account, not the failure's.
  const around = where === body ? body : omitValue(body, where)
  const status = statusObject(where)
  for (const level of status === undefined ? [where, around] : [where, around, status]) {
    const detail = findFailure(level)
    if (detail !== undefined) return detail
  }
  // Another object's message is its own (a commit's, a creator's): only its error is the failure's.
  for (const level of Object.values(where)) {
    const detail = isRecord(level) && level !== status ? findNamedFailure(level) : undefined
    // A number there counts failures (`error_steps: 1`): no account of one.
    if (detail !== undefined && typeof detail !== 'number') return detail
  }
  return undefined
}

/** A record without the fields that hold `value`. */
function omitValue(record: Record<string, unknown>, value: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, field]) => field !== value))
}
