import { ProtocolError } from '../../errors.js'
import { joinUrl, resolveLocation } from '../../headers.js'
import { isRecord } from '../json.js'
import { isFiniteNumber, readProgress } from '../progress.js'
import type {
  Observation,
  ProgressReading,
  ResultLocator,
  ResultSource,
  StatusClassifier,
  StatusResponse,
} from '../types.js'
import { findFailure } from './failure.js'
import { readField } from './field-path.js'
import { findInlineResult, findResultLinks, findStatusLink, isJobHandle } from './links.js'
import { readState, type StatePart } from './state.js'
import { expandTemplate, isUriTemplate } from './uri-template.js'

/**
 * The parts of an API's convention a client can name, each as a field path (`'status.state'`), a
 * URI template (`'/v1/jobs/{id}'`, where a part is a URL) or a function. A part left out keeps the
 * built-in reading, and every part keeps its strictness: a running, failed or unreadable body
 * never resolves.
 *
 * @example
 * const api = createClient({
 *   baseUrl: 'https://api.example.com/v1',
 *   statusLocation: '/jobs/{id}',      // the submit answered {"id": "j-1"}
 *   stateField: 'runtimeStatus',       // {"runtimeStatus": "Running"}
 *   locateResult: 'output.file_url',   // where the finished job's file is
 * })
 */
export interface ConventionParts {
  /**
   * Where the status location is when no header names it: a field of the submit's answer
   * (`'links.status'`), a URI template filled from that answer (`'/v1/jobs/{id}'`, paths joined to
   * `baseUrl`; `{+name}` keeps slashes), or a function of the answer. A submit answered with a job
   * handle (`{"id": …}`) is then followed there. Default: the headers, then a field of the body
   * named for a status link (`statusUrl`, `status_url`, `…StatusUri`, `links.status`, `self`,
   * `urls.get`).
   */
  statusLocation?: string | ((answer: StatusResponse) => string | undefined)
  /**
   * Where a status body holds its state: a field path whose value is a word (classified by
   * `classifyStatus` and the built-in table) or a boolean named for what `true` means (`done`,
   * `is_running`), or a function of the body. Default: `status`, `state`, any `…Status`, `…State`
   * or `…Phase` field, boolean flags, and the same one level down.
   */
  stateField?: StatePart
  /** Maps status words the built-in table does not know (`'ON_HOLD'`…) to a state. */
  classifyStatus?: StatusClassifier
  /** Where a status body holds its progress: a field path or a function returning a number. */
  progressField?: string | ((body: unknown) => number | undefined)
  /**
   * The scale of progress figures whose field does not say (a bare `progress`): `'percent'` when
   * `progress: 1` means 1 %. Default: learned from the figures (see the conventions guide).
   */
  progressScale?: 'fraction' | 'percent'
  /**
   * Where a finished job's result is fetched from: a field path of the status body holding a link
   * (`'output.file_url'`), a URI template filled from the status body (`'/jobs/{id}/output'`), or a
   * function returning the URL. Relative links resolve against the status URL.
   */
  locateResult?: string | ResultLocator
  /** Where a finished status body holds the result itself: a field path or a function. */
  resultField?: string | ((body: unknown) => unknown)
  /** Where a failed status body holds what went wrong: a field path or a function. */
  failureField?: string | ((body: unknown) => unknown)
}

/**
 * A convention described as data: the built-in reading of status bodies with a client's
 * {@link ConventionParts} on top. Conventions of one's own can reuse it from their context.
 *
 * @example
 * const jobsApi: Protocol = {
 *   name: 'jobs-api',
 *   pendingStatuses: [425],
 *   observe: (response, context) =>
 *     context.reading?.observe(response) ?? { state: 'succeeded', result: { kind: 'body' } },
 * }
 */
export interface Reading {
  /** The status location a submit's answer names in its body (or by `statusLocation`). */
  statusLocation(answer: StatusResponse): URL | undefined
  /** Whether `statusLocation` was given: a job handle is then followed, never refused. */
  readonly locatesStatus: boolean
  /** What a status body says; `undefined` when it carries no state (it is then no status body). */
  observe(response: StatusResponse): Observation | undefined
  /** Whether a body is only a job handle: identifiers, no state, no content. */
  isJobHandle(body: unknown): boolean
}

/** The built-in reading with `parts` on top; `baseUrl` is what template paths join. */
export function createReading(parts: ConventionParts = {}, baseUrl?: string): Reading {
  return {
    locatesStatus: parts.statusLocation !== undefined,
    statusLocation: (answer) => findStatusLocation(answer, parts, baseUrl),
    observe: (response) => observeBody(response, parts, baseUrl),
    isJobHandle,
  }
}

/** The reading of a client that named no part. */
export const builtInReading: Reading = createReading()

function findStatusLocation(
  answer: StatusResponse,
  parts: ConventionParts,
  baseUrl: string | undefined,
): URL | undefined {
  const part = parts.statusLocation
  if (typeof part === 'function') {
    const link = part(answer)
    return link === undefined ? undefined : resolveLocation(link, answer.url)
  }
  if (part !== undefined && isUriTemplate(part)) {
    return fillTemplate('statusLocation', part, answer, baseUrl)
  }
  if (part === undefined) {
    const link = findStatusLink(answer.body)
    return link === undefined ? undefined : resolveLocation(link, answer.url)
  }
  const link = readField(answer.body, part)
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
    reading = readProgress(where) ?? (where === body ? undefined : readProgress(body))
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
  return { kind: 'inline', value: body }
}

function findDetail(
  body: Record<string, unknown>,
  where: Record<string, unknown>,
  parts: ConventionParts,
): unknown {
  const part = parts.failureField
  if (typeof part === 'function') return part(body)
  if (part !== undefined) return readField(body, part)
  const nested = Object.values(where).filter(isRecord)
  for (const level of [where, body, ...nested]) {
    const detail = findFailure(level)
    if (detail !== undefined) return detail
  }
  return undefined
}
