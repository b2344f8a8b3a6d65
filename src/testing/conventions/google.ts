import type { JsonBodyType } from 'msw'
import { defaultOperationUrl } from '../../protocols/google.js'
import { hints, json, type Moment, percent, type Wire } from '../wire.js'

/**
 * Google AIP-151: the submit answers `200` with an Operation `{"name":"operations/{id}","done":
 * false,"metadata":{"progressPercent"}}`, polled at `{version}/operations/{id}` on the submit's
 * origin (where pollwise looks by default: the submit's path up to its API version segment, else
 * `/v1`) until `done: true` with `response` (the result) or `error` (code 1, CANCELLED, when
 * canceled). `POST {version}/operations/{id}:cancel` cancels.
 *
 *   POST   /v1/reports:generate      -> 200 {"name":"operations/{id}","done":false,"metadata":{"progressPercent":0}}
 *   GET    /v1/operations/{id}       -> 200 {"name":"operations/{id}","done":false,"metadata":{"progressPercent":50}}
 *   GET    /v1/operations/{id}       -> 200 {"name":"operations/{id}","done":true,"metadata":{"progressPercent":100},
 *                                            "response":RESULT}
 */
export const google: Wire = {
  locate(id, settings) {
    const status = defaultOperationUrl(`operations/${id}`, settings.submitUrl.href)
    return { status, cancel: `${status}:cancel` }
  },
  cancelMethod: 'POST',
  submitted: (moment) => json(operation(moment), 200, hints(moment)),
  status: (moment) => json(operation(moment), 200, hints(moment)),
  canceled: () => json({}),
}

function operation(moment: Moment): Record<string, JsonBodyType> {
  const { id, state, progress, settings } = moment
  const name = `operations/${id}`
  const metadata = (value: number | undefined) =>
    value === undefined || settings.progress === undefined
      ? {}
      : { progressPercent: percent(value) }
  switch (state) {
    case 'pending':
      return { name, done: false, metadata: metadata(progress) }
    case 'succeeded':
      return { name, done: true, metadata: metadata(1), response: settings.result }
    case 'failed':
      return { name, done: true, metadata: metadata(undefined), error: settings.error }
    case 'canceled':
      return {
        name,
        done: true,
        metadata: metadata(undefined),
        error: { code: 1, message: 'Operation was cancelled' },
      }
  }
}
