import { describe, expect, it } from 'vitest'
import { endsOperation } from '../../src/operation/ends-operation.js'

/** An error another HTTP client (or the app) names `HTTPError`, without ky's shape. */
function namedHttpError(fields: Record<string, unknown>): Error {
  const error = Object.assign(new Error('Request failed'), fields)
  error.name = 'HTTPError'
  return error
}

describe('endsOperation', () => {
  it("answers false, without throwing, for an error named HTTPError that is not ky's", () => {
    expect(endsOperation(namedHttpError({}))).toBe(false)
    expect(endsOperation(namedHttpError({ response: { statusCode: 410 } }))).toBe(false)
  })
})
