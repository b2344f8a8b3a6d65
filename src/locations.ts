import { ProtocolError } from './errors.js'
import { resolveLocation } from './urls.js'

/**
 * Header names that carry a status location, best first: the Azure headers name the status monitor
 * even where `Location` names the final resource.
 */
const statusLocationHeaders = ['operation-location', 'azure-asyncoperation', 'location'] as const

/** The headers that name an Azure status monitor, best first. */
export const monitorHeaders = ['operation-location', 'azure-asyncoperation'] as const

/** The status location a response names, if any. An empty header counts as absent. */
export function readStatusLocation(headers: Headers, responseUrl: string): URL | undefined {
  return readLocationHeaders(headers, statusLocationHeaders, responseUrl)
}

/**
 * The status location of a submit's answer: the headers that name one, else, on a `202 Accepted`
 * alone, its `Content-Location`. A 202's content describes the request's status (RFC 9110
 * §15.3.3), and a `Content-Location` other than the request's URL says that content is the
 * representation of the resource it names (§8.7): the status monitor.
 */
export function readSubmitLocation(
  httpStatus: number,
  headers: Headers,
  responseUrl: string,
): URL | undefined {
  const named = readStatusLocation(headers, responseUrl)
  if (named || httpStatus !== 202) return named
  const content = readLocationHeader(headers, 'content-location', responseUrl)
  return content?.href === new URL(responseUrl).href ? undefined : content
}

/** The result location of a `303 See Other` or a `201 Created`. An empty header counts as absent. */
export function readLocation(headers: Headers, responseUrl: string): URL | undefined {
  return readLocationHeader(headers, 'location', responseUrl)
}

/** The location in the first of `names` that a response sets; an empty header counts as absent. */
export function readLocationHeaders(
  headers: Headers,
  names: readonly string[],
  responseUrl: string,
): URL | undefined {
  for (const name of names) {
    const location = readLocationHeader(headers, name, responseUrl)
    if (location) return location
  }
  return undefined
}

function readLocationHeader(headers: Headers, name: string, responseUrl: string): URL | undefined {
  const value = headers.get(name)
  if (value === null || value.trim() === '') return undefined
  // `Headers.get` joins repeated headers with ", ", which no URI reference contains. The check
  // runs before trimming: a repeat with an empty value leaves only a trailing ", ".
  if (value.includes(', ')) {
    throw new ProtocolError(`The ${name} header was sent more than once: "${value}"`, responseUrl)
  }
  return resolveLocation(utf8Header(value), responseUrl)
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A header value as its sender wrote it: `Headers` reads each byte as one character (Latin-1), so
 * a server's raw UTF-8 (`/jobs/é`) would come out as `/jobs/Ã©` and be percent-encoded twice.
 * Browsers read a `Location`'s bytes as UTF-8 where they are valid UTF-8; so does this, and keeps
 * any other value as it is.
 */
function utf8Header(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: bytes above ASCII, not control characters.
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value
  try {
    return strictUtf8.decode(Uint8Array.from(value, (character) => character.charCodeAt(0)))
  } catch {
    return value
  }
}
