import { describe, expect, it } from 'vitest'
import { errorMessage } from '../../src/cli/error-message.js'
import { ExitCode, exitCodeFor } from '../../src/cli/exit-codes.js'
import { UsageError } from '../../src/cli/usage-error.js'
import {
  CancelNotSupportedError,
  HTTPError,
  NetworkError,
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  type Snapshot,
  TimeoutError,
} from '../../src/index.js'

const url = 'https://api.example.com/jobs/1'
const snapshot: Snapshot = {
  state: 'failed',
  status: undefined,
  attempt: 2,
  elapsedMs: 900,
  httpStatus: 200,
}
const request = new Request(url)
const httpError = new HTTPError(new Response(null, { status: 400 }), request, {} as never)

describe('exitCodeFor', () => {
  it.each([
    ['a usage error', new UsageError('missing URL'), 2],
    ['OperationFailedError', new OperationFailedError(snapshot, { code: 'X' }, url), 1],
    [
      'OperationCanceledError',
      new OperationCanceledError({ ...snapshot, state: 'canceled' }, url),
      3,
    ],
    ['PollTimeoutError', new PollTimeoutError(3, 200, undefined), 4],
    ["ky's HTTPError", httpError, 5],
    ["ky's TimeoutError", new TimeoutError(request), 5],
    ['NetworkError', new NetworkError(url, 4, new TypeError('fetch failed'), false), 6],
    ['ProtocolError', new ProtocolError('202 without a status location', url), 7],
    [
      'ResponseValidationError',
      new ResponseValidationError(url, [{ message: 'bad' }], '<html>'),
      7,
    ],
    ['an AbortError (Ctrl-C)', new DOMException('stopped', 'AbortError'), 130],
    ['a bare PollwiseError', new PollwiseError('?'), 70],
    ['CancelNotSupportedError (never ends a run on its own)', new CancelNotSupportedError(url), 70],
    ['anything else', new RangeError('bug'), 70],
  ])('maps %s to %d', (_, error, code) => {
    expect(exitCodeFor(error)).toBe(code)
  })

  it('gives every outcome its own code', () => {
    const codes = Object.values(ExitCode)
    expect(new Set(codes).size).toBe(codes.length)
  })
})

describe('errorMessage', () => {
  it('points a usage error to --help', () => {
    expect(errorMessage(new UsageError('missing URL after the METHOD'))).toBe(
      'pollwise: missing URL after the METHOD\nRun "pollwise --help" for usage.',
    )
  })

  it("names the kind of failure before the error's own message", () => {
    expect(errorMessage(new PollTimeoutError(3, 200, undefined))).toBe(
      'pollwise: timed out: Operation did not finish within 200 ms (3 requests)',
    )
    expect(errorMessage(httpError)).toMatch(
      /^pollwise: HTTP error: Request failed with status code 400/,
    )
  })

  it('shows the stack of an error pollwise did not expect', () => {
    expect(errorMessage(new RangeError('bug'))).toMatch(
      /^pollwise: unexpected error \(a bug in pollwise: please report it\): RangeError: bug\n {4}at /,
    )
  })
})
