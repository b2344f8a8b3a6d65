import { accepted, empty, errorAnswer, hints, json, locateUnderSubmit, type Wire } from '../wire.js'

/**
 * HTTP-driven: the status code carries the state. `202` + `Location: …/{id}`; the status answers
 * `202` while running, then `303 See Other` to `…/{id}/result` (or `200` with the result, with
 * `resultVia: 'inline'`); `422 {"error"}` when failed, `410` when canceled. No progress on the
 * wire. `DELETE …/{id}` cancels.
 *
 *   POST   /jobs                -> 202, Location: /jobs/{id}
 *   GET    /jobs/{id}           -> 202
 *   GET    /jobs/{id}           -> 303, Location: /jobs/{id}/result
 *   GET    /jobs/{id}/result    -> 200 RESULT
 */
export const httpDriven: Wire = {
  locate: locateUnderSubmit,
  cancelMethod: 'DELETE',
  submitted: accepted,
  status(moment) {
    const { state, locations, settings } = moment
    if (state === 'pending') return empty(202, hints(moment))
    if (state !== 'succeeded') return errorAnswer(moment)
    if (locations.result === undefined) return json(settings.result)
    return empty(303, { location: locations.result })
  },
  canceled: () => empty(202),
}
