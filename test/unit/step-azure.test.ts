import { describe, expect, it } from 'vitest'
import {
  OperationCanceledError,
  OperationFailedError,
  ProtocolError,
  ResponseValidationError,
} from '../../src/errors.js'
import { protocols } from '../../src/protocols/index.js'
import { begin } from '../../src/state/begin.js'
import type { PollState } from '../../src/state/poll-state.js'
import { step } from '../../src/state/step.js'
import type { FinalStateVia } from '../../src/types/protocol.js'
import {
  acceptedJob,
  answer,
  at,
  azureMonitor,
  emptyJson,
  expectNext,
  jsonType,
  type Of,
  polled,
  rejection,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('Azure: a PUT or PATCH answered 200 or 201 whose provisioningState is not terminal polls the resource', () => {
  const resource =
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1'
  const resourceUrl = url(resource)
  const creating = { name: 'vm1', properties: { provisioningState: 'Creating' } }
  const started = (method = 'PUT', body: unknown = creating, httpStatus = 201) =>
    polled(
      begin(
        submission(method, resource),
        answer(httpStatus, resourceUrl, { json: body }),
        t0,
        rules,
      ),
    )

  it.each([
    ['PUT', 201, { properties: { provisioningState: 'Creating' } }],
    ['PUT', 200, { provisioningState: 'Updating' }],
    ['PUT', 201, { properties: { provisioningState: 'Accepted' } }],
    ['PUT', 200, { provisioningState: 'Creating' }],
    ['PATCH', 200, { properties: { provisioningState: 'Updating' } }],
    ['PATCH', 201, { provisioningState: 'Accepted' }],
  ])('%s answered %i with %j polls the resource URL', (method, httpStatus, body) => {
    const next = expectNext(
      begin(
        submission(method, resource),
        answer(httpStatus, resourceUrl, { json: body }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.protocol.name).toBe('azure')
    expect(next.state.statusUrl).toBe(resourceUrl)
    expect(next.state.target).toBe(resourceUrl)
    expect(next.state.nextPollAt).toBe(at(1000))
    expect(next.update.snapshot.state).toBe('pending')
    expect(next.update.snapshot.status).toEqual(body)
  })

  it('keeps polling the resource while it is still Creating, by the backoff', () => {
    const next = expectNext(
      step(started(), answer(200, resourceUrl, { json: creating }), at(1000), rules),
      'poll',
    )
    expect(next.state.target).toBe(resourceUrl)
    expect(next.state.nextPollAt).toBe(at(3000))
  })

  it.each([
    [
      'under properties',
      { name: 'vm1', properties: { provisioningState: 'Succeeded', vmId: 'v' } },
    ],
    ['at the top level', { name: 'vm1', provisioningState: 'Succeeded', vmId: 'v' }],
  ])(
    'settles with the Succeeded resource body (%s) and makes no further request',
    (_where, body) => {
      const next = expectNext(
        step(started(), answer(200, resourceUrl, { json: body }), at(1000), rules),
        'succeed',
      )
      expect(next.result.value).toEqual(body)
      expect(next.update.snapshot.state).toBe('succeeded')
      expect(next.update.snapshot.attempt).toBe(1)
      expect(next.state.stage).toBe('status')
    },
  )

  it('settles a PATCH whose resource turns Succeeded with that body', () => {
    const patched = started('PATCH', { provisioningState: 'Updating' }, 200)
    const body = { provisioningState: 'Succeeded', tags: { a: '1' } }
    const next = expectNext(
      step(patched, answer(200, resourceUrl, { json: body }), at(1000), rules),
      'succeed',
    )
    expect(next.result.value).toEqual(body)
  })

  it('rejects with OperationFailedError carrying the error when the resource turns Failed', () => {
    const failure = { code: 'QuotaExceeded', message: 'Not enough cores' }
    const body = { name: 'vm1', properties: { provisioningState: 'Failed', error: failure } }
    const error = rejection(
      step(started(), answer(200, resourceUrl, { json: body }), at(1000), rules),
      OperationFailedError,
    )
    expect(error.detail).toEqual(failure)
    expect(error.snapshot.state).toBe('failed')
    expect(error.snapshot.status).toEqual(body)
  })

  it('takes the top-level error of a Failed resource as the detail', () => {
    const failure = { code: 'Conflict', message: 'Name taken' }
    const body = { provisioningState: 'Failed', error: failure }
    const error = rejection(
      step(started(), answer(200, resourceUrl, { json: body }), at(1000), rules),
      OperationFailedError,
    )
    expect(error.detail).toEqual(failure)
  })

  it.each(['Canceled', 'Cancelled'])(
    'rejects with OperationCanceledError when the resource turns %s',
    (word) => {
      const body = { properties: { provisioningState: word } }
      const error = rejection(
        step(started(), answer(200, resourceUrl, { json: body }), at(1000), rules),
        OperationCanceledError,
      )
      expect(error.snapshot.state).toBe('canceled')
    },
  )
})

describe('Azure: an answer naming Azure-AsyncOperation or Operation-Location polls that monitor', () => {
  it.each([
    ['POST', 202, {}, { 'operation-location': '/ops/1' }, '/ops/1'],
    ['POST', 202, {}, { 'azure-asyncoperation': '/aao/1' }, '/aao/1'],
    [
      'POST',
      202,
      {},
      { 'azure-asyncoperation': '/aao/1', 'operation-location': '/ops/1', location: '/r/1' },
      '/ops/1',
    ],
    ['POST', 200, {}, { 'operation-location': '/ops/1' }, '/ops/1'],
    ['POST', 201, {}, { 'azure-asyncoperation': '/aao/1' }, '/aao/1'],
    [
      'PUT',
      201,
      { properties: { provisioningState: 'Creating' } },
      { 'azure-asyncoperation': '/aao/1' },
      '/aao/1',
    ],
    [
      'PUT',
      200,
      { provisioningState: 'Updating' },
      { 'azure-asyncoperation': '/aao/1', 'operation-location': '/ops/1' },
      '/ops/1',
    ],
    [
      'PATCH',
      200,
      { properties: { provisioningState: 'Accepted' } },
      { 'operation-location': '/ops/1' },
      '/ops/1',
    ],
  ])(
    '%s answered %i (body %j, headers %j) polls the monitor %s',
    (method, httpStatus, body, headers, monitor) => {
      const path = method === 'POST' ? '/jobs' : '/things/t1'
      const next = expectNext(
        begin(
          submission(method, path),
          answer(httpStatus, url(path), httpStatus === 202 ? { headers } : { json: body, headers }),
          t0,
          rules,
        ),
        'poll',
      )
      expect(next.state.protocol.name).toBe('azure')
      expect(next.state.statusUrl).toBe(url(monitor))
      expect(next.state.target).toBe(url(monitor))
      expect(next.state.nextPollAt).toBe(at(1000))
    },
  )

  it.each([
    ['PUT', 200, { 'azure-asyncoperation': '/aao/1' }],
    ['PUT', 201, { 'operation-location': '/ops/1' }],
    ['PATCH', 200, { 'azure-asyncoperation': '/aao/1' }],
    ['PATCH', 200, { 'operation-location': '/ops/1', location: '/ops/result' }],
  ])(
    '%s answered %i with %j and a Succeeded provisioningState settles with the body, no request',
    (method, httpStatus, headers) => {
      const body = { id: 't1', properties: { provisioningState: 'Succeeded' } }
      const next = expectNext(
        begin(
          submission(method, '/things/t1'),
          answer(httpStatus, url('/things/t1'), { json: body, headers }),
          t0,
          rules,
        ),
        'succeed',
      )
      expect(next.result.value).toEqual(body)
      expect(next.state.attempt).toBe(0)
    },
  )

  it.each([200, 201])(
    'a %i naming a monitor whose body is already Failed rejects with OperationFailedError, no request',
    (httpStatus) => {
      const failure = { code: 'BadRequest', message: 'invalid sku' }
      const body = { properties: { provisioningState: 'Failed', error: failure } }
      const error = rejection(
        begin(
          submission('PUT', '/things/t1'),
          answer(httpStatus, url('/things/t1'), {
            json: body,
            headers: { 'azure-asyncoperation': '/aao/1' },
          }),
          t0,
          rules,
        ),
        OperationFailedError,
      )
      expect(error.detail).toEqual(failure)
    },
  )

  // Any answer (200, 201 or 202) that names Azure-AsyncOperation or Operation-Location starts
  // polling that monitor, unless its body already shows a terminal provisioningState.
  it('a 202 naming a monitor whose body is already Succeeded settles with the body, no request', () => {
    const body = { id: 't1', properties: { provisioningState: 'Succeeded' } }
    const next = expectNext(
      begin(
        submission('PUT', '/things/t1'),
        answer(202, url('/things/t1'), {
          json: body,
          headers: { 'azure-asyncoperation': '/aao/1' },
        }),
        t0,
        rules,
      ),
      'succeed',
    )
    expect(next.result.value).toEqual(body)
  })

  it('a 202 naming a monitor whose body is already Failed rejects with OperationFailedError, no request', () => {
    const failure = { code: 'BadRequest', message: 'invalid sku' }
    const error = rejection(
      begin(
        submission('PUT', '/things/t1'),
        answer(202, url('/things/t1'), {
          json: { properties: { provisioningState: 'Failed', error: failure } },
          headers: { 'azure-asyncoperation': '/aao/1' },
        }),
        t0,
        rules,
      ),
      OperationFailedError,
    )
    expect(error.detail).toEqual(failure)
  })

  it('a 201 naming a monitor whose body is already Canceled rejects with OperationCanceledError', () => {
    rejection(
      begin(
        submission('PUT', '/things/t1'),
        answer(201, url('/things/t1'), {
          json: { provisioningState: 'Canceled' },
          headers: { 'operation-location': '/ops/1' },
        }),
        t0,
        rules,
      ),
      OperationCanceledError,
    )
  })

  it('reads the monitor: Running with percentComplete stays pending with that progress', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const next = expectNext(
      step(
        state,
        answer(200, url('/ops/1'), { json: { status: 'Running', percentComplete: 30 } }),
        at(1000),
        rules,
      ),
      'poll',
    )
    expect(next.update.snapshot.progress).toBe(0.3)
    expect(next.state.target).toBe(url('/ops/1'))
  })

  it('rejects a Failed monitor with OperationFailedError carrying its error, and a Canceled one', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const failure = { code: 'Boom', message: 'it broke' }
    const failed = rejection(
      step(
        state,
        answer(200, url('/ops/1'), { json: { status: 'Failed', error: failure } }),
        at(1000),
        rules,
      ),
      OperationFailedError,
    )
    expect(failed.detail).toEqual(failure)
    rejection(
      step(state, answer(200, url('/ops/1'), { json: { status: 'Canceled' } }), at(1000), rules),
      OperationCanceledError,
    )
  })
})

describe('Azure: Location polling', () => {
  /** A POST answered 202 with Location alone, polled under the Azure convention. */
  const locationJob = (method = 'POST', path = '/jobs', finalStateVia?: FinalStateVia) =>
    polled(
      begin(
        submission(method, path, { protocol: protocols.azure, finalStateVia }),
        answer(202, url(path), { headers: { location: '/ops/1' } }),
        t0,
        rules,
      ),
    )

  it('starts at the Location of the submit answer', () => {
    const state = locationJob()
    expect(state.statusUrl).toBe(url('/ops/1'))
    expect(state.target).toBe(url('/ops/1'))
  })

  it('moves polling to the new Location of a 202 poll answer; statusUrl stays the first', () => {
    const next = expectNext(
      step(
        locationJob(),
        answer(202, url('/ops/1'), { headers: { location: '/ops/2' } }),
        at(1000),
        rules,
      ),
      'poll',
    )
    expect(next.state.target).toBe(url('/ops/2'))
    expect(next.state.statusUrl).toBe(url('/ops/1'))
    expect(next.state.targetSince).toBe(at(1000))
    expect(next.state.nextPollAt).toBe(at(3000))
  })

  it('keeps polling the same Location on a 202 without one', () => {
    const next = expectNext(
      step(locationJob(), answer(202, url('/ops/1')), at(1000), rules),
      'poll',
    )
    expect(next.state.target).toBe(url('/ops/1'))
  })

  it.each([200, 201])('ends with the body of a %i', (httpStatus) => {
    const moved = polled(
      step(
        locationJob(),
        answer(202, url('/ops/1'), { headers: { location: '/ops/2' } }),
        at(1000),
        rules,
      ),
    )
    const next = expectNext(
      step(moved, answer(httpStatus, url('/ops/2'), { json: { id: 9 } }), at(3000), rules),
      'succeed',
    )
    expect(next.result.value).toEqual({ id: 9 })
    expect(next.state.attempt).toBe(2)
  })

  it('ends with no result on a 204', () => {
    const next = expectNext(
      step(locationJob(), answer(204, url('/ops/1')), at(1000), rules),
      'succeed',
    )
    expect(next.result.value).toBeUndefined()
  })

  it('follows a new Location on a 202 under auto too', () => {
    const next = expectNext(
      step(
        acceptedJob(),
        answer(202, url('/status/1'), { headers: { location: '/status/2' } }),
        at(1000),
        rules,
      ),
      'poll',
    )
    expect(next.state.target).toBe(url('/status/2'))
    expect(next.state.statusUrl).toBe(url('/status/1'))
  })

  it.each(['PUT', 'PATCH', 'DELETE'])(
    'settles a %s polled by Location with the body of the final 200, no final request',
    (method) => {
      const next = expectNext(
        step(
          locationJob(method, '/things/t1'),
          answer(200, url('/ops/1'), { json: { name: 't1' } }),
          at(1000),
          rules,
        ),
        'succeed',
      )
      expect(next.result.value).toEqual({ name: 't1' })
      expect(next.state.stage).toBe('status')
    },
  )

  it.each(['PUT', 'PATCH', 'DELETE'])(
    'settles a %s polled by Location with no result on a 204',
    (method) => {
      const next = expectNext(
        step(locationJob(method, '/things/t1'), answer(204, url('/ops/1')), at(1000), rules),
        'succeed',
      )
      expect(next.result.value).toBeUndefined()
    },
  )

  it.each([200, 204])(
    "with finalStateVia 'original-uri', ends a PUT polled by Location on a %i with a GET of the original URL",
    (httpStatus) => {
      const next = expectNext(
        step(
          locationJob('PUT', '/things/t1', 'original-uri'),
          answer(httpStatus, url('/ops/1'), httpStatus === 200 ? { json: { done: 1 } } : {}),
          at(1000),
          rules,
        ),
        'fetch',
      )
      expect(next.state.target).toBe(url('/things/t1'))
      expect(next.state.stage).toBe('result')
    },
  )

  it.each(['location', 'operation-location', 'azure-async-operation'] as const)(
    "with finalStateVia '%s', settles a PUT polled by Location with the final body",
    (finalStateVia) => {
      const next = expectNext(
        step(
          locationJob('PUT', '/things/t1', finalStateVia),
          answer(200, url('/ops/1'), { json: { name: 't1' } }),
          at(1000),
          rules,
        ),
        'succeed',
      )
      expect(next.result.value).toEqual({ name: 't1' })
    },
  )

  it("with finalStateVia 'original-uri', settles a DELETE polled by Location with the final body, no final request", () => {
    const next = expectNext(
      step(
        locationJob('DELETE', '/things/t1', 'original-uri'),
        answer(200, url('/ops/1'), { json: { name: 't1', deleted: true } }),
        at(1000),
        rules,
      ),
      'succeed',
    )
    expect(next.result.value).toEqual({ name: 't1', deleted: true })
  })
})

describe('Azure: where the result of a succeeded monitor comes from', () => {
  const succeeded = {
    status: 'Succeeded',
    result: { answer: 42 },
    resourceLocation: '/things/9',
  }
  const monitorDone = (state: PollState, body: object = succeeded) =>
    step(state, answer(200, url('/ops/1'), { json: body }), at(1000), rules)
  const withLocation = { 'operation-location': '/ops/1', location: '/jobs/1/result' }

  it.each(['azure-async-operation', 'operation-location'] as const)(
    "finalStateVia '%s': settles with the monitor's result field, no request",
    (finalStateVia) => {
      const state = azureMonitor('POST', '/jobs', withLocation, finalStateVia)
      const next = expectNext(monitorDone(state), 'succeed')
      expect(next.result.value).toEqual({ answer: 42 })
    },
  )

  it("finalStateVia 'azure-async-operation': settles with the whole monitor body when it has no result field", () => {
    const state = azureMonitor('POST', '/jobs', withLocation, 'azure-async-operation')
    const body = { status: 'Succeeded', id: 'op1' }
    expect(expectNext(monitorDone(state, body), 'succeed').result.value).toEqual(body)
  })

  it("finalStateVia 'location': fetches the submit's Location", () => {
    const state = azureMonitor('POST', '/jobs', withLocation, 'location')
    const next = expectNext(monitorDone(state), 'fetch')
    expect(next.state.target).toBe(url('/jobs/1/result'))
    expect(next.state.resultUrl).toBe(url('/jobs/1/result'))
    expect(next.state.stage).toBe('result')
  })

  it("finalStateVia 'location' without a Location on the submit answer is a ProtocolError", () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' }, 'location')
    rejection(monitorDone(state), ProtocolError)
  })

  it("finalStateVia 'original-uri': fetches the URL the POST was sent to", () => {
    const state = azureMonitor('POST', '/jobs', withLocation, 'original-uri')
    const next = expectNext(monitorDone(state), 'fetch')
    expect(next.state.target).toBe(url('/jobs'))
  })

  it.each(['PUT', 'PATCH'])(
    'by default a %s fetches the original URL, whatever resourceLocation says',
    (method) => {
      const state = azureMonitor(method, '/things/t1', { 'azure-asyncoperation': '/ops/1' })
      const next = expectNext(monitorDone(state), 'fetch')
      expect(next.state.target).toBe(url('/things/t1'))
    },
  )

  it("by default a POST fetches the submit's Location before the monitor's resourceLocation", () => {
    const state = azureMonitor('POST', '/jobs', withLocation)
    expect(expectNext(monitorDone(state), 'fetch').state.target).toBe(url('/jobs/1/result'))
  })

  it("by default a POST without a Location fetches the monitor's resourceLocation", () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    expect(expectNext(monitorDone(state), 'fetch').state.target).toBe(url('/things/9'))
  })

  it('by default a POST without a Location or resourceLocation settles with the monitor body', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const body = { status: 'Succeeded', id: 'op1', percentComplete: 100 }
    expect(expectNext(monitorDone(state, body), 'succeed').result.value).toEqual(body)
  })

  it('a DELETE settles with no result and no final request when its monitor succeeds', () => {
    const state = azureMonitor('DELETE', '/things/t1', withLocation)
    const next = expectNext(monitorDone(state), 'succeed')
    expect(next.result.value).toBeUndefined()
    expect(next.state.stage).toBe('status')
  })

  it.each([
    [200, { json: { id: 't1', gone: true } }, { id: 't1', gone: true }],
    [204, {}, undefined],
  ] as const)(
    'a DELETE polled by Location settles on a %i with its body, no final request',
    (httpStatus, reply, result) => {
      const state = polled(
        begin(
          submission('DELETE', '/things/t1', { protocol: protocols.azure }),
          answer(202, url('/things/t1'), { headers: { location: '/ops/1' } }),
          t0,
          rules,
        ),
      )
      const next = expectNext(
        step(state, answer(httpStatus, url('/ops/1'), reply), at(1000), rules),
        'succeed',
      )
      expect(next.result.value).toEqual(result)
    },
  )

  it('settles with the body of the final GET, showing the result URL and the last monitor body', () => {
    const state = azureMonitor('POST', '/jobs', withLocation)
    const fetching = expectNext(monitorDone(state), 'fetch').state
    const next = expectNext(
      step(fetching, answer(200, url('/jobs/1/result'), { json: { rows: 3 } }), at(1100), rules),
      'succeed',
    )
    expect(next.result.value).toEqual({ rows: 3 })
    expect(next.update.snapshot).toStrictEqual({
      state: 'succeeded',
      status: succeeded,
      attempt: 2,
      elapsedMs: 1100,
      httpStatus: 200,
      resultUrl: url('/jobs/1/result'),
    })
  })
})

describe('Azure: a poll answer that drops its status is refused', () => {
  it('after an Azure monitor status, rejects an HTML page or a body without status', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const running = polled(
      step(state, answer(200, url('/ops/1'), { json: { status: 'Running' } }), at(1000), rules),
    )
    const page = rejection(
      step(running, answer(200, url('/ops/1'), { html: '<html>oops</html>' }), at(3000), rules),
      ProtocolError,
    )
    expect(page.bodyExcerpt).toBe('<html>oops</html>')
    const other = rejection(
      step(running, answer(200, url('/ops/1'), { json: { id: 1 } }), at(3000), rules),
      ProtocolError,
    )
    expect(other.bodyExcerpt).toBe('{"id":1}')
  })

  // Once a status resource has answered with a status body, a body without the field is a
  // ProtocolError or ResponseValidationError, never the result.
  it('after an Azure resource showed a provisioningState, rejects a body without one', () => {
    const resource = url('/things/t1')
    const state = polled(
      begin(
        submission('PUT', '/things/t1'),
        answer(201, resource, { json: { properties: { provisioningState: 'Creating' } } }),
        t0,
        rules,
      ),
    )
    const body = { error: { code: 'Throttled' } }
    const next = step(state, answer(200, resource, { json: body }), at(1000), rules)
    expect(next.action).toBe('reject')
    const error = (next as Of<'reject'>).error as ProtocolError | ResponseValidationError
    expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
      true,
    )
    expect(error.bodyExcerpt).toBe(JSON.stringify(body))
  })

  it('after an Azure resource showed a provisioningState, rejects an HTML page or an empty JSON body', () => {
    const resource = url('/things/t1')
    const state = polled(
      begin(
        submission('PUT', '/things/t1'),
        answer(201, resource, { json: { properties: { provisioningState: 'Creating' } } }),
        t0,
        rules,
      ),
    )
    const page = rejection(
      step(state, answer(200, resource, { html: '<html>oops</html>' }), at(1000), rules),
      ProtocolError,
    )
    expect(page.bodyExcerpt).toBe('<html>oops</html>')
    const empty = step(
      state,
      answer(200, resource, { body: emptyJson, headers: jsonType }),
      at(1000),
      rules,
    )
    expect(empty.action).toBe('reject')
  })
})
