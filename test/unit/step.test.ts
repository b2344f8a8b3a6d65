import { describe, expect, it } from 'vitest'
import type { Body } from '../../src/answer.js'
import {
  OperationCanceledError,
  OperationFailedError,
  ProtocolError,
  ResponseValidationError,
} from '../../src/errors.js'
import { detectProtocol, protocols } from '../../src/protocols/index.js'
import { begin, type Submission } from '../../src/state/begin.js'
import type { PollState } from '../../src/state/poll-state.js'
import { acceptedStatuses, step } from '../../src/state/step.js'
import type { Next, StepRules } from '../../src/state/transition.js'
import type { FinalStateVia, Protocol } from '../../src/types/protocol.js'

/** A response with its body read, as the transition takes it. */
type Answer = Parameters<typeof step>[1]

/** The submit answers at t0, a whole second (HTTP-dates count in seconds). */
const t0 = Date.UTC(2026, 0, 5, 12, 0, 0)
const at = (ms: number) => t0 + ms
const origin = 'https://api.example.com'
const url = (path: string) => new URL(path, origin).href
const graceMs = 5000
const rules: StepRules = {
  backoff: { initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000, jitter: 'none', minDelayMs: 100 },
  random: () => 0.5,
  notReadyGraceMs: graceMs,
  context: {},
}
const jsonType = { 'content-type': 'application/json' }
const emptyJson: Body = { value: undefined, excerpt: '', emptyJson: true }

interface HopResponse {
  readonly json?: unknown
  readonly html?: string
  readonly body?: Body
  readonly headers?: Record<string, string>
}

/** A response as the transport reads it: JSON and HTML bodies carry their content type and a 500-character excerpt. */
function answer(httpStatus: number, from: string, reply: HopResponse = {}): Answer {
  const headers = new Headers(reply.headers)
  let body: Body = reply.body ?? { value: undefined, excerpt: '' }
  if ('json' in reply) {
    headers.set('content-type', 'application/json')
    body = { value: reply.json, excerpt: JSON.stringify(reply.json).slice(0, 500) }
  }
  if (reply.html !== undefined) {
    headers.set('content-type', 'text/html; charset=utf-8')
    body = { value: reply.html, excerpt: reply.html.slice(0, 500) }
  }
  return { httpStatus, headers, url: from, body }
}

interface SubmitOptions {
  readonly protocol?: Protocol | undefined
  readonly finalStateVia?: FinalStateVia | undefined
  readonly timeoutMs?: number | undefined
}

function submission(method: string, path: string, options: SubmitOptions = {}): Submission {
  return {
    submit: { method, url: url(path), finalStateVia: options.finalStateVia },
    protocol: options.protocol,
    detect: detectProtocol,
    trustedOrigins: new Set([origin]),
    startedAt: t0,
    deadline: t0 + (options.timeoutMs ?? 600_000),
  }
}

type Of<A extends Next['action']> = Extract<Next, { action: A }>

/** The next step, checked to be `action`; an unexpected rejection fails with its own error. */
function expectNext<A extends Next['action']>(next: Next, action: A): Of<A> {
  if (next.action === 'reject' && action !== 'reject') throw next.error
  expect(next.action).toBe(action)
  return next as Of<A>
}

function rejection<E>(next: Next, type: new (...args: never[]) => E): E {
  const { error } = expectNext(next, 'reject')
  expect(error).toBeInstanceOf(type)
  return error as E
}

const polled = (next: Next): PollState => expectNext(next, 'poll').state

/** POST /jobs answered 202 with `Location: /status/1` at t0. */
function acceptedJob(protocol?: Protocol): PollState {
  return polled(
    begin(
      submission('POST', '/jobs', { protocol }),
      answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
      t0,
      rules,
    ),
  )
}

/** An operation under `auto` whose status location has answered with a status word: generic JSON from now on. */
function lockedIn(): PollState {
  const state = polled(
    step(
      acceptedJob(),
      answer(200, url('/status/1'), { json: { status: 'running' } }),
      at(1000),
      rules,
    ),
  )
  expect(state.protocol.name).toBe('generic')
  return state
}

/** An Azure submit answered 202 naming a status monitor at t0. */
function azureMonitor(
  method: string,
  path: string,
  headers: Record<string, string>,
  finalStateVia?: FinalStateVia,
): PollState {
  const state = polled(
    begin(
      submission(method, path, { finalStateVia }),
      answer(202, url(path), { headers }),
      t0,
      rules,
    ),
  )
  expect(state.protocol.name).toBe('azure')
  return state
}

describe('begin: the submit answer', () => {
  it('rejects a 202 that names no status location with a ProtocolError', () => {
    const error = rejection(
      begin(submission('POST', '/jobs'), answer(202, url('/jobs')), t0, rules),
      ProtocolError,
    )
    expect(error.message).toBe(
      `202 Accepted without a status location; if its documentation puts the status elsewhere, name it with the \`statusLocation\` option (a field of the answer, or a template such as '/jobs/{id}') (${url('/jobs')})`,
    )
    expect(error.url).toBe(url('/jobs'))
  })

  it('polls the Location of a 202 after the initial delay, and records it as the status URL', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.statusUrl).toBe(url('/status/1'))
    expect(next.state.target).toBe(url('/status/1'))
    expect(next.state.stage).toBe('status')
    expect(next.state.protocol.name).toBe('auto')
    expect(next.state.nextPollAt).toBe(at(1000))
    expect(next.state.deadline).toBe(at(600_000))
    expect(next.update.snapshot).toStrictEqual({
      state: 'pending',
      status: undefined,
      attempt: 0,
      elapsedMs: 0,
      nextPollInMs: 1000,
      httpStatus: 202,
    })
  })

  it('polls the Location of a 201 Created', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(201, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.target).toBe(url('/status/1'))
  })

  it('polls /v1/{name} after a Google 200 Operation, with progress from its metadata', () => {
    const operation = {
      name: 'operations/abc',
      done: false,
      metadata: { progressPercent: 10 },
    }
    const next = expectNext(
      begin(
        submission('POST', '/v1/projects/p/things:run'),
        answer(200, url('/v1/projects/p/things:run'), { json: operation }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.protocol.name).toBe('google')
    expect(next.state.statusUrl).toBe(url('/v1/operations/abc'))
    expect(next.state.target).toBe(url('/v1/operations/abc'))
    expect(next.update.snapshot.progress).toBe(0.1)
  })

  it.each([
    ['operations/42', 'detected', undefined],
    ['projects/p/locations/l/operations/o', 'detected', undefined],
    ['operations/42', 'forced', protocols.google],
    ['jobs/42', 'forced', protocols.google],
  ])(
    "polls a bare {name: %j} as a Google operation (%s), under the submit's API version",
    (name, _, protocol) => {
      const path = '/v1p1beta1/speech:longrunningrecognize'
      const state = polled(
        begin(
          submission('POST', path, { protocol }),
          answer(200, url(path), { json: { name } }),
          t0,
          rules,
        ),
      )
      expect(state.protocol.name).toBe('google')
      expect(state.statusUrl).toBe(url(`/v1p1beta1/${name}`))
      const pending = polled(
        step(state, answer(200, url(`/v1p1beta1/${name}`), { json: { name } }), at(1000), rules),
      )
      expect(pending.snapshot?.state).toBe('pending')
    },
  )

  it('refuses a bare {name} that is no operation name under auto: a job handle is no result', () => {
    const error = rejection(
      begin(
        submission('POST', '/v1/jobs'),
        answer(200, url('/v1/jobs'), { json: { name: 'jobs/42' } }),
        t0,
        rules,
      ),
      ProtocolError,
    )
    expect(error.message).toContain('only a job handle')
    expect(error.message).toContain('`statusLocation`')
  })

  it('settles a Google operation with its response once done, or rejects with its error', () => {
    const started = polled(
      begin(
        submission('POST', '/v1/things:run'),
        answer(200, url('/v1/things:run'), { json: { name: 'operations/abc', done: false } }),
        t0,
        rules,
      ),
    )
    const operationUrl = url('/v1/operations/abc')
    const done = (fields: object) =>
      step(
        started,
        answer(200, operationUrl, { json: { name: 'operations/abc', done: true, ...fields } }),
        at(1000),
        rules,
      )
    expect(expectNext(done({ response: { id: 7 } }), 'succeed').result.value).toEqual({ id: 7 })
    const failure = { code: 3, message: 'bad input' }
    expect(rejection(done({ error: failure }), OperationFailedError).detail).toEqual(failure)
    rejection(done({ error: { code: 1, message: 'cancelled' } }), OperationCanceledError)
  })

  it('fetches the Location of a 303 submit answer at once', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(303, url('/jobs'), { headers: { location: '/results/1' } }),
        t0,
        rules,
      ),
      'fetch',
    )
    expect(next.state.stage).toBe('result')
    expect(next.state.target).toBe(url('/results/1'))
    expect(next.state.resultUrl).toBe(url('/results/1'))
    expect(next.state.nextPollAt).toBe(t0)
  })

  it('settles with a 200 answer that is the result itself, with no request', () => {
    const result = { id: 1, rows: [1, 2, 3] }
    const next = expectNext(
      begin(submission('POST', '/jobs'), answer(200, url('/jobs'), { json: result }), t0, rules),
      'succeed',
    )
    expect(next.result.value).toEqual(result)
    expect(next.update.snapshot).toStrictEqual({
      state: 'succeeded',
      status: undefined,
      attempt: 0,
      elapsedMs: 0,
      httpStatus: 200,
    })
  })

  it('polls the Location of a 200 status body with a pending word, speaking generic JSON', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(200, url('/jobs'), {
          json: { status: 'queued' },
          headers: { location: '/status/1' },
        }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.protocol.name).toBe('generic')
    expect(next.state.target).toBe(url('/status/1'))
  })

  it('rejects an HTML page as the submit answer under auto', () => {
    const error = rejection(
      begin(
        submission('POST', '/jobs'),
        answer(200, url('/jobs'), { html: '<html><body>Bad gateway</body></html>' }),
        t0,
        rules,
      ),
      ProtocolError,
    )
    expect(error.bodyExcerpt).toBe('<html><body>Bad gateway</body></html>')
  })

  it('plans no poll past the deadline: the next poll is the deadline itself', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs', { timeoutMs: 800 }),
        answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.nextPollAt).toBe(at(800))
    expect(next.update.snapshot.nextPollInMs).toBeUndefined()
  })
})

describe('Azure 1: a PUT or PATCH answered 200 or 201 whose provisioningState is not terminal', () => {
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

describe('Azure 2: an answer naming Azure-AsyncOperation or Operation-Location', () => {
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

  // Issue 7, Azure 2: "Any answer (200, 201 or 202) that names Azure-AsyncOperation or
  // Operation-Location starts polling that monitor, unless its body already shows a terminal
  // provisioningState".
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

describe('Azure 3: Location polling', () => {
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

describe('Azure 4: where the result of a succeeded monitor comes from', () => {
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

describe('Azure 5 and strictness 4: which 404 and 409 answers mean "not yet"', () => {
  it('never for an Azure monitor, at its start or later', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    expect(acceptedStatuses(state, t0, graceMs)).toEqual([])
    expect(acceptedStatuses(state, at(1000), graceMs)).toEqual([])
  })

  it('never for Azure Location polling or the resource itself', () => {
    const byLocation = polled(
      begin(
        submission('POST', '/jobs', { protocol: protocols.azure }),
        answer(202, url('/jobs'), { headers: { location: '/ops/1' } }),
        t0,
        rules,
      ),
    )
    expect(acceptedStatuses(byLocation, at(1000), graceMs)).toEqual([])
    const byResource = polled(
      begin(
        submission('PUT', '/things/t1'),
        answer(201, url('/things/t1'), { json: { provisioningState: 'Creating' } }),
        t0,
        rules,
      ),
    )
    expect(acceptedStatuses(byResource, at(1000), graceMs)).toEqual([])
  })

  it('never for an Azure final GET, at its start', () => {
    const state = azureMonitor('POST', '/jobs', {
      'operation-location': '/ops/1',
      location: '/r/1',
    })
    const fetching = expectNext(
      step(state, answer(200, url('/ops/1'), { json: { status: 'Succeeded' } }), at(1000), rules),
      'fetch',
    ).state
    expect(acceptedStatuses(fetching, at(1000), graceMs)).toEqual([])
  })

  it.each([
    ['auto', undefined],
    ['generic', protocols.generic],
  ])(
    'under %s: within the grace from the start of an unanswered status location only',
    (_name, protocol) => {
      const state = acceptedJob(protocol)
      expect(state.targetSince).toBe(t0)
      expect(acceptedStatuses(state, t0, graceMs)).toEqual([404, 409])
      expect(acceptedStatuses(state, at(graceMs - 1), graceMs)).toEqual([404, 409])
      expect(acceptedStatuses(state, at(graceMs), graceMs)).toEqual([])
    },
  )

  it('under auto: a 404 inside the grace is "not yet", and the grace still ends on time', () => {
    const next = expectNext(
      step(acceptedJob(), answer(404, url('/status/1')), at(1000), rules),
      'poll',
    )
    expect(next.state.answered).toBe(false)
    expect(acceptedStatuses(next.state, at(3000), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(next.state, at(graceMs), graceMs)).toEqual([])
  })

  it('under auto: never once the status location has answered, even inside the grace', () => {
    const answered = polled(step(acceptedJob(), answer(202, url('/status/1')), at(1000), rules))
    expect(acceptedStatuses(answered, at(1000), graceMs)).toEqual([])
    expect(acceptedStatuses(lockedIn(), at(1000), graceMs)).toEqual([])
  })

  it('under auto: a status location that moved gets its own grace from the move', () => {
    const moved = polled(
      step(
        acceptedJob(),
        answer(202, url('/status/1'), { headers: { location: '/status/2' } }),
        at(2000),
        rules,
      ),
    )
    expect(acceptedStatuses(moved, at(2000 + graceMs - 1), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(moved, at(2000 + graceMs), graceMs)).toEqual([])
  })

  it('under auto: a result link gets its own grace from the moment it is named', () => {
    const fetching = expectNext(
      step(
        lockedIn(),
        answer(303, url('/status/1'), { headers: { location: '/results/1' } }),
        at(4000),
        rules,
      ),
      'fetch',
    ).state
    expect(fetching.targetSince).toBe(at(4000))
    expect(acceptedStatuses(fetching, at(4000), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(fetching, at(4000 + graceMs - 1), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(fetching, at(4000 + graceMs), graceMs)).toEqual([])
  })

  it('always for the status stage of the result convention, past the grace and after an answer', () => {
    const state = acceptedJob(protocols.result)
    expect(new Set(acceptedStatuses(state, t0, graceMs))).toEqual(new Set([404, 409]))
    expect(acceptedStatuses(state, at(60_000), graceMs)).toEqual([404, 409])
    const answered = polled(step(state, answer(202, url('/status/1')), at(1000), rules))
    expect(acceptedStatuses(answered, at(1000), graceMs)).toEqual([404, 409])
    const notYet = expectNext(
      step(answered, answer(409, url('/status/1')), at(3000), rules),
      'poll',
    )
    expect(notYet.state.nextPollAt).toBe(at(7000))
  })
})

describe('Azure 6: hint headers', () => {
  const running = (headers: Record<string, string>) =>
    step(
      azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' }),
      answer(200, url('/ops/1'), { json: { status: 'Running' }, headers }),
      at(1000),
      rules,
    )

  it.each([
    ['retry-after', '/bar'],
    ['retry-after', 'soon'],
    ['retry-after', '-5'],
    ['retry-after', '1.5'],
    ['retry-after', '1e3'],
    ['retry-after', '0x10'],
    ['retry-after', '7 seconds'],
    ['retry-after', 'Mon, 05 Jan 2026 12:00:13 PST'],
    ['retry-after', 'Mon, 32 Jan 2026 12:00:13 GMT'],
    ['retry-after-ms', 'abc'],
    ['x-ms-retry-after-ms', '-100'],
  ])('ignores %s: %j and schedules by the backoff', (name, value) => {
    const next = expectNext(running({ [name]: value }), 'poll')
    expect(next.state.nextPollAt).toBe(at(3000))
    expect(next.update.snapshot.nextPollInMs).toBe(2000)
  })

  it.each([
    ['retry-after', '7', 7000],
    ['retry-after', new Date(at(1000) + 12_000).toUTCString(), 12_000],
    ['retry-after', new Date(at(1000) - 60_000).toUTCString(), 100],
    ['retry-after', '0', 100],
    ['retry-after-ms', '250', 250],
    ['x-ms-retry-after-ms', '1500', 1500],
    ['retry-after-ms', '20', 100],
  ])('honours %s: %j as a wait of %i ms', (name, value, waitMs) => {
    const next = expectNext(running({ [name]: value }), 'poll')
    expect(next.state.nextPollAt).toBe(at(1000) + waitMs)
    expect(next.update.snapshot.nextPollInMs).toBe(waitMs)
  })

  it('takes retry-after-ms before Retry-After', () => {
    const next = expectNext(running({ 'retry-after': '9', 'retry-after-ms': '300' }), 'poll')
    expect(next.state.nextPollAt).toBe(at(1300))
  })

  it('lets a valid Retry-After win over the predicted finish', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const next = expectNext(
      step(
        state,
        answer(200, url('/ops/1'), {
          json: { status: 'Running', percentComplete: 50 },
          headers: { 'retry-after': '20' },
        }),
        at(1000),
        rules,
      ),
      'poll',
    )
    expect(next.update.snapshot.etaMs).toBe(1000)
    expect(next.state.nextPollAt).toBe(at(21_000))
  })

  it('honours a Retry-After on the submit answer, and ignores a junk one there', () => {
    const submitted = (retryAfter: string) =>
      polled(
        begin(
          submission('POST', '/jobs'),
          answer(202, url('/jobs'), {
            headers: { location: '/status/1', 'retry-after': retryAfter },
          }),
          t0,
          rules,
        ),
      )
    expect(submitted('3').nextPollAt).toBe(at(3000))
    expect(submitted('/bar').nextPollAt).toBe(at(1000))
  })
})

describe('Never a wrong result', () => {
  const statusUrl = url('/status/1')
  const longPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(2000)}</body></html>`

  it('after a status word, rejects an HTML 200 with a bounded excerpt of the page', () => {
    const next = step(lockedIn(), answer(200, statusUrl, { html: longPage }), at(3000), rules)
    expect(next.action).toBe('reject')
    const error = (next as Of<'reject'>).error as ProtocolError | ResponseValidationError
    expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
      true,
    )
    expect(error.bodyExcerpt).toBe(longPage.slice(0, 500))
    expect(error.message.length).toBeLessThan(400)
    expect(error.message).toContain(JSON.stringify(longPage.slice(0, 200)))
  })

  it('after a status word, rejects an empty body labelled JSON', () => {
    const next = step(
      lockedIn(),
      answer(200, statusUrl, { body: emptyJson, headers: jsonType }),
      at(3000),
      rules,
    )
    expect(next.action).toBe('reject')
    const error = (next as Of<'reject'>).error as ProtocolError | ResponseValidationError
    expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
      true,
    )
    expect(error.bodyExcerpt).toBe('')
  })

  it('after a status word, rejects a JSON body without the status field, naming its excerpt', () => {
    const body = { id: 7, result_url: '/results/7' }
    const error = rejection(
      step(lockedIn(), answer(200, statusUrl, { json: body }), at(3000), rules),
      ProtocolError,
    )
    expect(error.bodyExcerpt).toBe(JSON.stringify(body))
    expect(error.url).toBe(statusUrl)
  })

  it('rejects an HTML 200 from the status location under auto before any status word', () => {
    const error = rejection(
      step(acceptedJob(), answer(200, statusUrl, { html: longPage }), at(1000), rules),
      ProtocolError,
    )
    expect(error.bodyExcerpt).toBe(longPage.slice(0, 500))
  })

  it('after a Google Operation, rejects an HTML page or a body that is not an Operation', () => {
    const started = polled(
      begin(
        submission('POST', '/v1/things:run'),
        answer(200, url('/v1/things:run'), { json: { name: 'operations/abc', done: false } }),
        t0,
        rules,
      ),
    )
    const operationUrl = url('/v1/operations/abc')
    const page = rejection(
      step(started, answer(200, operationUrl, { html: '<html>oops</html>' }), at(1000), rules),
      ProtocolError,
    )
    expect(page.bodyExcerpt).toBe('<html>oops</html>')
    const other = rejection(
      step(started, answer(200, operationUrl, { json: { id: 1 } }), at(1000), rules),
      ProtocolError,
    )
    expect(other.bodyExcerpt).toBe('{"id":1}')
  })

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

  // Issue 7, Never a wrong result 1 (every convention): once a status resource has answered with a
  // status body, "a body without the field is a ProtocolError or ResponseValidationError".
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

  it.each([null, 3, { code: 7 }, ['running'], true, false])(
    'rejects a status field that is %j with a ProtocolError naming the field and the value',
    (value) => {
      const body = { status: value }
      const expected = `Status field \`status\` is ${JSON.stringify(value)}, not a status word`
      const first = rejection(
        step(acceptedJob(), answer(200, statusUrl, { json: body }), at(1000), rules),
        ProtocolError,
      )
      expect(first.message).toContain(expected)
      expect(first.bodyExcerpt).toBe(JSON.stringify(body))
      const later = rejection(
        step(lockedIn(), answer(200, statusUrl, { json: body }), at(3000), rules),
        ProtocolError,
      )
      expect(later.message).toContain(expected)
    },
  )

  it('names the `state` field when that one is not a string', () => {
    const error = rejection(
      step(acceptedJob(), answer(200, statusUrl, { json: { state: 0 } }), at(1000), rules),
      ProtocolError,
    )
    expect(error.message).toContain('Status field `state` is 0, not a status word')
  })

  it('rejects a status field that is not a string on the submit answer and from an Azure monitor', () => {
    const submitted = rejection(
      begin(
        submission('POST', '/jobs'),
        answer(200, url('/jobs'), { json: { status: 5 } }),
        t0,
        rules,
      ),
      ProtocolError,
    )
    expect(submitted.message).toContain('Status field `status` is 5, not a status word')
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const monitor = rejection(
      step(state, answer(200, url('/ops/1'), { json: { status: null } }), at(1000), rules),
      ProtocolError,
    )
    expect(monitor.message).toContain('Status field `status` is null, not a status word')
  })

  it('rejects an unknown status word with a ProtocolError', () => {
    const error = rejection(
      step(
        acceptedJob(),
        answer(200, statusUrl, { json: { status: 'exploded' } }),
        at(1000),
        rules,
      ),
      ProtocolError,
    )
    expect(error.message).toContain('Unknown status word "exploded"')
  })

  it.each([300, 301, 302, 304, 307, 308])(
    'rejects a %i that reaches the transition with a ProtocolError',
    (httpStatus) => {
      const reply = { headers: { location: '/elsewhere' } }
      const error = rejection(
        step(acceptedJob(), answer(httpStatus, statusUrl, reply), at(1000), rules),
        ProtocolError,
      )
      expect(error.message).toContain(`Unexpected ${httpStatus} answer`)
      const fetching = expectNext(
        step(
          lockedIn(),
          answer(303, statusUrl, { headers: { location: '/results/1' } }),
          at(3000),
          rules,
        ),
        'fetch',
      ).state
      rejection(
        step(fetching, answer(httpStatus, url('/results/1'), reply), at(3000), rules),
        ProtocolError,
      )
      rejection(
        begin(submission('POST', '/jobs'), answer(httpStatus, url('/jobs'), reply), t0, rules),
        ProtocolError,
      )
    },
  )

  it('fetches the Location of a 303 at once, as the result link', () => {
    const next = expectNext(
      step(
        lockedIn(),
        answer(303, statusUrl, { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    )
    expect(next.state.stage).toBe('result')
    expect(next.state.target).toBe(url('/results/1'))
    expect(next.state.resultUrl).toBe(url('/results/1'))
    expect(next.state.nextPollAt).toBe(at(3000))
    expect(next.state.statusUrl).toBe(statusUrl)
  })

  it('rejects a 303 without a Location', () => {
    const error = rejection(
      step(acceptedJob(), answer(303, statusUrl), at(1000), rules),
      ProtocolError,
    )
    expect(error.message).toContain('303 See Other without a Location')
  })

  it('rejects an empty 200 body labelled JSON as the result with ResponseValidationError', () => {
    const empty = answer(200, statusUrl, { body: emptyJson, headers: jsonType })
    const error = rejection(step(acceptedJob(), empty, at(1000), rules), ResponseValidationError)
    expect(error.url).toBe(statusUrl)
    expect(error.bodyExcerpt).toBe('')
    const fetching = expectNext(
      step(
        lockedIn(),
        answer(303, statusUrl, { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    ).state
    const link = answer(200, url('/results/1'), { body: emptyJson, headers: jsonType })
    const fromLink = rejection(step(fetching, link, at(3000), rules), ResponseValidationError)
    expect(fromLink.url).toBe(url('/results/1'))
  })

  it('settles a 204 with an undefined result, from the status location or the result link', () => {
    const fromStatus = expectNext(
      step(acceptedJob(), answer(204, statusUrl), at(1000), rules),
      'succeed',
    )
    expect(fromStatus.result.value).toBeUndefined()
    const fetching = expectNext(
      step(
        lockedIn(),
        answer(303, statusUrl, { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    ).state
    const fromLink = expectNext(
      step(fetching, answer(204, url('/results/1')), at(3000), rules),
      'succeed',
    )
    expect(fromLink.result.value).toBeUndefined()
  })

  it('settles with a JSON 200 from the status location under auto before any status word', () => {
    const next = expectNext(
      step(acceptedJob(), answer(200, statusUrl, { json: { rows: 1 } }), at(1000), rules),
      'succeed',
    )
    expect(next.result.value).toEqual({ rows: 1 })
  })
})

describe('Progress through step', () => {
  const statusUrl = url('/status/1')
  const status = (state: PollState, body: object, ms: number) =>
    step(state, answer(200, statusUrl, { json: { status: 'running', ...body } }), at(ms), rules)

  it.each([
    ['progress-percent', 40, 0.4],
    ['percentComplete', 75, 0.75],
    ['progressPercent', 5, 0.05],
    ['percent_complete', 100, 1],
    ['percent', 0, 0],
    ['percentComplete', 150, 1],
    ['percentComplete', -10, 0],
  ])('reads %s: %s as %s of the way, clamped to 0..1', (field, value, shown) => {
    const next = expectNext(status(acceptedJob(), { [field]: value }, 1000), 'poll')
    expect(next.update.snapshot.progress).toBe(shown)
  })

  it('a bare progress 0.5 then 40 and 45 never shows less than 0.5, until 70 passes it', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.5 }, 1000), 'poll')
    const second = expectNext(status(first.state, { progress: 40 }, 3000), 'poll')
    const third = expectNext(status(second.state, { progress: 45 }, 5000), 'poll')
    const fourth = expectNext(status(third.state, { progress: 70 }, 7000), 'poll')
    expect([first, second, third, fourth].map((next) => next.update.snapshot.progress)).toEqual([
      0.5, 0.5, 0.5, 0.7,
    ])
  })

  it('snapshots progress, etaMs, attempt, nextPollInMs, httpStatus and resultUrl exactly', () => {
    const body1 = { status: 'running', progress: 0.25 }
    const first = expectNext(
      step(acceptedJob(), answer(200, statusUrl, { json: body1 }), at(1000), rules),
      'poll',
    )
    expect(first.update.snapshot).toStrictEqual({
      state: 'pending',
      status: body1,
      progress: 0.25,
      etaMs: 3000,
      attempt: 1,
      elapsedMs: 1000,
      nextPollInMs: 3100,
      httpStatus: 200,
    })
    expect(first.state.nextPollAt).toBe(at(4100))

    const body2 = { status: 'succeeded', progress: 1, result_url: '/results/1' }
    const fetch = expectNext(
      step(first.state, answer(200, statusUrl, { json: body2 }), at(4100), rules),
      'fetch',
    )
    expect(fetch.state.resultUrl).toBe(url('/results/1'))
    expect(fetch.state.nextPollAt).toBe(at(4100))

    const done = expectNext(
      step(
        fetch.state,
        answer(200, url('/results/1'), { json: { report: 'r1' } }),
        at(4200),
        rules,
      ),
      'succeed',
    )
    expect(done.result.value).toEqual({ report: 'r1' })
    expect(done.update.snapshot).toStrictEqual({
      state: 'succeeded',
      status: body2,
      progress: 1,
      attempt: 3,
      elapsedMs: 4200,
      httpStatus: 200,
      resultUrl: url('/results/1'),
    })
  })

  it('keeps predicting while progress stands still, the finish moving out as time passes', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.25 }, 1000), 'poll')
    const stalled = expectNext(status(first.state, { progress: 0.25 }, 4100), 'poll')
    // A quarter done in 4.1 s: 12.3 s to go, approached 60% of the way (7.38 s).
    expect(stalled.update.snapshot.etaMs).toBe(12_300)
    expect(stalled.update.snapshot.progress).toBe(0.25)
    expect(stalled.update.snapshot.nextPollInMs).toBe(7380)
    expect(stalled.state.nextPollAt).toBe(at(11_480))
  })

  it('drops etaMs and returns to the backoff when progress goes back', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.25 }, 1000), 'poll')
    const back = expectNext(status(first.state, { progress: 0.2 }, 4100), 'poll')
    expect(back.update.snapshot.etaMs).toBeUndefined()
    expect(back.update.snapshot.progress).toBe(0.2)
    expect(back.update.snapshot.nextPollInMs).toBe(4000)
    expect(back.state.nextPollAt).toBe(at(8100))
  })

  it('a succeeded operation shows progress 1 and no etaMs', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.25 }, 1000), 'poll')
    const done = expectNext(
      step(
        first.state,
        answer(200, statusUrl, { json: { status: 'done', result: { n: 1 } } }),
        at(2000),
        rules,
      ),
      'succeed',
    )
    expect(done.result.value).toEqual({ n: 1 })
    expect(done.update.snapshot.progress).toBe(1)
    expect(done.update.snapshot.etaMs).toBeUndefined()
  })
})
