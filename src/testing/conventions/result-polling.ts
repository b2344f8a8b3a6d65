import { accepted, empty, errorAnswer, hints, json, under, type Wire } from '../wire.js'

/**
 * Result polling: `202` + `Location` of the result itself, which answers `404` until it is ready,
 * then `200` with the result; `422 {"error"}` when failed, `410` when canceled. No progress on the
 * wire. `DELETE …/{id}` cancels.
 *
 *   POST   /exports             -> 202, Location: /exports/{id}
 *   GET    /exports/{id}        -> 404
 *   GET    /exports/{id}        -> 200 RESULT
 */
export const resultPolling: Wire = {
  locate(id, settings) {
    const status = under(settings.submitUrl, id)
    return { status, cancel: status }
  },
  cancelMethod: 'DELETE',
  submitted: accepted,
  status(moment) {
    if (moment.state === 'pending') return empty(404, hints(moment))
    if (moment.state === 'succeeded') return json(moment.settings.result)
    return errorAnswer(moment)
  },
  canceled: () => empty(202),
}
