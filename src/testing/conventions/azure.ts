import type { JsonBodyType } from 'msw'
import { empty, hints, json, type Moment, percent, under, type Wire } from '../wire.js'

/**
 * Azure-style: the submit names a status monitor in `Operation-Location`; the monitor answers
 * `{"id","status","percentComplete"}` with `NotStarted` (the first poll), then `Running`, then
 * `Succeeded`, `Failed` (with `error`) or `Canceled`. The result is at the resource, by Azure's
 * defaults: a POST names it in `Location` (`…/{id}`), a PUT or PATCH is its own resource (the
 * submit URL, answering with the latest operation's result), a DELETE has none. `POST
 * {monitor}:cancel` cancels (the guidelines' action on a status monitor), answering the monitor.
 *
 *   POST   /exports                   -> 202, Operation-Location: /exports/operations/{id},
 *                                             Location: /exports/{id}
 *   GET    /exports/operations/{id}   -> 200 {"id","status":"NotStarted","percentComplete":0}
 *   GET    /exports/operations/{id}   -> 200 {"id","status":"Running","percentComplete":50}
 *   GET    /exports/operations/{id}   -> 200 {"id","status":"Succeeded","percentComplete":100}
 *   GET    /exports/{id}              -> 200 RESULT
 *
 *   PUT    /widgets/w1                -> 201 {"provisioningState":"Accepted"},
 *                                             Operation-Location: /widgets/w1/operations/{id}
 */
export const azure: Wire = {
  locate(id, settings) {
    const monitor = under(settings.submitUrl, `operations/${id}`)
    const resource = {
      POST: under(settings.submitUrl, id),
      PUT: settings.submitUrl.href,
      PATCH: settings.submitUrl.href,
      DELETE: undefined,
    }[settings.method]
    return {
      status: monitor,
      ...(resource === undefined ? {} : { result: resource }),
      cancel: `${monitor}:cancel`,
    }
  },
  cancelMethod: 'POST',
  submitted(moment) {
    const { locations, settings } = moment
    const headers = { 'operation-location': locations.status, ...hints(moment) }
    if (settings.method === 'PUT' || settings.method === 'PATCH') {
      return json({ provisioningState: 'Accepted' }, 201, headers)
    }
    const location =
      settings.method === 'POST' && locations.result ? { location: locations.result } : {}
    return empty(202, { ...headers, ...location })
  },
  status: (moment) => json(monitorBody(moment), 200, hints(moment)),
  canceled: () => json({ status: 'Canceled' }),
}

function monitorBody(moment: Moment): Record<string, JsonBodyType> {
  const { id, state, progress, settings } = moment
  const withPercent = (value: number | undefined) =>
    value === undefined || settings.progress === undefined
      ? {}
      : { percentComplete: percent(value) }
  switch (state) {
    case 'pending':
      return { id, status: moment.poll <= 1 ? 'NotStarted' : 'Running', ...withPercent(progress) }
    case 'succeeded':
      return { id, status: 'Succeeded', ...withPercent(1) }
    case 'failed':
      return { id, status: 'Failed', error: settings.error }
    case 'canceled':
      return { id, status: 'Canceled' }
  }
}
