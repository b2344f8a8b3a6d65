import { jsonExcerpt } from '../../answer.js'
import { shownText } from '../../error-messages.js'
import { ProtocolError } from '../../errors.js'
import type { StatePart } from '../../types/conventions.js'
import type { StatusClassifier, StatusResponse } from '../../types/protocol.js'
import type { OperationState } from '../../types/snapshot.js'
import { isRecord } from '../json.js'
import { lastName, parentOf, readField } from './field-path.js'
import { canceledFlags, failedFlags, flagState, readFlags, successFlags } from './flags.js'
import { findKey, normalizeKey } from './keys.js'
import { classifyStatusWord, normalizeWord } from './status-words.js'

/** What a status body says, and the object it was read from. */
export interface StateReading {
  readonly state: OperationState
  /** The body, or the object under one of its keys that wraps the status (`{"job": {...}}`). */
  readonly where: Record<string, unknown>
}

export interface StateRules {
  readonly classifyStatus?: StatusClassifier | undefined
  readonly stateField?: StatePart | undefined
}

/** Fields that hold an ended phase's outcome as a word (`conclusion: "failure"`, `result_state`). */
const outcomeFields = new Set([
  'conclusion',
  'outcome',
  'resultstate',
  'resultstatus',
  'finalstate',
  'finalstatus',
  'completionstatus',
  'terminationstatus',
  'statuscode',
])
/** An outcome field, or its summary (Firebase Test Lab's `outcomeSummary`). */
const isOutcomeName = (name: string) => outcomeFields.has(name.replace(/summary$/, ''))
/**
 * Outcome fields that may hold a code rather than a word (`"status_code": "200"`): a word no rule
 * reads there is passed over, not refused.
 */
const outcomeCodes = new Set(['statuscode'])
/** Objects that never wrap a status body: links, and an error's own `status` (google.rpc.Status). */
const notAnEnvelope = /^(links|urls|error|errors|failure|meta)$/
/** Fields whose non-empty value says ended work failed, where nothing else says how it went. */
const errorFields =
  /^(error|failure|failurereason|errormessage|errordetails?|errorresult|failuredetails?)$/
/**
 * Words that say the work ended, not how it went: with an error beside them (`{"status": "DONE",
 * "error": {…}}`), it went wrong. An explicit success (`succeeded`) keeps its word.
 */
const endedWords = new Set(['done', 'complete', 'completed', 'finished', 'ended'])
/**
 * A word that names an outcome, not a phase: how a request went (JSend's `success`, `fail`,
 * `error`), or how work goes so far (TeamCity's `{"state": "running", "status": "FAILURE"}`).
 */
const namesOutcome = (word: unknown) =>
  typeof word === 'string' && /^(success|failure?|error)$/.test(normalizeWord(word))

/** `ok`: how a request went, as an HTTP status says it; no word of the work's state. */
const isOk = (word: unknown) => typeof word === 'string' && normalizeWord(word) === 'ok'

/**
 * A body whose `status` is `ok` (Qdrant's every answer): at a result link it says the document
 * was served, and a record in it (`{"status": "ok", "data": {"status": "active"}}`) is content.
 */
export const isOkAnswer = (body: unknown): boolean => isRecord(body) && isOk(body.status)

/** A state as a word or flag said it, and whether that only said the work ended. */
interface Phase {
  readonly state: OperationState
  readonly ended: boolean
}

/**
 * The state a status body carries, or `undefined` when it carries none (it is then no status
 * body). With `stateField`, the state is read there alone. Without it, zero configuration reads:
 * - a word in `status` or `state`, else in the first field whose name ends in `status`, `state`
 *   or `phase` (`runtimeStatus`, `lifecycleState`), else in `stage` or `progress`, with a word any
 *   rule reads; an object there is read one level down (`status.state`, `state.current`), or by
 *   its `name` (`{"state": {"name": "RUNNING"}}`);
 * - boolean flags (`done`, `is_running`, `completed`, `finished`…);
 * - a phase that says the work ended, with its outcome in a field of its own (`conclusion`,
 *   `result_state`, `outcome`, `status_code`, a `result` word; a `success` flag; an `error` beside
 *   a word that only says it ended); a word that says canceled yields to no flag;
 * - a JSON:API resource's `attributes`;
 * - and when the body itself has none of these (or its `status` is a number, an HTTP status
 *   echoed), the object under one of its keys that has (`{"action": {"status": "in-progress"}}`);
 *   one such object that runs beside one that ended is refused.
 * Any reading that says still running wins: a body never settles while a part of it runs.
 *
 * @throws ProtocolError for a word that no rule classifies, a status field that holds no word, a
 * `status` and a `state` that say the work ended in two ways, or an envelope that runs beside one
 * that ended.
 */
export function readState(response: StatusResponse, rules: StateRules): StateReading | undefined {
  const { body } = response
  if (!isRecord(body)) return undefined
  if (rules.stateField !== undefined) return readConfiguredState(response, rules, rules.stateField)
  // `{"status": 200, "result": {"status": "running"}}`: the HTTP status echoed beside an envelope;
  // Harness' `{"status": "SUCCESS", "data": {…}}`: how the request went, the pipeline in the data;
  // so is a boolean there (Paystack's `{"status": true, "message": "…", "data": {…}}`).
  // Qdrant's `{"result": {"status": "acknowledged"}, "status": "ok"}`: `ok` is never the work's.
  const echoed =
    hasCode(body) ||
    isOk(body.status) ||
    ((namesOutcome(body.status) || typeof body.status === 'boolean') && isRecord(body.data))
      ? readEnvelopes(response, rules, body)
      : undefined
  if (echoed) return echoed
  const own = readOwnState(response, rules, body, 0)
  if (own) return { state: own.state, where: body }
  return readEnvelopes(response, rules, body)
}

/**
 * The state of the first object under one of the body's keys that carries one
 * (`{"action": {"status": "in-progress"}}`). One that runs beside one that ended
 * (`{"upload": {"status": "complete"}, "transcode": {"status": "in_progress"}}`) is refused: the
 * body must not settle while a part of it runs, nor poll for ever on a part that is not the work
 * (`{"owner": {"status": "active"}}`); `stateField` names the one that is.
 */
function readEnvelopes(
  response: StatusResponse,
  rules: StateRules,
  body: Record<string, unknown>,
): StateReading | undefined {
  let found: { key: string; reading: StateReading } | undefined
  for (const key in body) {
    const value = body[key]
    if (!Object.hasOwn(body, key) || !isRecord(value)) continue
    if (notAnEnvelope.test(normalizeKey(key))) continue
    const read = () => readEnvelope(response, rules, key, value)
    const wrapped = found === undefined ? read() : readQuietly(read)
    if (wrapped === undefined) continue
    if (found === undefined) {
      found = { key, reading: wrapped }
    } else if ((wrapped.state === 'pending') !== (found.reading.state === 'pending')) {
      throw new ProtocolError(
        `The status body's \`${found.key}\` says ${found.reading.state} and its \`${key}\` says ${wrapped.state}; name the field that holds the state with \`stateField\``,
        response.url,
        response.excerpt,
      )
    }
  }
  return found?.reading
}

/**
 * The state of one envelope. A `data` envelope wraps the whole answer, as the body itself would:
 * its own envelopes are read in turn (`{"data": {"processing_info": {"state": "pending"}}}`); so
 * is the `data` of an envelope that carries no state itself.
 */
function readEnvelope(
  response: StatusResponse,
  rules: StateRules,
  key: string,
  value: Record<string, unknown>,
): StateReading | undefined {
  const record = hasCode(value) ? withoutCode(value) : value
  const own = readOwnState(response, rules, record, 0)
  if (own) return { state: own.state, where: value }
  if (normalizeKey(key) === 'data') return readEnvelopes(response, rules, record)
  // Smartling's `{"response": {"code": "SUCCESS", "data": {…}}}`: the answer wrapped one more time.
  return isRecord(record.data) ? readEnvelope(response, rules, 'data', record.data) : undefined
}

function readConfiguredState(
  response: StatusResponse,
  rules: StateRules,
  part: StatePart,
): StateReading | undefined {
  const body = response.body as Record<string, unknown>
  if (typeof part === 'function') {
    const state = part(body)
    return state === undefined ? undefined : { state, where: body }
  }
  const value = readField(body, part)
  if (value === undefined) return undefined
  const parent = parentOf(body, part)
  const where = isRecord(parent) ? parent : body
  if (isRecord(value) && typeof value.name !== 'string') {
    const phase = readOwnState(response, rules, value, 1)
    return phase === undefined ? undefined : { state: phase.state, where: value }
  }
  const phase = readValue(response, rules, part, lastName(part), value, true)
  if (phase === undefined) {
    throw new ProtocolError(
      `\`stateField\` names \`${part}\`, a boolean whose meaning pollwise cannot tell from its name; pass a function as \`stateField\``,
      response.url,
      response.excerpt,
    )
  }
  return { state: withOutcome(response, rules, where, phase).state, where }
}

/** The state an object's own fields carry (not those of objects under it, but `status.state`). */
function readOwnState(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  depth: number,
): Phase | undefined {
  const flags = readFlags(record)
  // A word no rule reads yields to flags that say the state (`{"ready": true, "state": "Ready"}`).
  const phase = readPhase(response, rules, record, depth, flags === undefined)
  if (phase?.state === 'pending' || flags?.state === 'pending')
    return { state: 'pending', ended: false }
  const said = phase ?? flags
  if (said) return withOutcome(response, rules, record, said)
  // A JSON:API resource keeps its fields under `attributes`.
  return isRecord(record.attributes) && depth === 0
    ? readOwnState(response, rules, record.attributes, 1)
    : undefined
}

/**
 * The word of the first status field: `status`, `state`, then any `…status`, `…state`, `…phase`
 * (and, inside a status object, `current`), then `stage` or `progress`.
 * An unknown word is refused where `strict`, else read as no word.
 */
function readPhase(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  depth: number,
  strict: boolean,
): Phase | undefined {
  // Quay's build has `status: {…figures}` beside its `phase`: an object with no state there is
  // passed over for the other fields, and refused only where none of them carries one.
  const stateless = ['status', 'state'].find(
    (key) => depth === 0 && isStateless(response, rules, record[key]),
  )
  const exact = ['status', 'state'].find((key) => record[key] !== undefined && key !== stateless)
  if (exact !== undefined) {
    const phase = readExact(response, rules, record, exact, depth, strict)
    const other = exact === 'status' && record.state !== undefined ? 'state' : undefined
    if (phase === undefined || phase.state === 'pending' || other === undefined) return phase
    const second = readQuietly(() => readExact(response, rules, record, other, depth, strict))
    if (second === undefined || second.state === phase.state || second.ended) return phase
    if (phase.ended && second.state !== 'pending') return second
    // TeamCity's running build: `state` runs, `status` is the outcome so far (SUCCESS, FAILURE).
    if (second.state === 'pending') return namesOutcome(record.status) ? second : phase
    throw new ProtocolError(
      `The status body's \`${exact}\` says ${phase.state} and its \`${other}\` says ${second.state}; name the field that holds the state with \`stateField\``,
      response.url,
      response.excerpt,
    )
  }
  let unknown: string | undefined
  // A `stage` or `progress` word may be a step's (`"progress": "complete"` beside
  // `"jobStatus": "running"`): it speaks for the work only where no field named for a state does.
  let wordOnly: Phase | undefined
  for (const key of Object.keys(record)) {
    const name = normalizeKey(key)
    // Kestra's `{"state": {"current": "RUNNING", "histories": […]}}`: a state object's present word.
    const current = depth > 0 && name === 'current'
    if (isOutcomeName(name) || !(current || isPhaseName(name))) continue
    const value = record[key]
    if (typeof wordOf(value) === 'string') {
      const phase = readValue(response, rules, key, key, value, false)
      // A `stage` no rule reads may name where the work is deployed (`"stage": "prod"`), a
      // `progress` a figure (`"45%"`), a `current` anything at all: no state.
      if (wordOnlyNames.has(name)) wordOnly ??= phase
      else if (phase) return phase
      else if (!current) unknown ??= key
    } else if (isRecord(value) && depth === 0 && name !== 'progress') {
      const nested = readOwnState(response, rules, value, 1)
      if (nested) return nested
    }
  }
  // Only a word no rule reads: it is the server's, and unknown.
  if (unknown !== undefined) readValue(response, rules, unknown, unknown, record[unknown], strict)
  if (wordOnly) return wordOnly
  if (stateless !== undefined) throw notAWord(response, stateless, record[stateless])
  return undefined
}

/** An object in `status` or `state` that carries no state, nor names one (`{"heartbeat": …}`). */
function isStateless(response: StatusResponse, rules: StateRules, value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.name !== 'string' &&
    readOwnState(response, rules, value, 1) === undefined
  )
}

/** The state in `status` or `state`: a word, or an object read one level down or by its `name`. */
function readExact(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  key: string,
  depth: number,
  strict: boolean,
): Phase | undefined {
  const value = record[key]
  const nested =
    isRecord(value) && depth === 0 ? readOwnState(response, rules, value, 1) : undefined
  if (nested) return nested
  if (typeof value === 'boolean') throw notAWord(response, key, value)
  const phase = readValue(response, rules, key, key, value, strict)
  // An enum object may carry its outcome beside its name: `{"name": "COMPLETED", "result": …}`.
  return isRecord(value) && phase ? withOutcome(response, rules, value, phase) : phase
}

/**
 * What `read` gives, or `undefined` where it refuses with a `ProtocolError`: a second status field
 * beside `status` may hold something else (`"state": "CA"`), and is then passed over.
 */
export function readQuietly<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch (error) {
    if (error instanceof ProtocolError) return undefined
    throw error
  }
}

/**
 * An object whose `status` is a number, or an object with a numeric `code`: an HTTP status echoed
 * in the body (`{"status": {"code": 200, "is_success": true}, "data": {…}}`), not a job's word.
 */
function hasCode(record: Record<string, unknown>): boolean {
  const { status } = record
  return (
    typeof status === 'number' ||
    typeof record.state === 'number' ||
    (isRecord(status) && typeof status.code === 'number')
  )
}

/** A wrapped object less the numeric code in its `status` or `state`, read by its other fields. */
function withoutCode(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([key, value]) => typeof value !== 'number' || !/^(status|state)$/.test(key),
    ),
  )
}

/**
 * Fields that hold a state only as a word a rule reads: Mapbox's `{"stage": "processing"}`,
 * NetSuite's async job `{"completed": true, "progress": "failed"}`.
 */
const wordOnlyNames = new Set(['stage', 'progress'])

/**
 * A field named for a state (`runtimeStatus`, `lifecycleState`, `phase`), not the app's own nor
 * where the work is meant to go (`desiredStatus`, `targetState`, `requestedState`): a goal, not
 * where it is.
 */
function isPhaseName(name: string): boolean {
  return (
    (/(status|state|phase)$/.test(name) || wordOnlyNames.has(name)) &&
    !/^(custom|desired|target|goal|requested)/.test(name)
  )
}

/** A word, or an enum written as an object with its `name` (`{"name": "RUNNING"}`). */
function wordOf(value: unknown): unknown {
  return isRecord(value) && typeof value.name === 'string' ? value.name : value
}

/**
 * A status field's value: a word (or an object naming one), or a boolean whose field name says
 * what `true` means. `undefined` for a boolean whose name says nothing, or an unknown word where
 * `strict` is false.
 */
function readValue(
  response: StatusResponse,
  rules: StateRules,
  path: string,
  name: string,
  value: unknown,
  strict: boolean,
): Phase | undefined {
  const word = wordOf(value)
  if (typeof word === 'string') {
    const state = rules.classifyStatus?.(word, response.body) ?? classifyStatusWord(word)
    // An enum object's `name` may be a label of the API's own (`{"type": "SCHEDULED", "name": "Late"}`).
    if (state === undefined && isRecord(value) && typeof value.type === 'string') {
      return readValue(response, rules, path, name, value.type, strict)
    }
    if (state === undefined && strict) {
      throw new ProtocolError(
        `Unknown status word "${shownText(word)}" in \`${path}\`; pass \`classifyStatus\` to map it to a state`,
        response.url,
        response.excerpt,
      )
    }
    return state === undefined ? undefined : { state, ended: endedWords.has(normalizeWord(word)) }
  }
  if (typeof value === 'boolean') {
    const state = flagState(normalizeKey(name), value)
    return state === undefined ? undefined : { state, ended: true }
  }
  throw notAWord(response, path, value)
}

function notAWord(response: StatusResponse, path: string, value: unknown): ProtocolError {
  return new ProtocolError(
    `Status field \`${path}\` is ${jsonExcerpt(value, 100)}, not a status word${isRecord(value) ? '; name where the state is with `stateField` (a path, or a function of the body)' : ''}`,
    response.url,
    response.excerpt,
  )
}

/**
 * An ended phase's outcome, where the body keeps it apart: an outcome word (a running one keeps
 * the work running, an unknown one is refused; a status code read only where it says failed or
 * canceled), a `result` that is a word of success or failure, a success, failed or canceled flag
 * (not beside a word that says canceled), or (for a phase that only says it ended) a non-empty
 * error.
 */
function withOutcome(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  phase: Phase,
): Phase {
  if (phase.state === 'pending' || phase.state === 'failed') return phase
  const outcomeKey = findKey(record, isOutcomeName)
  const outcome = outcomeKey === undefined ? undefined : wordOf(record[outcomeKey])
  if (typeof outcome === 'string') {
    const strict = !outcomeCodes.has(normalizeKey(outcomeKey as string))
    const read = readValue(response, rules, outcomeKey as string, 'outcome', outcome, strict)
    // A code says only a failure or a cancel: `Created` or `Accepted` there is the HTTP status a
    // step got (Azure Resource Manager's deployment operations), not a running word.
    if (read && (strict || read.state === 'failed' || read.state === 'canceled')) {
      return { state: read.state, ended: false }
    }
  }
  const result = outcomeWord(record.result)
  if (result !== undefined) return { state: result, ended: false }
  // A word that says canceled says how the work went: a `failed` flag beside it (AWX sets it for a
  // canceled job too), or a `success` flag that is false, says only that it did not succeed.
  if (phase.state === 'canceled') return phase
  // A canceled or failed flag says more than a success flag that is false beside it.
  let success: boolean | undefined
  for (const key in record) {
    const value = record[key]
    if (typeof value !== 'boolean' || !Object.hasOwn(record, key)) continue
    const name = normalizeKey(key)
    if (successFlags.has(name)) success ??= value
    else if (value && failedFlags.has(name)) return { state: 'failed', ended: false }
    else if (value && canceledFlags.has(name)) return { state: 'canceled', ended: false }
  }
  if (success !== undefined) return success ? phase : { state: 'failed', ended: false }
  const errorKey = findKey(record, (name) => errorFields.test(name))
  if (phase.ended && errorKey !== undefined && isPresent(record[errorKey])) {
    return { state: 'failed', ended: false }
  }
  return phase
}

/**
 * A `result` that says the work failed or was canceled (`"result": "failed"`). A word of success
 * there may as well be what the work made, and stays the result.
 */
function outcomeWord(value: unknown): 'failed' | 'canceled' | undefined {
  const word = wordOf(value)
  const state = typeof word === 'string' ? classifyStatusWord(word) : undefined
  return state === 'failed' || state === 'canceled' ? state : undefined
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  return !(isRecord(value) && Object.keys(value).length === 0)
}
