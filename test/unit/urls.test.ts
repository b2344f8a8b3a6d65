import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { customMethodUrl, joinUrl, requestUrl, resolveLocation } from '../../src/urls.js'

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

  it.each([
    ['an unparseable location', 'http://robot:hunter2@api.example.com:port/x'],
    ['a location with several values', 'http://robot:hunter2@a.example.com/x, /b'],
    ['a non-http(s) location', 'ftp://robot:hunter2@files.example.com/x'],
  ])('refuses %s that holds credentials without showing them', (_, value) => {
    expect(() => resolveLocation(value, from)).toThrow(ProtocolError)
    expect(() => resolveLocation(value, from)).toThrow(/\/\/\*\*\*@/)
    expect(() => resolveLocation(value, from)).not.toThrow(/robot|hunter2/)
  })

  it('refuses a value that holds several locations joined by ", "', () => {
    expect(() => resolveLocation('/a, /b', from)).toThrow(ProtocolError)
    expect(() => resolveLocation('/a, /b', from)).toThrow(/several values/)
  })

  it('refuses an empty value, which would otherwise resolve to the response itself', () => {
    expect(() => resolveLocation('  ', from)).toThrow(ProtocolError)
    expect(() => resolveLocation('', from)).toThrow(/Empty location/)
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

  it('names a path it cannot request as error messages show a URL: no query value, no userinfo', () => {
    expect(() => joinUrl(undefined, 'jobs/1?sig=SECRET')).toThrow(
      'Cannot resolve the relative path "jobs/1?sig=REDACTED" without a `baseUrl`',
    )
    // Some engines' own URL errors quote the input whole (Firefox: "… is not a valid URL").
    expect(() => requestUrl(undefined, 'https://robot:p@ss@[bad/x?sig=SECRET')).toThrow(
      'Invalid URL "https://***@[bad/x?sig=REDACTED"',
    )
  })

  it.each([
    'https://robot:hunter2@api.example.com/v1/jobs',
    'https://robot@api.example.com/v1/jobs',
    'ftp://robot:hunter2@files.example.com/x',
  ])(
    'refuses to request %s, whose userinfo holds credentials, with a TypeError that shows neither part',
    (absolute) => {
      expect(() => requestUrl('https://api.example.com/v1', absolute)).toThrow(
        'Expected `path` to hold no credentials (user:password@): send them in `headers`',
      )
      expect(() => requestUrl(undefined, absolute, 'statusUrl')).toThrow(
        /^Expected `statusUrl` to hold no credentials/,
      )
      expect(() => requestUrl(undefined, absolute)).not.toThrow(/robot|hunter2/)
    },
  )

  it('refuses a URL that is not http(s) with a message that hides its query values', () => {
    expect(() => requestUrl(undefined, 'ftp://files.example.com/x?key=k1&api-version=2')).toThrow(
      'Only http(s) URLs can be requested, got "ftp://files.example.com/x?key=REDACTED&api-version=2"',
    )
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

describe('customMethodUrl', () => {
  it.each([
    ['https://api.example.com/v1/operations/7', 'https://api.example.com/v1/operations/7:cancel'],
    [
      'https://api.example.com/ops/7?api-version=2024-05-01',
      'https://api.example.com/ops/7:cancel?api-version=2024-05-01',
    ],
    ['https://api.example.com/ops/7/', 'https://api.example.com/ops/7:cancel'],
    ['https://api.example.com/ops/7#part', 'https://api.example.com/ops/7:cancel'],
  ])('puts :cancel at the end of the path of %s', (resource, expected) => {
    expect(customMethodUrl(new URL(resource), 'cancel').href).toBe(expected)
  })
})
