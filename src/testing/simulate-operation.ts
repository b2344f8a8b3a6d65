import { type HttpHandler, http } from 'msw'
import { azure } from './conventions/azure.js'
import { genericJson } from './conventions/generic-json.js'
import { google } from './conventions/google.js'
import { httpDriven } from './conventions/http-driven.js'
import { resultPolling } from './conventions/result-polling.js'
import { normalizeSimulation } from './options.js'
import { progressOf, stateOf, type TrackedOperation, trackOperation } from './tracked-operation.js'
import type {
  SimulatedConvention,
  SimulatedOperation,
  SimulatedRequest,
  SimulatedRequestKind,
  Simulation,
  SimulationOptions,
} from './types.js'
import { empty, json, type Moment, type Wire } from './wire.js'

const wires: Record<SimulatedConvention, Wire> = {
  generic: genericJson,
  http: httpDriven,
  result: resultPolling,
  azure,
  google,
}

const byMethod = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
} as const

/**
 * Simulates a long-running operation endpoint of one convention, as msw handlers: each submit
 * starts an operation that stays pending for `polls` status polls (or `durationMs`), reporting
 * `progress`, then ends in its `outcome` with its `result` or `error`; a cancel request ends a
 * pending one as canceled. Test a UI's pending, progress, error and cancel states without a
 * backend. Every call is independent: its own operations, ids and request log. The handlers
 * answer only their own URLs and leave every other request to the next handler.
 *
 * @example
 * import { setupServer } from 'msw/node'
 * import { createClient } from 'pollwise'
 * import { simulateOperation } from 'pollwise/testing'
 *
 * const report = simulateOperation({
 *   convention: 'generic',
 *   baseUrl: 'https://api.test',
 *   submitPath: '/reports',
 *   polls: 3,
 *   result: { url: 'https://files.test/report.pdf' },
 * })
 * const server = setupServer(...report.handlers)
 * server.listen()
 *
 * const api = createClient({ baseUrl: 'https://api.test' })
 * await api.run('/reports') // { url: 'https://files.test/report.pdf' }
 * report.requests.map((r) => r.kind) // ['submit', 'poll', 'poll', 'poll', 'result']
 */
export function simulateOperation(options: SimulationOptions): Simulation {
  const settings = normalizeSimulation(options)
  const wire = wires[settings.convention]
  const views: SimulatedOperation[] = []
  const requests: SimulatedRequest[] = []
  const byUrl = {
    status: new Map<string, TrackedOperation>(),
    result: new Map<string, TrackedOperation>(),
    cancel: new Map<string, TrackedOperation>(),
  }
  let counter = 0

  const record = (kind: SimulatedRequestKind, request: Request, tracked: TrackedOperation) => {
    const { method, url } = request
    requests.push({ kind, method, url, operationId: tracked.id, at: Date.now() })
  }
  const momentOf = (tracked: TrackedOperation): Moment => {
    const now = Date.now()
    const state = stateOf(tracked, settings, now)
    return {
      id: tracked.id,
      locations: tracked.locations,
      state,
      progress: state === 'pending' ? progressOf(tracked, settings, now) : undefined,
      poll: tracked.polls,
      settings,
    }
  }
  /** Handles `method` requests to the URLs of `table`, each about the operation it maps to. */
  const route = (
    method: keyof typeof byMethod,
    table: Map<string, TrackedOperation>,
    answer: (tracked: TrackedOperation, request: Request) => Response,
  ): HttpHandler =>
    byMethod[method](
      ({ request }) => table.has(withoutQuery(request.url)),
      ({ request }) => {
        const tracked = table.get(withoutQuery(request.url))
        return tracked ? answer(tracked, request) : undefined
      },
    )

  const submit = byMethod[settings.method](
    ({ request }) => withoutQuery(request.url) === settings.submitUrl.href,
    ({ request }) => {
      counter += 1
      const id = `${settings.idPrefix}-${counter}`
      const locations = wire.locate(id, settings)
      const tracked = trackOperation(id, locations, settings)
      views.push(tracked.view)
      byUrl.status.set(locations.status, tracked)
      if (locations.result !== undefined) byUrl.result.set(locations.result, tracked)
      byUrl.cancel.set(locations.cancel, tracked)
      record('submit', request, tracked)
      return wire.submitted(momentOf(tracked))
    },
  )
  const status = route('GET', byUrl.status, (tracked, request) => {
    tracked.polls += 1
    record('poll', request, tracked)
    return wire.status(momentOf(tracked))
  })
  const result = route('GET', byUrl.result, (tracked, request) => {
    record('result', request, tracked)
    if (stateOf(tracked, settings, Date.now()) !== 'succeeded') return empty(404)
    return json(settings.result)
  })
  const cancel = route(wire.cancelMethod, byUrl.cancel, (tracked, request) => {
    record('cancel', request, tracked)
    if (!settings.cancelable) {
      const error = { code: 'MethodNotAllowed', message: 'This operation cannot be canceled.' }
      return json({ error }, 405)
    }
    if (stateOf(tracked, settings, Date.now()) !== 'pending') {
      const error = { code: 'Conflict', message: 'The operation has already ended.' }
      return json({ error }, 409)
    }
    tracked.canceled = true
    return wire.canceled()
  })
  // A status URL serves reads only, as a status monitor that is not where cancel goes does.
  const statusWrites = http.all(
    ({ request }) => request.method !== 'GET' && byUrl.status.has(withoutQuery(request.url)),
    () => json({ error: { code: 'MethodNotAllowed', message: 'The status is read-only.' } }, 405),
  )

  return {
    handlers: [submit, status, result, cancel, statusWrites],
    requests,
    operations: views,
    get cancelCount() {
      return requests.filter((request) => request.kind === 'cancel').length
    },
  }
}

/** A URL without its query and fragment, as the simulation's tables key it. */
function withoutQuery(href: string): string {
  const url = new URL(href)
  url.search = ''
  url.hash = ''
  return url.href
}
