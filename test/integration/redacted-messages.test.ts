import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  createClient,
  HTTPError,
  NetworkError,
  OperationFailedError,
  PollTimeoutError,
  ProtocolError,
  TimeoutError,
} from '../../src/index.js'
import { rejection, settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { server } = useTaskServer()
const backoff = { initialDelayMs: 500, factor: 1, jitter: 'none' } as const

useFakeTime()

/** A status URL as a presigned one is: its secret in the query, beside an `api-version`. */
const signed = 'https://files.example.com/ops/1?api-version=2024-05-01&sig=SECRET-1&token=SECRET-2'
const shown = 'https://files.example.com/ops/1?api-version=2024-05-01&sig=REDACTED&token=REDACTED'

function answer(respond: () => Response | Promise<Response>) {
  server.use(http.get('https://files.example.com/ops/1', respond))
}

async function failure(options: Parameters<typeof createClient>[0] = {}): Promise<Error> {
  const op = createClient({ baseUrl, backoff, retries: 0, ...options }).follow(signed)
  return rejection(await settleWithin(op.wait(), 20_000)) as Error
}

describe('error messages hide query values but api-version; the error fields keep the URL', () => {
  it("ky's HTTPError", async () => {
    answer(() => HttpResponse.json({ error: { message: 'no' } }, { status: 403 }))
    const error = (await failure()) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.message).toBe(
      `Request failed with status code 403 Forbidden: GET ${shown}; the server says: no`,
    )
    expect(error.request.url).toBe(signed)
  })

  it("ky's TimeoutError", async () => {
    answer(() => new Promise<Response>(() => {}))
    const error = (await failure({ requestTimeoutMs: 1000, maxOutageMs: 0 })) as TimeoutError
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.message).toBe(`Request timed out: GET ${shown}`)
    expect(error.request.url).toBe(signed)
  })

  it('PollTimeoutError', async () => {
    answer(() => HttpResponse.json({ status: 'running' }))
    const error = (await failure({ timeoutMs: 2000 })) as PollTimeoutError
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(error.message).toContain(`last answer 200 from ${shown})`)
    expect(error.message).not.toContain('SECRET')
    expect(error.lastAnswer?.url).toBe(signed)
  })

  it('OperationFailedError, the server detail included', async () => {
    answer(() =>
      HttpResponse.json({ status: 'failed', error: { message: `cannot read ${signed}` } }),
    )
    const error = (await failure()) as OperationFailedError
    expect(error).toBeInstanceOf(OperationFailedError)
    expect(error.message).toBe(`Operation failed at ${shown}: cannot read ${shown}`)
    expect(error.url).toBe(signed)
    expect(error.detail).toEqual({ message: `cannot read ${signed}` })
  })

  it('ProtocolError', async () => {
    answer(() => HttpResponse.json({ status: 'ON_HOLD' }))
    const error = (await failure()) as ProtocolError
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error.message).toContain(`(${shown})`)
    expect(error.message).not.toContain('SECRET')
    expect(error.url).toBe(signed)
  })

  it('NetworkError', async () => {
    answer(() => HttpResponse.error())
    const error = (await failure({ maxOutageMs: 0 })) as NetworkError
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.message.startsWith(`Network failure on ${shown} after 1 try`)).toBe(true)
    expect(error.url).toBe(signed)
  })
})
