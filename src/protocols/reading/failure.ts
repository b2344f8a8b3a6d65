import { isRecord } from '../json.js'
import { keyWords, normalizeKey } from './keys.js'
import { classifyStatusWord, normalizeWord } from './status-words.js'

/**
 * Words of a field name that say it holds what went wrong (an error and its `cause` are read
 * together), and words that say it only counts.
 */
const failureWords = new Set([
  'error',
  'errors',
  'fail',
  'failure',
  'failures',
  'fault',
  'faults',
  'cause',
  'traceback',
])
const countWords = new Set(['count', 'counts', 'total', 'number', 'num'])

/** Words before a failure word that make the name a policy for one: `ActionOnFailure`, `stop_if_error`. */
const conditionWords = new Set(['on', 'if', 'upon', 'when'])

function isFailureName(key: string): boolean {
  const words = keyWords(key)
  return (
    words.some(
      (word, index) => failureWords.has(word) && !conditionWords.has(words[index - 1] ?? ''),
    ) && !words.some((word) => countWords.has(word))
  )
}
/** Where nothing names an error, what the failed work gave back is its account of the failure. */
const outputName = /^(output|result)$/
/**
 * A message (or `msg`), a reason or a reason for something (Conductor's `reasonForIncompletion`;
 * not a `reasonCode`, which only classifies it), or one named for the status (or its change) or
 * the result whatever comes first: `StackStatusReason`, `statusDetail`, `StateChangeReason`,
 * `status_text`, `task_status_msg`, `statusSummary`, Semaphore's `result_reason`, Microsoft Graph's
 * `resultInfo`.
 */
const messageName =
  /^(messages?|msg|reason|detail|details)$|^reasonfor|(status|state|result)(change|transition)?(message|msg|reason|details?|text|description|summary|info)$/

/**
 * What went wrong, from a failed status body: its fields whose names say error, fail, failure,
 * fault, cause or traceback (`error`, `failureReason`, `fail_reason`, `error_message`,
 * `errorResult`, `cause`, `result_traceback`; not a policy for one, `ActionOnFailure`), the value
 * itself where there is one, an object of them where there are several; else a `message` (or
 * `messages`), a `reason` (or `reasonFor…`) or `detail`, or one named for the status, its change or the result
 * (`statusDetail`, `StackStatusReason`, `StateChangeReason`, `result_reason`); else the `output` or `result` the failed work gave
 * back. A word of success there is passed over.
 */
export function findFailure(body: Record<string, unknown>): unknown {
  const named = findNamedFailure(body)
  if (named !== undefined) return named
  const byName = (name: RegExp) => (key: string) => name.test(normalizeKey(key))
  return (fieldsNamed(body, byName(messageName))[0] ??
    fieldsNamed(body, byName(outputName))[0])?.[1]
}

/**
 * The fields of a failed body whose names say what went wrong (see {@link findFailure}), without
 * its messages: what an object the state was not read in (a commit, a creator) says of the failure.
 */
export function findNamedFailure(body: Record<string, unknown>): unknown {
  const found = fieldsNamed(body, isFailureName)
  const [first, second] = found
  // A `cause` alone is why the work began (DigitalOcean's deployment `cause`), not why it failed.
  if (!second && first !== undefined && normalizeKey(first[0]) === 'cause') return undefined
  if (second) return Object.fromEntries(found)
  return first?.[1]
}

/**
 * What went wrong, from a failed body, else from the objects in it (`properties.error`,
 * `analyzeResult.errors`): where services that answer in one shape keep it.
 */
export function findFailureWithin(body: Record<string, unknown>): unknown {
  for (const level of [body, ...Object.values(body).filter(isRecord)]) {
    const detail = findFailure(level)
    if (detail !== undefined) return detail
  }
  return undefined
}

function fieldsNamed(
  body: Record<string, unknown>,
  isNamed: (key: string) => boolean,
): [string, unknown][] {
  return Object.entries(body).filter(
    ([key, value]) =>
      isNamed(key) &&
      value !== null &&
      value !== undefined &&
      typeof value !== 'boolean' &&
      !isEmpty(value) &&
      !saysSuccess(value),
  )
}

/**
 * A word of success in a message field (`"message": "SUCCEED"`, `"status_msg": "success"`) is the
 * API's answer to the request, no account of the failure.
 */
function saysSuccess(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    (normalizeWord(value) === 'ok' || classifyStatusWord(value) === 'succeeded')
  )
}

function isEmpty(value: unknown): boolean {
  if (value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return isRecord(value) && Object.keys(value).length === 0
}
