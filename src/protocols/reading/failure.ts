import { isRecord } from '../json.js'
import { normalizeKey } from './keys.js'

/** Fields of a failed status body that hold what went wrong, by name. */
const failureName = /error|failure|fault/
/** Where nothing names an error, what the failed work gave back is its account of the failure. */
const outputName = /^(output|result)$/
const messageName =
  /^(message|reason|detail|details|statusmessage|statedetails|statereason|statusreason|statemessage)$/

/**
 * What went wrong, from a failed status body: its fields whose names say error, failure or fault
 * (`error`, `failureReason`, `error_message`, `errorResult`), the value itself where there is one,
 * an object of them where there are several; else a `message`, `reason` or `detail`; else the
 * `output` or `result` the failed work gave back.
 */
export function findFailure(body: Record<string, unknown>): unknown {
  const found = fieldsNamed(body, failureName)
  const [first, second] = found
  if (second) return Object.fromEntries(found)
  if (first) return first[1]
  return (fieldsNamed(body, messageName)[0] ?? fieldsNamed(body, outputName)[0])?.[1]
}

function fieldsNamed(body: Record<string, unknown>, name: RegExp): [string, unknown][] {
  return Object.entries(body).filter(
    ([key, value]) =>
      name.test(normalizeKey(key)) &&
      value !== null &&
      value !== undefined &&
      typeof value !== 'boolean' &&
      !isEmpty(value),
  )
}

function isEmpty(value: unknown): boolean {
  if (value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return isRecord(value) && Object.keys(value).length === 0
}
