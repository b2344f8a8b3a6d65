import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { readLocation, readStatusLocation } from '../../src/locations.js'
import { readRetryAfterMs } from '../../src/retry-after.js'
import { joinUrl, requestUrl, resolveLocation } from '../../src/urls.js'

describe('resolveLocation', () => {
  const from = 'https://api.example.com/v2/jobs/42'

  it.each([
    ['/status/1', 'https://api.example.com/status/1'],
    ['status/1', 'https://api.example.com/v2/jobs/status/1'],
    ['../status/1', 'https://api.example.com/v2/status/1'],
    ['?poll=2', 'https://api.example.com/v2/jobs/42?poll=2'],
    ['//files.example.com/r.pdf', 'https://files.example.com/r.pdf'],
    ['http://other.example.com/s', 'http://other.example.com/s'],
  ])('resolves %s against the URL of the response that carried it', (value, expected) => {
    expect(resolveLocation(value, from).href).toBe(expected)
  })

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/plain,hi',
    'ftp://example.com/x',
  ])('refuses the non-http(s) location %s', (value) => {
    expect(() => resolveLocation(value, from)).toThrow(ProtocolError)
    expect(() => resolveLocation(value, from)).toThrow(/Refusing to follow/)
  })

  it('refuses an unparseable location with a ProtocolError that names it', () => {
    expect(() => resolveLocation('http://[::1', from)).toThrow(
      /Unparseable location "http:\/\/\[::1"/,
    )
  })
  it('trims whitespace around the value', () => {
    expect(resolveLocation(' \t/status/1  ', from).href).toBe('https://api.example.com/status/1')
  })

  it('allows a comma inside a URL when no space follows it', () => {
    expect(resolveLocation('/a,b', from).href).toBe('https://api.example.com/a,b')
  })

  it.each([
    'http://user:pass@other.example.com/x',
    'http://user@other.example.com/',
    'https://:secret@api.example.com/x',
  ])(
    'refuses the location %s, whose userinfo carries credentials, without echoing them',
    (value) => {
      expect(() => resolveLocation(value, from)).toThrow(ProtocolError)
      expect(() => resolveLocation(value, from)).toThrow(/Credentials in a location are refused/)
      expect(() => resolveLocation(value, from)).not.toThrow(/user|pass|secret/)
    },
  )

  it('refuses a value that holds several locations joined by ", "', () => {
    expect(() => resolveLocation('/a, /b', from)).toThrow(ProtocolError)
    expect(() => resolveLocation('/a, /b', from)).toThrow(/several values/)
  })

  it('refuses an empty value, which would otherwise resolve to the response itself', () => {
    expect(() => resolveLocation('  ', from)).toThrow(ProtocolError)
    expect(() => resolveLocation('', from)).toThrow(/Empty location/)
  })
})

describe('readLocation', () => {
  const from = 'https://api.example.com/v2/jobs/42'
  const twice = (first: string, second: string) => {
    const headers = new Headers()
    headers.append('location', first)
    headers.append('location', second)
    return headers
  }

  it('resolves the Location header, trimmed', () => {
    expect(readLocation(new Headers({ location: ' /result/1 ' }), from)?.href).toBe(
      'https://api.example.com/result/1',
    )
  })

  it('treats a missing or empty Location as absent', () => {
    expect(readLocation(new Headers(), from)).toBeUndefined()
    expect(readLocation(new Headers({ location: '' }), from)).toBeUndefined()
  })

  it.each([
    ['/a', '/b'],
    ['/a', ''],
    ['', '/b'],
  ])('refuses a Location header sent twice (%j then %j)', (first, second) => {
    expect(() => readLocation(twice(first, second), from)).toThrow(ProtocolError)
    expect(() => readLocation(twice(first, second), from)).toThrow(
      /location header was sent more than once/,
    )
  })

  it('refuses a Location with credentials in it', () => {
    const headers = new Headers({ location: 'http://user:pass@api.example.com/x' })
    expect(() => readLocation(headers, from)).toThrow(/Credentials in a location are refused/)
  })
})

describe('readStatusLocation', () => {
  it('prefers Operation-Location and Azure-AsyncOperation over Location', () => {
    const headers = new Headers({
      location: '/resource/1',
      'operation-location': '/operations/9',
    })
    expect(readStatusLocation(headers, 'https://a.example/x')?.href).toBe(
      'https://a.example/operations/9',
    )
    headers.delete('operation-location')
    headers.set('azure-asyncoperation', '/async/7')
    expect(readStatusLocation(headers, 'https://a.example/x')?.href).toBe(
      'https://a.example/async/7',
    )
  })

  it('returns undefined when no header names a location', () => {
    expect(readStatusLocation(new Headers(), 'https://a.example/x')).toBeUndefined()
  })

  it('skips an empty Operation-Location and reads the next header', () => {
    const headers = new Headers({ 'operation-location': '', location: '/resource/1' })
    expect(readStatusLocation(headers, 'https://a.example/x')?.href).toBe(
      'https://a.example/resource/1',
    )
  })

  it('refuses an Operation-Location sent twice, naming the header', () => {
    const headers = new Headers()
    headers.append('operation-location', '/operations/1')
    headers.append('operation-location', '/operations/2')
    expect(() => readStatusLocation(headers, 'https://a.example/x')).toThrow(
      /operation-location header was sent more than once: "\/operations\/1, \/operations\/2"/,
    )
  })
})

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

describe('joinUrl', () => {
  it("joins '/jobs' and 'jobs' alike under the base URL's path", () => {
    expect(joinUrl('https://api.example.com/v2', '/jobs').href).toBe(
      'https://api.example.com/v2/jobs',
    )
    expect(joinUrl('https://api.example.com/v2', 'jobs').href).toBe(
      'https://api.example.com/v2/jobs',
    )
    expect(joinUrl('https://api.example.com/v2/', '/jobs').href).toBe(
      'https://api.example.com/v2/jobs',
    )
  })

  it.each([
    ['/speech:recognize', 'https://api.example.com/v1/speech:recognize'],
    ['speech:recognize', 'https://api.example.com/v1/speech:recognize'],
    ['//speech:recognize', 'https://api.example.com/v1/speech:recognize'],
    ['v1/x:y', 'https://api.example.com/v1/v1/x:y'],
    ['projects/p/operations/o:cancel', 'https://api.example.com/v1/projects/p/operations/o:cancel'],
    ['/jobs?since=12:30', 'https://api.example.com/v1/jobs?since=12:30'],
    ['speech:recognize?alt=json', 'https://api.example.com/v1/speech:recognize?alt=json'],
    ['?page=2', 'https://api.example.com/v1/?page=2'],
    ['', 'https://api.example.com/v1/'],
  ])('joins %j under the base as a path, a colon in it or not', (path, joined) => {
    expect(joinUrl('https://api.example.com/v1', path).href).toBe(joined)
    expect(requestUrl('https://api.example.com/v1', path).href).toBe(joined)
  })

  it.each([
    ['https://other.example.com/x', 'https://other.example.com/x'],
    ['http://other.example.com:8080/x:y?z=1', 'http://other.example.com:8080/x:y?z=1'],
    ['HTTPS://Other.Example.com/x', 'https://other.example.com/x'],
  ])('passes the absolute URL %s through', (path, absolute) => {
    expect(joinUrl('https://api.example.com/v2', path).href).toBe(absolute)
    expect(requestUrl('https://api.example.com/v2', path).href).toBe(absolute)
  })

  it('asks for a baseUrl when a relative path has nothing to resolve against', () => {
    expect(() => joinUrl(undefined, '/jobs')).toThrow(TypeError)
    expect(() => joinUrl(undefined, '/jobs')).toThrow(/without a `baseUrl`/)
  })

  it.each(['file:///etc/passwd', 'ftp://files.example.com/x'])(
    'refuses to request %s: only http(s) is requested',
    (absolute) => {
      expect(joinUrl('https://api.example.com/v1', absolute).href).toBe(absolute)
      expect(() => requestUrl('https://api.example.com/v1', absolute)).toThrow(TypeError)
      expect(() => requestUrl(undefined, absolute)).toThrow(
        `Only http(s) URLs can be requested, got "${absolute}"`,
      )
    },
  )
})
