import type { JsonBodyType } from 'msw'
import { accepted, empty, hints, json, locateUnderSubmit, type Moment, type Wire } from '../wire.js'

/**
 * Generic JSON: `202` + `Location: …/{id}`; the status answers `{"id","status","progress"}` with
 * `queued` (the first poll), then `running`, then `succeeded` with a `result_url` (or the `result`
 * inline), `failed` with an `error`, or `canceled`. `DELETE …/{id}` cancels.
 *
 *   POST   /reports               -> 202, Location: /reports/{id}
 *   GET    /reports/{id}          -> 200 {"id","status":"queued","progress":0}
 *   GET    /reports/{id}          -> 200 {"id","status":"running","progress":0.5}
 *   GET    /reports/{id}          -> 200 {"id","status":"succeeded","progress":1,"result_url":"…/reports/{id}/result"}
 *   GET    /reports/{id}/result   -> 200 RESULT
 */
export const genericJson: Wire = {
  locate: locateUnderSubmit,
  cancelMethod: 'DELETE',
  submitted: accepted,
  status: (moment) => json(statusBody(moment), 200, hints(moment)),
  canceled: () => empty(202),
}

function statusBody(moment: Moment): Record<string, JsonBodyType> {
  const { id, state, progress, settings, locations } = moment
  const withProgress = (value: number | undefined) =>
    value === undefined || settings.progress === undefined ? {} : { progress: value }
  switch (state) {
    case 'pending':
      return { id, status: moment.poll <= 1 ? 'queued' : 'running', ...withProgress(progress) }
    case 'succeeded':
      return {
        id,
        status: 'succeeded',
        ...withProgress(1),
        ...(locations.result === undefined
          ? { result: settings.result }
          : { result_url: locations.result }),
      }
    case 'failed':
      return { id, status: 'failed', error: settings.error }
    case 'canceled':
      return { id, status: 'canceled' }
  }
}
