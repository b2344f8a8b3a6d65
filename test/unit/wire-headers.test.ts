import { HTTPError } from 'ky'
import { describe, expect, it } from 'vitest'
import { explainErrorBody } from '../../src/http/error-details.js'
import { readLocation, readSubmitLocation } from '../../src/locations.js'

const from = 'https://api.example.com/v2/jobs'

describe('readSubmitLocation', () => {
  it('reads the Content-Location of a 202 that names no other location', () => {
    const headers = new Headers({ 'content-location': 'jobs/7/status' })
    expect(readSubmitLocation(202, headers, from)?.href).toBe(
      'https://api.example.com/v2/jobs/7/status',
    )
  })

  it('prefers Operation-Location and Location to Content-Location', () => {
    const headers = new Headers({ 'content-location': '/c', location: '/l' })
    expect(readSubmitLocation(202, headers, from)?.href).toBe('https://api.example.com/l')
  })

  it("ignores a Content-Location that names the request's own URL: the content is its answer", () => {
    const headers = new Headers({ 'content-location': '/v2/jobs' })
    expect(readSubmitLocation(202, headers, from)).toBeUndefined()
  })

  it.each([200, 201, 204])(
    'ignores the Content-Location of a %i: it names the representation, not a status monitor',
    (status) => {
      const headers = new Headers({ 'content-location': '/things/1' })
      expect(readSubmitLocation(status, headers, from)).toBeUndefined()
    },
  )
})

describe('a location header in raw UTF-8', () => {
  /** A header as `Headers` holds one: each byte of its UTF-8 a character. */
  const asBytes = (text: string) => String.fromCharCode(...new TextEncoder().encode(text))

  it('is read as UTF-8', () => {
    const headers = new Headers({ location: asBytes('/jobs/é') })
    expect(readLocation(headers, from)?.pathname).toBe('/jobs/%C3%A9')
  })

  it('is kept as it is where its bytes are not UTF-8 (Latin-1)', () => {
    const headers = new Headers({ location: '/jobs/\u00e9' })
    expect(readLocation(headers, from)?.pathname).toBe('/jobs/%C3%A9')
  })
})

describe('explainErrorBody', () => {
  const errorOf = (status: number, contentType: string, body: unknown) => {
    const request = new Request('https://api.example.com/jobs/1')
    const response = new Response(null, { status, headers: { 'content-type': contentType } })
    const error = new HTTPError(response, request, {} as never)
    explainErrorBody(error, body)
    return error.message
  }

  it('ends the message with the title and the detail', () => {
    expect(
      errorOf(409, 'application/problem+json', { title: 'Busy', detail: 'Job 1 is locked' }),
    ).toMatch(/; the server says: Busy — Job 1 is locked$/)
  })

  it('names the problem status only where it differs from the answer', () => {
    expect(
      errorOf(502, 'application/problem+json; charset=utf-8', { title: 'Upstream', status: 500 }),
    ).toMatch(/; the server says: Upstream — status 500$/)
    expect(errorOf(500, 'application/problem+json', { title: 'Upstream', status: 500 })).toMatch(
      /; the server says: Upstream$/,
    )
  })

  it('escapes control characters a hostile title carries', () => {
    expect(errorOf(400, 'application/problem+json', { title: 'a\u001b[2Jb' })).toContain(
      'a\\u001b[2Jb',
    )
  })

  it.each([
    [
      '{"error": {"code", "message"}} (Azure, Google)',
      { error: { code: 'Conflict', message: 'Job 1 is locked' } },
      '; the server says: Job 1 is locked [Conflict]',
    ],
    [
      '{"message"}',
      { message: 'Not Found', documentation_url: 'https://docs' },
      '; the server says: Not Found',
    ],
  ])('ends the message with what an error body %s says', (_, body, end) => {
    expect(errorOf(409, 'application/json', body).endsWith(end)).toBe(true)
  })

  it.each([
    ['application/json', { title: 'Busy' }],
    ['application/json', { error: 'Not Found', status: 404 }],
    ['application/json', { message: '   ' }],
    ['text/plain', 'message'],
    ['application/problem+json', ['not', 'an', 'object']],
    ['application/problem+json', { type: 'about:blank' }],
  ])('leaves the message alone for %s %j', (type, body) => {
    expect(errorOf(400, type, body)).toBe(
      'Request failed with status code 400: GET https://api.example.com/jobs/1',
    )
  })
})
