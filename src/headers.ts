import { ProtocolError } from './errors.js'
import { maxTimerMs } from './schedule.js'

/**
 * Header names that carry a status location, best first: the Azure headers name the status monitor
 * even where `Location` names the final resource.
 */
const statusLocationHeaders = ['operation-location', 'azure-asyncoperation', 'location'] as const

/** The headers that carry credentials unless the user marks more. */
export const defaultSensitiveHeaders = ['authorization', 'cookie', 'proxy-authorization'] as const

/**
 * Resolves a location value against the URL of the response that carried it (RFC 3986). Refuses,
 * with a {@link ProtocolError}: an empty value, several values in one (`"/a, /b"`: a comma and a
 * space cannot occur in a URI reference, but do where a header was sent twice and joined), an
 * unparseable value, a URL with userinfo (credentials), and anything but http(s).
 */
export function resolveLocation(value: string, responseUrl: string): URL {
  const trimmed = value.trim()
  if (trimmed === '') throw new ProtocolError('Empty location', responseUrl)
  if (trimmed.includes(', ')) {
    throw new ProtocolError(
      `Location "${trimmed}" holds several values, as a header sent more than once does`,
      responseUrl,
    )
  }
  let url: URL
  try {
    url = new URL(trimmed, responseUrl)
  } catch {
    throw new ProtocolError(`Unparseable location "${value}"`, responseUrl)
  }
  if (url.username !== '' || url.password !== '') {
    // The message goes to logs: it names the location without the credentials.
    const shown = new URL(url.href)
    shown.username = '***'
    shown.password = ''
    throw new ProtocolError(`Credentials in a location are refused: "${shown.href}"`, responseUrl)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProtocolError(`Refusing to follow a ${url.protocol} location "${value}"`, responseUrl)
  }
  return url
}

/** The headers that name an Azure status monitor, best first. */
export const monitorHeaders = ['operation-location', 'azure-asyncoperation'] as const

/** The status location a response names, if any. An empty header counts as absent. */
export function readStatusLocation(headers: Headers, responseUrl: string): URL | undefined {
  return readLocationHeaders(headers, statusLocationHeaders, responseUrl)
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
  return resolveLocation(value, responseUrl)
}

/**
 * The server's requested wait in milliseconds: `retry-after-ms` and `x-ms-retry-after-ms` first
 * (finer, digits only), then `Retry-After` as delay-seconds or an HTTP-date (RFC 9110, 10.2.3).
 * A date in the past gives 0; a wait beyond 2^31-1 ms is clamped to it. Values outside the grammar
 * are ignored (`undefined`), never thrown.
 *
 * @example
 * readRetryAfterMs(new Headers({ 'retry-after': '120' }), Date.now()) // 120_000
 */
export function readRetryAfterMs(headers: Headers, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = parseDigits(headers.get(name))
    if (ms !== undefined) return Math.min(ms, maxTimerMs)
  }
  const value = headers.get('retry-after')
  const seconds = parseDigits(value)
  if (seconds !== undefined) return Math.min(seconds * 1000, maxTimerMs)
  const date =
    value === null ? undefined : parseHttpDate(value.replace(/^[ \t]+|[ \t]+$/g, ''), now)
  return date === undefined ? undefined : Math.min(Math.max(0, date - now), maxTimerMs)
}

/** `1*DIGIT` with optional whitespace around it; anything else (signs, decimals, exponents) is not. */
function parseDigits(value: string | null): number | undefined {
  const digits = value === null ? undefined : /^[ \t]*(\d+)[ \t]*$/.exec(value)?.[1]
  return digits === undefined ? undefined : Number(digits)
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const month = `(?<month>${months.join('|')})`
const time = '(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)'
const httpDates = [
  // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`
  `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<day>\\d\\d) ${month} (?<year>\\d{4}) ${time} GMT`,
  // Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`
  `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?<day>\\d\\d)-${month}-(?<year>\\d\\d) ${time} GMT`,
  // Obsolete asctime: `Sun Nov  6 08:49:37 1994`
  `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} (?<day>\\d\\d| \\d) ${time} (?<year>\\d{4})`,
].map((form) => new RegExp(`^${form}$`))

/**
 * An HTTP-date (RFC 9110, 5.6.7) as epoch milliseconds: IMF-fixdate, or one of the two obsolete
 * forms a recipient must accept. Case-sensitive, as the grammar is; the weekday is not checked
 * against the date.
 */
function parseHttpDate(value: string, now: number): number | undefined {
  const groups = httpDates.map((form) => form.exec(value)?.groups).find(Boolean)
  if (!groups) return undefined
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = groups
  const fields = [
    months.indexOf(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  ] as const
  return utc(year.length === 4 ? Number(year) : fullYear(Number(year), fields, now), ...fields)
}

/**
 * The year an RFC 850 date's two digits name: the latest such year that does not put the date more
 * than 50 years after `now` (RFC 9110, 5.6.7).
 */
function fullYear(
  twoDigits: number,
  [monthIndex, day, hour, minute, second]: readonly [number, number, number, number, number],
  now: number,
): number {
  const limit = new Date(now)
  limit.setUTCFullYear(limit.getUTCFullYear() + 50)
  const year = limit.getUTCFullYear() - (limit.getUTCFullYear() % 100) + twoDigits
  const date = Date.UTC(year, monthIndex, day, hour, minute, second)
  return date > limit.getTime() ? year - 100 : year
}

/** Epoch milliseconds of a UTC date and time, `undefined` for one no calendar has (30 Feb, 24:00). */
function utc(
  year: number,
  monthIndex: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | undefined {
  if (hour > 23 || minute > 59 || second > 60) return undefined // 60: a leap second
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const date = new Date(0)
  date.setUTCFullYear(year, monthIndex, day)
  if (date.getUTCMonth() !== monthIndex || date.getUTCDate() !== day) return undefined
  return date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000
}

/**
 * Joins a request path to the base URL: `'/jobs'` and `'jobs'` both land under the base's path,
 * and so does a path with a colon (`'/speech:recognize'`, an AIP-136 custom method). Only a path
 * that starts with `scheme://` is absolute, and passes through.
 *
 * @example
 * joinUrl('https://api.example.com/v1', '/speech:recognize').href
 * // 'https://api.example.com/v1/speech:recognize'
 */
export function joinUrl(baseUrl: string | undefined, path: string): URL {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(path)) return new URL(path)
  const base = baseUrl ?? globalThis.location?.href
  if (base === undefined) {
    throw new TypeError(`Cannot resolve the relative path "${path}" without a \`baseUrl\``)
  }
  const root = base.endsWith('/') ? base : `${base}/`
  // `./` keeps a colon in the first segment from reading as a scheme (`speech:` in `speech:recognize`).
  return new URL(`./${path.replace(/^\/+/, '')}`, root)
}

/** {@link joinUrl} for a URL pollwise will request: only http(s) is accepted. */
export function requestUrl(baseUrl: string | undefined, path: string): URL {
  const url = joinUrl(baseUrl, path)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Only http(s) URLs can be requested, got "${url.href}"`)
  }
  return url
}

/** The credential headers withheld from each origin not trusted, by origin. */
export type Withheld = Map<string, Set<string>>

/** Notes that `names` were withheld from `origin`. */
export function noteWithheld(withheld: Withheld, origin: string, names: readonly string[]): void {
  if (names.length === 0) return
  const noted = withheld.get(origin) ?? new Set()
  for (const name of names) noted.add(name)
  withheld.set(origin, noted)
}

/**
 * Removes the credential headers (`sensitiveHeaders`, lower case) from headers bound for an origin
 * not trusted, and returns the names it removed.
 */
export function withholdCredentials(
  headers: Headers,
  sensitiveHeaders: readonly string[],
): string[] {
  const withheld: string[] = []
  for (const name of sensitiveHeaders) {
    if (!headers.has(name)) continue
    headers.delete(name)
    withheld.push(name)
  }
  return withheld
}
