import { HTTPError, type NormalizedOptions, TimeoutError } from 'ky'
import { describe, expect, it } from 'vitest'
import { isHTTPError, isTimeoutError } from '../../src/index.js'

const request = new Request('https://api.example.com/jobs/1')

/** ky's errors as another copy of ky makes them: other classes, the same names and shapes. */
class OtherHTTPError extends Error {
  override name = 'HTTPError'
  constructor(
    readonly response: Response,
    readonly request: Request,
  ) {
    super(`Request failed with status code ${response.status}`)
  }
}
class OtherTimeoutError extends Error {
  override name = 'TimeoutError'
  constructor(readonly request: Request) {
    super('Request timed out')
  }
}

describe('isHTTPError', () => {
  it("recognises pollwise's HTTPError and another copy of ky's", () => {
    const response = new Response('', { status: 503 })
    expect(isHTTPError(new HTTPError(response, request, {} as NormalizedOptions))).toBe(true)
    expect(isHTTPError(new OtherHTTPError(response, request))).toBe(true)
  })

  it("takes no other client's HTTPError, a TimeoutError or a non-error for one", () => {
    // got's HTTPError: the same name, a Node response with `statusCode`.
    const got = Object.assign(new Error('Response code 503'), {
      name: 'HTTPError',
      response: { statusCode: 503 },
      request: {},
    })
    expect(isHTTPError(got)).toBe(false)
    // ky's name and status, but no headers to read or no request: not ky's either.
    const headless = Object.assign(new Error('503'), {
      name: 'HTTPError',
      response: { status: 503 },
      request,
    })
    expect(isHTTPError(headless)).toBe(false)
    const requestless = Object.assign(new Error('503'), {
      name: 'HTTPError',
      response: new Response(null, { status: 503 }),
    })
    expect(isHTTPError(requestless)).toBe(false)
    expect(isHTTPError(new TimeoutError(request))).toBe(false)
    for (const value of [undefined, null, 'HTTPError', { name: 'HTTPError' }]) {
      expect(isHTTPError(value)).toBe(false)
    }
  })
})

describe('isTimeoutError', () => {
  it("recognises pollwise's TimeoutError and another copy of ky's", () => {
    expect(isTimeoutError(new TimeoutError(request))).toBe(true)
    expect(isTimeoutError(new OtherTimeoutError(request))).toBe(true)
  })

  it('takes no AbortSignal.timeout() DOMException, HTTPError or non-error for one', () => {
    expect(isTimeoutError(new DOMException('The operation timed out', 'TimeoutError'))).toBe(false)
    const response = new Response('', { status: 504 })
    expect(isTimeoutError(new OtherHTTPError(response, request))).toBe(false)
    for (const value of [undefined, null, 'TimeoutError', { name: 'TimeoutError' }]) {
      expect(isTimeoutError(value)).toBe(false)
    }
  })
})
