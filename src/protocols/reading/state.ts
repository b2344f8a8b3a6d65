import { ProtocolError } from '../../errors.js'
import type { OperationState } from '../../types/snapshot.js'
import { isRecord } from '../json.js'
import type { StatusClassifier, StatusResponse } from '../types.js'
import { lastName, parentOf, readField } from './field-path.js'
import { findKey, normalizeKey } from './keys.js'
import { classifyStatusWord, normalizeWord } from './status-words.js'

/**
 * Where a status body's state is when zero configuration cannot find it: a field path (its value
 * a word, or a boolean named for what `true` means) or a function. The client's `stateField`.
 *
 * @example
 * const api = createClient({ stateField: 'job.phase' })           // {"job": {"phase": "RUNNING"}}
 * const flags = createClient({ stateField: (body) => ((body as { ok?: boolean }).ok ? 'succeeded' : 'pending') })
 */
export type StatePart = string | ((body: unknown) => OperationState | undefined)

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

/** Fields whose boolean `true` means still running. */
const runningFlags = new Set([
  'running',
  'isrunning',
  'inprogress',
  'isinprogress',
  'pending',
  'ispending',
  'processing',
  'isprocessing',
  'queued',
  'isqueued',
  'busy',
  'isbusy',
])
/** Fields whose boolean `true` means the work has ended, and `false` that it has not. */
const endedFlags = new Set([
  'done',
  'isdone',
  'completed',
  'iscompleted',
  'complete',
  'iscomplete',
  'finished',
  'isfinished',
  'ended',
  'hasended',
  'ready',
  'isready',
])
/** Fields whose boolean says how ended work went: `true` succeeded, `false` failed. */
const successFlags = new Set(['success', 'succeeded', 'successful', 'issuccess', 'issuccessful'])
/** Fields whose boolean `true` says ended work failed, or was canceled. */
const failedFlags = new Set(['failed', 'isfailed', 'haserror', 'haserrors', 'errored', 'iserror'])
const canceledFlags = new Set(['canceled', 'cancelled', 'iscanceled', 'iscancelled', 'aborted'])
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
])
/** Objects that never wrap a status body: links, and an error's own `status` (google.rpc.Status). */
const notAnEnvelope = /^(links|urls|error|errors|failure)$/
/** Fields whose non-empty value says ended work failed, where nothing else says how it went. */
const errorFields = /^(error|errors|failure|failurereason|errormessage|errordetails?)$/

/**
 * The state a status body carries, or `undefined` when it carries none (it is then no status
 * body). With `stateField`, the state is read there alone. Without it, zero configuration reads:
 * - a word in `status` or `state`, else in any field whose name ends in `status`, `state` or
 *   `phase` (`runtimeStatus`, `lifecycleState`); an object there is read one level down
 *   (`status.state`);
 * - boolean flags (`done`, `is_running`, `completed`, `finished`…);
 * - a phase that says the work ended, with its outcome in a field of its own (`conclusion`,
 *   `result_state`, `outcome`; a `success` flag; an `error` where nothing else says);
 * - and when the body itself has none of these, the object under one of its keys that has
 *   (`{"action": {"status": "in-progress"}}`).
 * Any reading that says still running wins: a body never settles while a part of it runs.
 *
 * @throws ProtocolError for a word that no rule classifies, or a status field that holds no word.
 */
export function readState(response: StatusResponse, rules: StateRules): StateReading | undefined {
  const { body } = response
  if (!isRecord(body)) return undefined
  if (rules.stateField !== undefined) return readConfiguredState(response, rules, rules.stateField)
  const own = readOwnState(response, rules, body, 0)
  if (own) return { state: own, where: body }
  for (const [key, value] of Object.entries(body)) {
    if (!isRecord(value) || notAnEnvelope.test(normalizeKey(key))) continue
    const wrapped = readOwnState(response, rules, value, 0)
    if (wrapped) return { state: wrapped, where: value }
  }
  return undefined
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
  if (isRecord(value)) {
    const state = readOwnState(response, rules, value, 1)
    return state === undefined ? undefined : { state, where: value }
  }
  const phase = readValue(response, rules, part, lastName(part), value, true)
  if (phase === undefined) {
    throw new ProtocolError(
      `\`stateField\` names \`${part}\`, a boolean whose meaning pollwise cannot tell from its name; pass a function as \`stateField\``,
      response.url,
      response.excerpt,
    )
  }
  const ended = typeof value === 'boolean' || isEndedWord(value)
  return { state: withOutcome(response, rules, where, phase, ended), where }
}

/** The state an object's own fields carry (not those of objects under it, but `status.state`). */
function readOwnState(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  depth: number,
): OperationState | undefined {
  const phase = readPhase(response, rules, record, depth)
  const flags = readFlags(record)
  if (phase === 'pending' || flags === 'pending') return 'pending'
  if (phase !== undefined) return withOutcome(response, rules, record, phase, saysEnded(record))
  return flags === undefined ? undefined : withOutcome(response, rules, record, flags, true)
}

/** The word of the first status field: `status`, `state`, then any `…status`, `…state`, `…phase`. */
function readPhase(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  depth: number,
): OperationState | undefined {
  const exact = ['status', 'state'].find((key) => record[key] !== undefined)
  if (exact !== undefined) {
    const value = record[exact]
    const nested =
      isRecord(value) && depth === 0 ? readOwnState(response, rules, value, 1) : undefined
    if (nested) return nested
    if (typeof value === 'boolean') throw notAWord(response, exact, value)
    return readValue(response, rules, exact, exact, value, true)
  }
  let unknown: string | undefined
  for (const key of Object.keys(record)) {
    const name = normalizeKey(key)
    if (outcomeFields.has(name) || !isPhaseName(name)) continue
    const value = record[key]
    if (typeof value === 'string') {
      const state = readValue(response, rules, key, key, value, false)
      if (state) return state
      unknown ??= key
    } else if (isRecord(value) && depth === 0) {
      const nested = readOwnState(response, rules, value, 1)
      if (nested) return nested
    }
  }
  // Only a word no rule reads: it is the server's, and unknown.
  if (unknown !== undefined) readValue(response, rules, unknown, unknown, record[unknown], true)
  return undefined
}

/** A field named for a state (`runtimeStatus`, `lifecycleState`, `phase`), not the app's own. */
function isPhaseName(name: string): boolean {
  return /(status|state|phase)$/.test(name) && !name.startsWith('custom')
}

/**
 * A status field's value: a word, or a boolean whose field name says what `true` means.
 * `undefined` for a boolean whose name says nothing.
 */
function readValue(
  response: StatusResponse,
  rules: StateRules,
  path: string,
  name: string,
  value: unknown,
  strict: boolean,
): OperationState | undefined {
  if (typeof value === 'string') {
    const state = rules.classifyStatus?.(value, response.body) ?? classifyStatusWord(value)
    if (state === undefined && strict) {
      throw new ProtocolError(
        `Unknown status word "${value}" in \`${path}\`; pass \`classifyStatus\` to map it to a state`,
        response.url,
        response.excerpt,
      )
    }
    return state
  }
  if (typeof value === 'boolean') return flagState(normalizeKey(name), value)
  throw notAWord(response, path, value)
}

function notAWord(response: StatusResponse, path: string, value: unknown): ProtocolError {
  return new ProtocolError(
    `Status field \`${path}\` is ${JSON.stringify(value)}, not a status word`,
    response.url,
    response.excerpt,
  )
}

function flagState(name: string, value: boolean): OperationState | undefined {
  if (runningFlags.has(name)) return value ? 'pending' : 'succeeded'
  if (endedFlags.has(name)) return value ? 'succeeded' : 'pending'
  if (failedFlags.has(name)) return value ? 'failed' : 'succeeded'
  if (canceledFlags.has(name)) return value ? 'canceled' : 'succeeded'
  return undefined
}

/**
 * The state boolean flags carry: running while any says so or an "ended" flag is false; when one
 * says the work ended, a failed or canceled flag says how. Outcome flags alone (`success: true`)
 * say nothing of a job: APIs put them on every answer.
 */
function readFlags(record: Record<string, unknown>): OperationState | undefined {
  let ended: boolean | undefined
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'boolean') continue
    const name = normalizeKey(key)
    if (runningFlags.has(name)) {
      if (value) return 'pending'
      ended ??= true
    } else if (endedFlags.has(name)) {
      if (!value) return 'pending'
      ended = true
    }
  }
  return ended ? 'succeeded' : undefined
}

/**
 * An ended phase's outcome, where the body keeps it apart: an outcome word, a success, failed or
 * canceled flag, or (for work that only says it ended, by a flag or a word such as `DONE`) a
 * non-empty error field.
 */
function withOutcome(
  response: StatusResponse,
  rules: StateRules,
  record: Record<string, unknown>,
  phase: OperationState,
  ended: boolean,
): OperationState {
  if (phase === 'pending' || phase === 'failed') return phase
  const outcomeKey = findKey(record, (name) => outcomeFields.has(name))
  const outcome = outcomeKey === undefined ? undefined : record[outcomeKey]
  if (typeof outcome === 'string') {
    const state = readValue(response, rules, outcomeKey as string, 'outcome', outcome, false)
    if (state !== undefined && state !== 'pending') return state
  }
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'boolean') continue
    const name = normalizeKey(key)
    if (successFlags.has(name)) return value ? phase : 'failed'
    if (value && failedFlags.has(name)) return 'failed'
    if (value && canceledFlags.has(name)) return 'canceled'
  }
  const errorKey = findKey(record, (name) => errorFields.test(name))
  if (ended && errorKey !== undefined && isPresent(record[errorKey])) return 'failed'
  return phase
}

/**
 * Words that say the work ended, not how it went: with an error beside them (`{"status": "DONE",
 * "error": {…}}`), it went wrong. An explicit success (`succeeded`) keeps its word.
 */
const endedWords = new Set(['done', 'complete', 'completed', 'finished', 'ended'])

function isEndedWord(value: unknown): boolean {
  return typeof value === 'string' && endedWords.has(normalizeWord(value))
}

/** Whether an object's status word only says that the work ended. */
function saysEnded(record: Record<string, unknown>): boolean {
  return Object.entries(record).some(
    ([key, value]) => isPhaseName(normalizeKey(key)) && isEndedWord(value),
  )
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  return !(isRecord(value) && Object.keys(value).length === 0)
}
