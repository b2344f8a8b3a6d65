import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import {
  joinUrl,
  readRetryAfterMs,
  readStatusLocation,
  requestUrl,
  resolveLocation,
} from '../../src/headers.js'

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

  it('passes an absolute URL through', () => {
    expect(joinUrl('https://api.example.com/v2', 'https://other.example.com/x').href).toBe(
      'https://other.example.com/x',
    )
  })

  it('asks for a baseUrl when a relative path has nothing to resolve against', () => {
    expect(() => joinUrl(undefined, '/jobs')).toThrow(TypeError)
    expect(() => joinUrl(undefined, '/jobs')).toThrow(/without a `baseUrl`/)
  })

  it('refuses to request anything but http(s)', () => {
    expect(() => requestUrl(undefined, 'file:///etc/passwd')).toThrow(TypeError)
  })
})
