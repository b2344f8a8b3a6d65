import { maxTimerMs } from './schedule.js'

/**
 * The server's requested wait in milliseconds: `retry-after-ms` and `x-ms-retry-after-ms` first
 * (finer, digits only), then `Retry-After` as delay-seconds or an HTTP-date (RFC 9110, 10.2.3),
 * measured from the response's `Date` where it has a valid one (the server's clock), else from
 * `now`. A date in the past gives 0; a wait beyond 2^31-1 ms is clamped to it. Values outside the
 * grammar are ignored (`undefined`), never thrown.
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
  const date = value === null ? undefined : parseHttpDate(trimmed(value), now)
  if (date === undefined) return undefined
  // The date is on the server's clock: measured from its `Date`, a client's skewed clock does not
  // shift the wait (a client 10 minutes behind would otherwise wait 10 minutes more).
  const dateHeader = headers.get('date')
  const serverNow = dateHeader === null ? undefined : parseHttpDate(trimmed(dateHeader), now)
  return Math.min(Math.max(0, date - (serverNow ?? now)), maxTimerMs)
}

/**
 * `value` without the spaces and tabs around it. Counted, not `[ \t]+$`: that pattern scans the
 * rest of every run of blanks from each of its characters, quadratic in a server's header.
 */
function trimmed(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isBlank(value.charAt(start))) start += 1
  while (end > start && isBlank(value.charAt(end - 1))) end -= 1
  return value.slice(start, end)
}

const isBlank = (character: string) => character === ' ' || character === '\t'

/** `1*DIGIT` with optional whitespace around it; anything else (signs, decimals, exponents) is not. */
export function parseDigits(value: string | null): number | undefined {
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
