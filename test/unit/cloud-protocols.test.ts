import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { defaultOperationUrl, googleOperations } from '../../src/protocols/google.js'
import { detector, detectProtocol, protocols } from '../../src/protocols/index.js'
import type { Protocol, StatusResponse, SubmitInfo } from '../../src/types/protocol.js'

const monitor = 'https://api.example.com/operations/1'
const reply = (
  body: unknown,
  headers: Record<string, string> = {},
  httpStatus = 200,
): StatusResponse => ({
  httpStatus,
  headers: new Headers(headers),
  url: monitor,
  body,
})
const post: SubmitInfo = { method: 'POST', url: 'https://api.example.com/jobs' }

describe('the Azure convention', () => {
  const withMonitor: SubmitInfo = { ...post, monitor: monitor }
  const observe = (body: unknown, submit: SubmitInfo = withMonitor) =>
    protocols.azure.observe(reply(body), { submit })

  it('reads its status words in any case, with percentComplete; any other word is running', () => {
    expect(observe({ status: 'NotStarted', percentComplete: 0 })).toEqual({
      state: 'pending',
      progress: { value: 0, scale: 'percent' },
    })
    expect(observe({ status: 'running', percentComplete: 40 })).toEqual({
      state: 'pending',
      progress: { value: 40, scale: 'percent' },
    })
    expect(observe({ status: 'Deleting' })).toEqual({ state: 'pending' })
    expect(observe({ status: 'Canceled' })).toEqual({ state: 'canceled' })
    expect(observe({ status: 'Cancelled' })).toEqual({ state: 'canceled' })
  })

  it('ends at a word that ends in a failure or a cancel, rather than polling to the deadline', () => {
    expect(observe({ status: 'ValidationFailed', error: { code: 'Bad' } })).toEqual({
      state: 'failed',
      detail: { code: 'Bad' },
    })
    expect(observe({ status: 'DeploymentFailed' })).toMatchObject({ state: 'failed' })
    expect(observe({ status: 'UserCanceled' })).toEqual({ state: 'canceled' })
    expect(observe({ status: 'NoErrorYet' })).toEqual({ state: 'pending' })
    const resource = { name: 'r1', properties: { provisioningState: 'ValidationFailed' } }
    const put: SubmitInfo = { method: 'PUT', url: monitor }
    expect(observe(resource, put)).toMatchObject({ state: 'failed' })
  })

  it('ends at a word that holds Succeeded as a success, as @azure/core-lro does', () => {
    const succeeded = { state: 'succeeded', result: { kind: 'inline', value: { ok: 1 } } }
    expect(observe({ status: 'PartiallySucceeded', result: { ok: 1 } })).toEqual(succeeded)
    expect(observe({ status: 'succeededWithWarnings', result: { ok: 1 } })).toEqual(succeeded)
    const resource = { name: 'r1', properties: { provisioningState: 'PartiallySucceeded' } }
    const put: SubmitInfo = { method: 'PUT', url: monitor }
    expect(observe(resource, put)).toMatchObject({ state: 'succeeded' })
  })

  it('cancels a monitor with POST {monitor}:cancel, then DELETE; nothing without a monitor', () => {
    const at = new URL('https://api.example.com/operations/1?api-version=2024-05-01')
    expect(protocols.azure.cancelRequest?.(at, withMonitor)).toEqual([
      {
        method: 'POST',
        url: new URL('https://api.example.com/operations/1:cancel?api-version=2024-05-01'),
      },
      { method: 'DELETE', url: at },
    ])
    const put: SubmitInfo = { method: 'PUT', url: 'https://api.example.com/things/t1' }
    expect(protocols.azure.cancelRequest?.(new URL(put.url), put)).toBeUndefined()
  })

  it('refuses a monitor answer without a status, or with one that is not a string', () => {
    expect(() => observe({ id: 1 })).toThrow(/has no `status`/)
    expect(() => observe({ status: null })).toThrow(/`status` is null/)
    expect(protocols.azure.observe(reply(undefined, {}, 202), { submit: withMonitor })).toEqual({
      state: 'pending',
    })
  })

  it('takes the result from resourceLocation after a POST without a Location', () => {
    expect(observe({ status: 'Succeeded', resourceLocation: '/things/7' })).toEqual({
      state: 'succeeded',
      result: { kind: 'link', url: new URL('https://api.example.com/things/7') },
    })
  })

  it('takes the original resource after a PUT or a PATCH', () => {
    for (const method of ['PUT', 'PATCH']) {
      const submit = { method, url: 'https://api.example.com/widgets/w1', monitor }
      expect(observe({ status: 'Succeeded' }, submit)).toMatchObject({
        result: { kind: 'link', url: new URL('https://api.example.com/widgets/w1') },
      })
    }
  })

  it("takes the submit's Location first after a POST, else the monitor's result or body", () => {
    const location = 'https://api.example.com/results/9'
    expect(
      observe({ status: 'Succeeded', resourceLocation: '/things/7' }, { ...withMonitor, location }),
    ).toMatchObject({ result: { kind: 'link', url: new URL(location) } })
    expect(observe({ status: 'Succeeded', result: { rows: 2 } })).toMatchObject({
      result: { kind: 'inline', value: { rows: 2 } },
    })
    expect(observe({ status: 'Succeeded', id: 1 })).toMatchObject({
      result: { kind: 'inline', value: { status: 'Succeeded', id: 1 } },
    })
  })

  it('moves to a new monitor a running answer names, skipping an empty Operation-Location', () => {
    const moved = protocols.azure.observe(
      reply({ status: 'Running' }, { 'operation-location': '', 'azure-asyncoperation': '/aao/2' }),
      { submit: withMonitor },
    )
    expect(moved).toEqual({
      state: 'pending',
      statusUrl: new URL('https://api.example.com/aao/2'),
    })
  })

  it('refuses a monitor header sent twice, naming the header', () => {
    const twice = reply({ status: 'Running' }, { 'operation-location': '/op/2, /op/3' })
    expect(() => protocols.azure.observe(twice, { submit: withMonitor })).toThrow(
      'The operation-location header was sent more than once',
    )
  })

  it('has no result after a DELETE', () => {
    expect(observe({ status: 'Succeeded' }, { ...withMonitor, method: 'DELETE' })).toEqual({
      state: 'succeeded',
      result: { kind: 'none' },
    })
  })

  it('finds the failure detail where a service keeps it, when it has no top-level error', () => {
    // Form Recognizer 2.1 keeps a failed analysis's errors in its analyzeResult; Speech's batch
    // transcriptions keep theirs under properties.
    const errors = [{ code: 'InvalidImage', message: 'The input is not an image' }]
    expect(observe({ status: 'failed', analyzeResult: { version: '2.1.0', errors } })).toEqual({
      state: 'failed',
      detail: errors,
    })
    const error = { code: 'InvalidData', message: 'The audio could not be read' }
    expect(observe({ status: 'Failed', properties: { error } })).toEqual({
      state: 'failed',
      detail: error,
    })
  })

  it('carries error {code, message} as the failure detail', () => {
    const error = { code: 'Conflict', message: 'busy' }
    expect(observe({ status: 'Failed', error })).toEqual({ state: 'failed', detail: error })
  })
})

describe('the Google convention', () => {
  const google = googleOperations()
  const observe = (body: unknown) => google.observe(reply(body), { submit: post })

  it('reads done: false as pending, with progress from the metadata', () => {
    expect(
      observe({ name: 'operations/1', done: false, metadata: { progressPercent: 30 } }),
    ).toEqual({
      state: 'pending',
      progress: { value: 30, scale: 'percent' },
    })
    expect(observe({ name: 'operations/1', metadata: {} })).toEqual({ state: 'pending' })
  })

  it('reads a bare {name} as pending: proto3 JSON leaves out done: false', () => {
    expect(observe({ name: 'operations/1' })).toEqual({ state: 'pending' })
    expect(observe({ name: 'projects/p/jobs/7' })).toEqual({ state: 'pending' })
  })

  it('resolves done: true with its response, and rejects its error', () => {
    expect(observe({ name: 'operations/1', done: true, response: { a: 1 } })).toEqual({
      state: 'succeeded',
      result: { kind: 'inline', value: { a: 1 } },
    })
    const error = { code: 3, message: 'bad', details: [] }
    expect(observe({ name: 'operations/1', done: true, error })).toEqual({
      state: 'failed',
      detail: error,
    })
    expect(observe({ name: 'operations/1', done: true, error: { code: 1 } })).toEqual({
      state: 'canceled',
    })
  })

  it('refuses a body that is not an Operation', () => {
    expect(() => observe({ done: true })).toThrow(ProtocolError)
  })

  it.each([
    [
      'https://speech.example.com/v1p1beta1/speech:longrunningrecognize',
      'operations/42',
      'https://speech.example.com/v1p1beta1/operations/42',
    ],
    [
      'https://x.example.com/api/v2beta/things',
      'operations/7',
      'https://x.example.com/api/v2beta/operations/7',
    ],
    [
      'https://x.example.com/v1beta1/projects/p/locations/l/things',
      'projects/p/locations/l/operations/o',
      'https://x.example.com/v1beta1/projects/p/locations/l/operations/o',
    ],
    [
      'https://x.example.com/v2alpha/a/v3/things?x=1',
      'operations/7',
      'https://x.example.com/v2alpha/operations/7',
    ],
    ['https://x.example.com/V2/things', 'operations/7', 'https://x.example.com/V2/operations/7'],
    ['https://x.example.com/things:run', 'operations/7', 'https://x.example.com/v1/operations/7'],
    [
      'https://x.example.com/api/version2/vnext/things',
      'operations/7',
      'https://x.example.com/v1/operations/7',
    ],
  ])('polls the submit %s answered %s at %s', (submitUrl, name, operationUrl) => {
    expect(defaultOperationUrl(name, submitUrl)).toBe(operationUrl)
    const answer = { ...reply({ name }), url: submitUrl }
    expect(google.statusUrl?.(answer)?.href).toBe(operationUrl)
    expect(google.cancelRequest?.(new URL(operationUrl), post)).toEqual({
      method: 'POST',
      url: new URL(`${operationUrl}:cancel`),
    })
  })

  it('finds the API version in a long path segment in time (no backtracking over its digits)', () => {
    const long = 200_000
    const started = performance.now()
    const url = defaultOperationUrl('operations/7', `https://x.example.com/v${'1'.repeat(long)}!/t`)
    expect(performance.now() - started).toBeLessThan(500)
    expect(url).toBe('https://x.example.com/v1/operations/7')
  })

  it('names /v1/{name} on the submit origin, and POST {name}:cancel', () => {
    const answer = reply({ name: 'operations/abc', done: false })
    expect(google.statusUrl?.(answer)?.href).toBe('https://api.example.com/v1/operations/abc')
    const cancel = google.cancelRequest?.(
      new URL('https://api.example.com/v1/operations/abc'),
      post,
    )
    expect(cancel).toEqual({
      method: 'POST',
      url: new URL('https://api.example.com/v1/operations/abc:cancel'),
    })
  })
})

describe('detectProtocol', () => {
  it('recognises a Google Operation body', () => {
    expect(detectProtocol(reply({ name: 'operations/1', done: false })).name).toBe('google')
    expect(detectProtocol(reply({ name: 'jobs/1', metadata: {} })).name).toBe('google')
  })

  it.each(['operations/123', 'projects/p/locations/l/operations/o'])(
    'recognises a bare {name: %j}: an AIP-151 operation name',
    (name) => {
      expect(detectProtocol(reply({ name })).name).toBe('google')
    },
  )

  it.each(['jobs/1', 'x', 'operations/', 'my-operations/1', 'operationsx/1'])(
    'leaves a bare {name: %j} to auto: not an operation name',
    (name) => {
      expect(detectProtocol(reply({ name })).name).toBe('auto')
    },
  )

  it('recognises the Azure headers', () => {
    expect(detectProtocol(reply(undefined, { 'operation-location': '/op/1' }, 202)).name).toBe(
      'azure',
    )
    expect(detectProtocol(reply(undefined, { 'azure-asyncoperation': '/op/1' }, 201)).name).toBe(
      'azure',
    )
  })

  it('reads anything else response by response', () => {
    expect(detectProtocol(reply(undefined, { location: '/status/1' }, 202)).name).toBe('auto')
    expect(detectProtocol(reply({ status: 'queued', name: 'x' })).name).toBe('auto')
  })
})

describe("detection with an app's own conventions", () => {
  const claimsAll: Protocol = {
    name: 'mine',
    detect: () => true,
    observe: () => ({ state: 'canceled' }),
  }
  const jobIds: Protocol = {
    name: 'job-ids',
    detect: ({ headers }) => headers.has('x-job-id'),
    observe: () => ({ state: 'canceled' }),
  }
  const silent: Protocol = { name: 'silent', observe: () => ({ state: 'canceled' }) }
  const azureAnswer = reply(undefined, { 'operation-location': '/op/1' }, 202)

  it('asks them in the order given, before the built-in ones, and skips one without detect', () => {
    expect(detector([claimsAll, jobIds])(azureAnswer).name).toBe('mine')
    expect(detector([silent, jobIds, claimsAll])(reply({}, { 'x-job-id': '7' })).name).toBe(
      'job-ids',
    )
    expect(detector([protocols.azure, claimsAll])(azureAnswer).name).toBe('azure')
  })

  it('leaves every other answer to the built-in detection, as a client without them', () => {
    const detect = detector([jobIds, silent])
    expect(detect(azureAnswer).name).toBe('azure')
    expect(detect(reply({ name: 'operations/1', done: false })).name).toBe('google')
    expect(detect(reply(undefined, { location: '/status/1' }, 202)).name).toBe('auto')
    expect(detector([])).toBe(detectProtocol)
  })
})
