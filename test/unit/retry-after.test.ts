import { describe, expect, it } from 'vitest'
import { readRetryAfterMs } from '../../src/time/retry-after.js'

describe('readRetryAfterMs', () => {
  const now = Date.parse('2026-11-22T12:00:00Z')
  const read = (init: Record<string, string>) => readRetryAfterMs(new Headers(init), now)

  it('reads Retry-After as delta-seconds', () => {
    expect(read({ 'retry-after': '5' })).toBe(5000)
    expect(read({ 'retry-after': ' 0 ' })).toBe(0)
  })

  it('reads Retry-After as an HTTP-date, relative to the clock', () => {
    expect(read({ 'retry-after': 'Sun, 22 Nov 2026 12:00:30 GMT' })).toBe(30_000)
    expect(read({ 'retry-after': 'Sun, 22 Nov 2026 11:00:00 GMT' })).toBe(0)
  })

  it("measures an HTTP-date from the response's Date, the server's clock, whatever the local clock says", () => {
    const retryAt = 'Sun, 22 Nov 2026 12:10:30 GMT'
    // The server's clock is 10 minutes ahead of this one: the wait is 30 s, not 10 min 30 s.
    expect(read({ 'retry-after': retryAt, date: 'Sun, 22 Nov 2026 12:10:00 GMT' })).toBe(30_000)
    // Or behind it: 30 s, not 0.
    const behind = 'Sun, 22 Nov 2026 11:30:00 GMT'
    expect(read({ 'retry-after': 'Sun, 22 Nov 2026 11:30:30 GMT', date: behind })).toBe(30_000)
    // A Date that does not parse leaves the local clock to measure by.
    expect(read({ 'retry-after': 'Sun, 22 Nov 2026 12:00:30 GMT', date: 'yesterday' })).toBe(30_000)
    // Delta-seconds need no clock.
    expect(read({ 'retry-after': '5', date: 'Sun, 22 Nov 2026 18:00:00 GMT' })).toBe(5000)
  })

  it('prefers the millisecond variants', () => {
    expect(read({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250)
    expect(read({ 'x-ms-retry-after-ms': '1500', 'retry-after': '9' })).toBe(1500)
  })

  it('ignores values it cannot read', () => {
    expect(read({ 'retry-after': 'soon' })).toBeUndefined()
    expect(read({ 'retry-after': '-3' })).toBeUndefined()
    expect(read({ 'retry-after-ms': 'x', 'retry-after': '2' })).toBe(2000)
    expect(read({})).toBeUndefined()
  })
  // A stand-in for Headers, so values reach the parser untrimmed and unchecked: fetch's Headers
  // trims them and refuses a line break, but the parser must not rely on either.
  const raw = (retryAfter: string) =>
    readRetryAfterMs(
      { get: (name: string) => (name === 'retry-after' ? retryAfter : null) } as Headers,
      now,
    )
  const maxDelayMs = 2 ** 31 - 1

  it('reads delta-seconds with optional whitespace around them', () => {
    expect(raw(' 5 ')).toBe(5000)
    expect(raw('\t5\t')).toBe(5000)
    expect(raw('007')).toBe(7000)
  })

  it.each([
    ['IMF-fixdate', 'Sun, 22 Nov 2026 12:00:30 GMT'],
    ['obsolete RFC 850 date', 'Sunday, 22-Nov-26 12:00:30 GMT'],
    ['obsolete asctime date', 'Sun Nov 22 12:00:30 2026'],
    ['IMF-fixdate with whitespace around it', '  Sun, 22 Nov 2026 12:00:30 GMT\t'],
  ])('reads Retry-After as an %s', (_form, value) => {
    expect(raw(value)).toBe(30_000)
  })

  it("reads a long Retry-After and Date in time, however made (no backtracking over a server's blanks)", () => {
    const blanks = ' \t'.repeat(100_000)
    const started = performance.now()
    expect(read({ 'retry-after': `x${blanks}x`, date: `x${blanks}x` })).toBeUndefined()
    expect(raw(`${blanks}Sun, 22 Nov 2026 12:00:30 GMT${blanks}`)).toBe(30_000)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('reads an asctime date whose day has one digit, padded with a space', () => {
    const early = Date.parse('2026-11-06T08:49:00Z')
    expect(
      readRetryAfterMs(new Headers({ 'retry-after': 'Fri Nov  6 08:49:37 2026' }), early),
    ).toBe(37_000)
  })

  it('reads a leap second as the first second of the next minute', () => {
    expect(raw('Sun, 22 Nov 2026 12:00:60 GMT')).toBe(60_000)
  })

  it('gives 0 for a date in the past, in every form', () => {
    expect(raw('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(0)
    expect(raw('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(0)
    expect(raw('Sun Nov  6 08:49:37 1994')).toBe(0)
  })

  it('reads a two-digit RFC 850 year more than 50 years ahead as the past century', () => {
    // Exactly 50 years ahead is still this century (and clamped); one second more is 1976.
    expect(raw('Sunday, 22-Nov-76 12:00:00 GMT')).toBe(maxDelayMs)
    expect(raw('Sunday, 22-Nov-76 12:00:01 GMT')).toBe(0)
  })

  it('reads a two-digit RFC 850 year into the next century when that is near', () => {
    const endOf1999 = Date.parse('1999-12-31T23:59:00Z')
    const headers = new Headers({ 'retry-after': 'Saturday, 01-Jan-00 00:00:00 GMT' })
    expect(readRetryAfterMs(headers, endOf1999)).toBe(60_000)
  })

  it.each([
    'Retry in 2\n999',
    '/bar',
    '-3',
    '+3',
    '1e3',
    '0x10',
    '3.5',
    '5 s',
    '5, 5',
    '',
    'soon',
    '2026-11-22T12:00:30Z',
    'sun, 22 nov 2026 12:00:30 gmt',
    'Sun, 22 Nov 2026 12:00:30 UTC',
    'Sun, 22 Nov 2026 12:00:30',
    'Sun, 22 Nov 26 12:00:30 GMT',
    'Sun, 2 Nov 2026 12:00:30 GMT',
    'Sun,  22 Nov 2026 12:00:30 GMT',
    'Sun Nov 6 08:49:37 2026',
    'Sunday, 22-Nov-2026 12:00:30 GMT',
    'Sun, 31 Nov 2026 12:00:30 GMT',
    'Mon, 29 Feb 2027 12:00:00 GMT',
    'Sun, 22 Nov 2026 24:00:00 GMT',
    'Sun, 22 Nov 2026 12:60:00 GMT',
    'Sun, 22 Nov 2026 12:00:30 GMT, Sun, 22 Nov 2026 12:00:30 GMT',
  ])('ignores the Retry-After value %j, which is outside the grammar', (value) => {
    expect(raw(value)).toBeUndefined()
  })

  it('reads 29 February in a leap year', () => {
    const before = Date.parse('2028-02-28T23:59:59Z')
    const headers = new Headers({ 'retry-after': 'Tue, 29 Feb 2028 00:00:00 GMT' })
    expect(readRetryAfterMs(headers, before)).toBe(1000)
  })

  it('clamps a wait longer than a timer can hold to 2^31-1 ms, never Infinity', () => {
    expect(read({ 'retry-after': '9999999999' })).toBe(maxDelayMs)
    expect(read({ 'retry-after': '9'.repeat(400) })).toBe(maxDelayMs)
    expect(read({ 'retry-after-ms': '9999999999' })).toBe(maxDelayMs)
    expect(read({ 'x-ms-retry-after-ms': '9'.repeat(400) })).toBe(maxDelayMs)
    expect(read({ 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' })).toBe(maxDelayMs)
  })

  it('reads the millisecond variants as digits only, falling through past anything else', () => {
    expect(read({ 'retry-after-ms': ' 250 ' })).toBe(250)
    expect(read({ 'retry-after-ms': '0' })).toBe(0)
    expect(read({ 'retry-after-ms': '1.5', 'x-ms-retry-after-ms': '40' })).toBe(40)
    expect(read({ 'x-ms-retry-after-ms': '-1', 'retry-after': '2' })).toBe(2000)
    expect(read({ 'retry-after-ms': '1e3' })).toBeUndefined()
  })
})
