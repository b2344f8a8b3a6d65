import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type SimulationOptions, simulateOperation } from '../../src/testing/index.js'

/** The exact exchanges each convention's handlers answer, read with a bare fetch. */

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const baseUrl = 'https://api.test/v2'
const submit = `${baseUrl}/reports`

type Shown = Partial<SimulationOptions> & Pick<SimulationOptions, 'convention'>

/** Installs a simulation (ids op-1, op-2...) and returns `send`, which writes one exchange. */
function simulate(options: Shown) {
  const simulation = simulateOperation({
    baseUrl,
    submitPath: '/reports',
    idPrefix: 'op',
    ...options,
  } as SimulationOptions)
  server.use(...simulation.handlers)
  const send = async (method: string, url: string): Promise<string> => {
    const response = await fetch(url, { method, redirect: 'manual' })
    const headers = ['location', 'operation-location', 'retry-after']
      .filter((name) => response.headers.has(name))
      .map((name) => ` ${name}: ${response.headers.get(name)}`)
    const body = await response.text()
    return `${method} ${url} -> ${response.status}${headers.join(',')}${body ? ` ${body}` : ''}`
  }
  return { simulation, send }
}

const status = `${baseUrl}/reports/op-1`

describe('generic JSON', () => {
  it('answers 202 + Location, then queued, running with progress, then a result_url', async () => {
    const { send } = simulate({ convention: 'generic', polls: 3, retryAfterSec: 1 })
    expect([
      await send('POST', submit),
      await send('GET', status),
      await send('GET', status),
      await send('GET', status),
      await send('GET', `${status}/result`),
    ]).toEqual([
      `POST ${submit} -> 202 location: ${status}, retry-after: 1`,
      `GET ${status} -> 200 retry-after: 1 {"id":"op-1","status":"queued","progress":0}`,
      `GET ${status} -> 200 retry-after: 1 {"id":"op-1","status":"running","progress":0.5}`,
      `GET ${status} -> 200 {"id":"op-1","status":"succeeded","progress":1,"result_url":"${status}/result"}`,
      `GET ${status}/result -> 200 {"ok":true}`,
    ])
  })

  it('puts the result inline with resultVia: inline, and reports no progress with progress: false', async () => {
    const { send } = simulate({
      convention: 'generic',
      polls: 2,
      resultVia: 'inline',
      progress: false,
      result: { rows: 3 },
    })
    await send('POST', submit)
    expect([await send('GET', status), await send('GET', status)]).toEqual([
      `GET ${status} -> 200 {"id":"op-1","status":"queued"}`,
      `GET ${status} -> 200 {"id":"op-1","status":"succeeded","result":{"rows":3}}`,
    ])
  })

  it('ends failed with the error, or canceled', async () => {
    const failed = simulate({ convention: 'generic', polls: 1, outcome: 'failed' })
    await failed.send('POST', submit)
    expect(await failed.send('GET', status)).toBe(
      `GET ${status} -> 200 {"id":"op-1","status":"failed","error":{"code":"OperationFailed","message":"The operation failed."}}`,
    )
    server.resetHandlers()
    const canceled = simulate({ convention: 'generic', polls: 1, outcome: 'canceled' })
    await canceled.send('POST', submit)
    expect(await canceled.send('GET', status)).toBe(
      `GET ${status} -> 200 {"id":"op-1","status":"canceled"}`,
    )
  })

  it('serves no result before success: 404', async () => {
    const { send } = simulate({ convention: 'generic', polls: 2 })
    await send('POST', submit)
    expect(await send('GET', `${status}/result`)).toBe(`GET ${status}/result -> 404`)
  })
})

describe('HTTP-driven', () => {
  it('answers 202 while running, then 303 to the result', async () => {
    const { send } = simulate({ convention: 'http', polls: 2, retryAfterSec: 2 })
    expect([
      await send('POST', submit),
      await send('GET', status),
      await send('GET', status),
      await send('GET', `${status}/result`),
    ]).toEqual([
      `POST ${submit} -> 202 location: ${status}, retry-after: 2`,
      `GET ${status} -> 202 retry-after: 2`,
      `GET ${status} -> 303 location: ${status}/result`,
      `GET ${status}/result -> 200 {"ok":true}`,
    ])
  })

  it('answers 200 with the result itself with resultVia: inline', async () => {
    const { send } = simulate({ convention: 'http', polls: 1, resultVia: 'inline' })
    await send('POST', submit)
    expect(await send('GET', status)).toBe(`GET ${status} -> 200 {"ok":true}`)
  })

  it('answers 422 with the error when failed, 410 when canceled', async () => {
    const failed = simulate({ convention: 'http', polls: 1, outcome: 'failed', error: 'disk full' })
    await failed.send('POST', submit)
    expect(await failed.send('GET', status)).toBe(`GET ${status} -> 422 {"error":"disk full"}`)
    server.resetHandlers()
    const canceled = simulate({ convention: 'http', polls: 1, outcome: 'canceled' })
    await canceled.send('POST', submit)
    expect(await canceled.send('GET', status)).toBe(
      `GET ${status} -> 410 {"error":{"code":"Canceled","message":"The operation was canceled."}}`,
    )
  })
})

describe('result polling', () => {
  it('answers 404 at the result until it is ready, then 200', async () => {
    const { send } = simulate({ convention: 'result', polls: 3, retryAfterSec: 1 })
    expect([
      await send('POST', submit),
      await send('GET', status),
      await send('GET', status),
      await send('GET', status),
    ]).toEqual([
      `POST ${submit} -> 202 location: ${status}, retry-after: 1`,
      `GET ${status} -> 404 retry-after: 1`,
      `GET ${status} -> 404 retry-after: 1`,
      `GET ${status} -> 200 {"ok":true}`,
    ])
  })

  it('answers 422 with the error when failed', async () => {
    const { send } = simulate({ convention: 'result', polls: 1, outcome: 'failed' })
    await send('POST', submit)
    expect(await send('GET', status)).toBe(
      `GET ${status} -> 422 {"error":{"code":"OperationFailed","message":"The operation failed."}}`,
    )
  })
})

describe('Azure', () => {
  const monitor = `${baseUrl}/reports/operations/op-1`

  it('POST: a monitor in Operation-Location, NotStarted, Running, Succeeded; the result at Location', async () => {
    const { send } = simulate({ convention: 'azure', polls: 3, retryAfterSec: 1 })
    expect([
      await send('POST', submit),
      await send('GET', monitor),
      await send('GET', monitor),
      await send('GET', monitor),
      await send('GET', status),
    ]).toEqual([
      `POST ${submit} -> 202 location: ${status}, operation-location: ${monitor}, retry-after: 1`,
      `GET ${monitor} -> 200 retry-after: 1 {"id":"op-1","status":"NotStarted","percentComplete":0}`,
      `GET ${monitor} -> 200 retry-after: 1 {"id":"op-1","status":"Running","percentComplete":50}`,
      `GET ${monitor} -> 200 {"id":"op-1","status":"Succeeded","percentComplete":100}`,
      `GET ${status} -> 200 {"ok":true}`,
    ])
  })

  it('PUT: 201 with a monitor, the result at the resource itself', async () => {
    const { send } = simulate({ convention: 'azure', method: 'PUT', polls: 1 })
    expect([
      await send('PUT', submit),
      await send('GET', monitor),
      await send('GET', submit),
    ]).toEqual([
      `PUT ${submit} -> 201 operation-location: ${monitor} {"provisioningState":"Accepted"}`,
      `GET ${monitor} -> 200 {"id":"op-1","status":"Succeeded","percentComplete":100}`,
      `GET ${submit} -> 200 {"ok":true}`,
    ])
  })

  it('DELETE: a monitor and no Location', async () => {
    const { send } = simulate({ convention: 'azure', method: 'DELETE' })
    expect(await send('DELETE', submit)).toBe(
      `DELETE ${submit} -> 202 operation-location: ${monitor}`,
    )
  })

  it('ends Failed with the error, or Canceled', async () => {
    const error = { code: 'QuotaExceeded', message: 'The quota is exhausted.' }
    const failed = simulate({ convention: 'azure', polls: 1, outcome: 'failed', error })
    await failed.send('POST', submit)
    expect(await failed.send('GET', monitor)).toBe(
      `GET ${monitor} -> 200 {"id":"op-1","status":"Failed","error":${JSON.stringify(error)}}`,
    )
    server.resetHandlers()
    const canceled = simulate({ convention: 'azure', polls: 1, outcome: 'canceled' })
    await canceled.send('POST', submit)
    expect(await canceled.send('GET', monitor)).toBe(
      `GET ${monitor} -> 200 {"id":"op-1","status":"Canceled"}`,
    )
  })

  it('is canceled by POST {monitor}:cancel, which answers the monitor', async () => {
    const { send, simulation } = simulate({ convention: 'azure', polls: 5 })
    await send('POST', submit)
    expect(await send('POST', `${monitor}:cancel`)).toBe(
      `POST ${monitor}:cancel -> 200 {"status":"Canceled"}`,
    )
    expect(simulation.operations[0]?.state).toBe('canceled')
  })
})

describe('Google AIP-151', () => {
  const generate = 'https://api.test/v1/reports:generate'
  const operation = 'https://api.test/v1/operations/op-1'
  const name = '"name":"operations/op-1"'

  it('answers an Operation at the submit, then at /v1/operations/{id} until done with response', async () => {
    const { send } = simulate({
      convention: 'google',
      submitPath: 'https://api.test/v1/reports:generate',
      polls: 2,
      result: { rows: 3 },
    })
    expect([
      await send('POST', generate),
      await send('GET', operation),
      await send('GET', operation),
    ]).toEqual([
      `POST ${generate} -> 200 {${name},"done":false,"metadata":{"progressPercent":0}}`,
      `GET ${operation} -> 200 {${name},"done":false,"metadata":{"progressPercent":0}}`,
      `GET ${operation} -> 200 {${name},"done":true,"metadata":{"progressPercent":100},"response":{"rows":3}}`,
    ])
  })

  it('ends with error, code 1 when canceled, and is canceled by POST :cancel', async () => {
    // Submitted under /v2: the operation lives under the submit's API version, as pollwise looks.
    const operation = `${baseUrl}/operations/op-1`
    const failed = simulate({ convention: 'google', polls: 1, outcome: 'failed' })
    await failed.send('POST', submit)
    expect(await failed.send('GET', operation)).toBe(
      `GET ${operation} -> 200 {${name},"done":true,"metadata":{},"error":{"code":2,"message":"The operation failed."}}`,
    )
    server.resetHandlers()
    const canceled = simulate({ convention: 'google', polls: 5 })
    await canceled.send('POST', submit)
    expect(await canceled.send('POST', `${operation}:cancel`)).toBe(
      `POST ${operation}:cancel -> 200 {}`,
    )
    expect(await canceled.send('GET', operation)).toBe(
      `GET ${operation} -> 200 {${name},"done":true,"metadata":{},"error":{"code":1,"message":"Operation was cancelled"}}`,
    )
  })
})

describe('cancel answers, the same for every convention', () => {
  it('accepts a DELETE on a pending operation (202), which then ends canceled', async () => {
    const { send, simulation } = simulate({ convention: 'generic', polls: 5 })
    await send('POST', submit)
    expect(await send('DELETE', status)).toBe(`DELETE ${status} -> 202`)
    expect(await send('GET', status)).toBe(`GET ${status} -> 200 {"id":"op-1","status":"canceled"}`)
    expect(simulation.operations[0]?.state).toBe('canceled')
    expect(simulation.cancelCount).toBe(1)
  })

  it('refuses to cancel an operation that has ended: 409', async () => {
    const { send, simulation } = simulate({ convention: 'http', polls: 1 })
    await send('POST', submit)
    await send('GET', status)
    expect(await send('DELETE', status)).toBe(
      `DELETE ${status} -> 409 {"error":{"code":"Conflict","message":"The operation has already ended."}}`,
    )
    expect(simulation.operations[0]?.state).toBe('succeeded')
    expect(simulation.cancelCount).toBe(1)
  })

  it('answers 405 with cancelable: false, and the operation goes on', async () => {
    const { send, simulation } = simulate({ convention: 'azure', polls: 2, cancelable: false })
    const monitor = `${baseUrl}/reports/operations/op-1`
    await send('POST', submit)
    expect(await send('POST', `${monitor}:cancel`)).toBe(
      `POST ${monitor}:cancel -> 405 {"error":{"code":"MethodNotAllowed","message":"This operation cannot be canceled."}}`,
    )
    // The monitor itself serves reads only.
    expect(await send('DELETE', monitor)).toBe(
      `DELETE ${monitor} -> 405 {"error":{"code":"MethodNotAllowed","message":"The status is read-only."}}`,
    )
    expect(simulation.operations[0]?.state).toBe('pending')
  })
})
