import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { readLocation, readStatusLocation } from '../../src/locations.js'

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
