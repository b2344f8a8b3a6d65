import { keepRecent } from '../../recent.js'
import type { OperationState } from '../../types/snapshot.js'

const words: Record<OperationState, readonly string[]> = {
  pending: [
    'queued',
    'pending',
    'processing',
    'running',
    'inprogress',
    'inprocess',
    'notstarted',
    'started',
    'accepted',
    'waiting',
    'scheduled',
    'submitted',
    'created',
    'active',
    'working',
    'new',
    'open',
    'enqueued',
    'inqueue',
    'throttled',
    'received',
    'requested',
    'paused',
    'suspended',
    'delayed',
    'deferred',
    'blocked',
    'continuedasnew',
    'uploaded',
    'prepared',
    'processed',
    'validated',
    'initialized',
    'initiated',
    'transferred',
    'dispatched',
    'assigned',
    'picked',
    'runnable',
    'registered',
    'postponed',
    'buffered',
    'triggered',
    'acknowledged',
  ],
  succeeded: [
    'done',
    'completed',
    'complete',
    'succeeded',
    'succeed',
    'success',
    'successful',
    'finished',
    'ended',
    'available',
    'neutral',
    'live',
    'deployed',
    'published',
    'applied',
    'partiallysucceeded',
    'passed',
  ],
  failed: [
    'failed',
    'fail',
    'failure',
    'error',
    'errored',
    'expired',
    'rejected',
    'timedout',
    'timeout',
    'crashed',
    'dead',
    'invalid',
    'actionrequired',
    'stale',
    'unsuccessful',
    'rolledback',
    'fault',
    'faulted',
    'fatal',
    'declined',
  ],
  canceled: [
    'canceled',
    'cancelled',
    'aborted',
    'stopped',
    'terminated',
    'killed',
    'revoked',
    'skipped',
    'withdrawn',
    'discarded',
    'voided',
  ],
}

const stateOfWord = new Map(
  Object.entries(words).flatMap(([state, list]) =>
    list.map((word) => [word, state as OperationState] as const),
  ),
)
const longestWord = Math.max(...[...stateOfWord.keys()].map((word) => word.length))

/** Words that end in these say how the whole work, or one stage of it, went wrong. */
const failedEndings = [
  'failed',
  'failure',
  'error',
  'errored',
  'errors',
  'timedout',
  'timeout',
  'expired',
  'exceeded',
]
/**
 * Words that deny what follows them: `NoError`, `not_running`, `Unavailable`, `Inactive`; and a
 * failure ignored, after which the work goes on as if none occurred (Harness' `IgnoreFailed`).
 */
const negations =
  /^(no|not|non|un|in)(?=error|failure|running|available|active|started|successful|complete)|^ignored?(?=fail|error)/
/** Prefixes that deny a word of the table after them: `Not Processed`, `NonQueued`. */
const denials = ['no', 'not', 'non']
const canceledEndings = ['canceled', 'cancelled', 'aborted']
// `ready` is in no list: one API's READY is a run ready to start, another's a deployment done.

/**
 * Actions that undo the work, and what the work came to once one of them ended: a rollback that
 * completed left the work undone (`ROLLBACK_COMPLETE`), a cancel that completed canceled it.
 */
const undoings = new Map<string, 'failed' | 'canceled'>([
  ['rollback', 'failed'],
  ['revert', 'failed'],
  ['cancel', 'canceled'],
])

/**
 * Nouns that name the whole work, and verbs that name what was asked of it: `jobcomplete` is the
 * job's word, `createcomplete` the creation's; `uploadcomplete` is a stage's.
 */
const wholeWork = [
  'job',
  'task',
  'run',
  'operation',
  'request',
  'build',
  'deployment',
  'deploy',
  'process',
  'workflow',
  'pipeline',
  'execution',
  'batch',
  'order',
  'create',
  'update',
  'delete',
  'import',
  'export',
  'restore',
  'copy',
  'execute',
  'publish',
]

/** Words in -ing that name no work under way: a direction (`outgoing_payment_sent`) is none. */
const notGerunds = new Set([
  'warning',
  'warnings',
  'missing',
  'nothing',
  'string',
  'thing',
  'incoming',
  'outgoing',
])

function isGerund(part: string): boolean {
  return part.length > 4 && part.endsWith('ing') && !notGerunds.has(part)
}

/** The lower-case words of a status word: `JOB_STATE_RUNNING` and `jobStateRunning` give three. */
function wordsOf(word: string): string[] {
  return word
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter((part) => part !== '')
}

/**
 * The value of an enum written with its type's name before it (protocol buffers' style):
 * `JOB_STATE_SUCCEEDED` and `STATUS_RUNNING` are `SUCCEEDED` and `RUNNING`.
 */
function enumValue(word: string): string {
  const parts = wordsOf(word)
  const last = Math.max(parts.lastIndexOf('state'), parts.lastIndexOf('status'))
  return last === -1 || last === parts.length - 1 ? word : parts.slice(last + 1).join('_')
}

/** A status word without case, `_`, `-`, `.` or spaces: `IN_PROGRESS` and `in-progress` are one. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[\s_.-]/g, '')
}

/**
 * The state a status word names, matched without regard to case, `_`, `-` or spaces
 * (`in_progress`, `InProgress` and `in-progress` are one word). Beyond the table:
 * - a word that ends in a failure (`ValidationFailed`, `INTERNAL_ERROR`, `quota_exceeded`) is
 *   failed, one that ends in `canceled` or `aborted` canceled: a stage that failed fails the work;
 * - an undoing that ended says how the work went (`ROLLBACK_COMPLETE` failed, `CANCEL_COMPLETE`
 *   and `complete_cancel` canceled);
 * - of two states joined by `and`, the last says where the work is (`planned_and_finished`);
 * - a known word first, or its first words together, says how the work went
 *   (`completed_with_warnings`, `in_progress_cutover`);
 * - a word in `-ing` (`transcoding`, `finalizing`, `cancelling`) is still running;
 * - an enum value after its type's name is that value (`JOB_STATE_SUCCEEDED`);
 * - a word denied (`NoError`, `not_running`, `Unavailable`, `Not Processed`) is unknown;
 * - the whole work's noun, or the verb of what was asked, before a word is that word
 *   (`JobComplete`, `task_succeeded`, `CREATE_COMPLETE`);
 * - another stage before a word of success or waiting (`UploadComplete`, `approval_pending`) is
 *   still running: that stage ended or waits, the work goes on.
 * `undefined` when none of these applies.
 *
 * @example
 * classifyStatusWord('ValidationFailed') // 'failed'
 * classifyStatusWord('UploadComplete')   // 'pending'
 */
export const classifyStatusWord: (word: string) => OperationState | undefined =
  keepRecent(classifyWord)

function classifyWord(word: string): OperationState | undefined {
  const normalized = normalizeWord(enumValue(word))
  const known = stateOfWord.get(normalized)
  if (known) return known
  if (normalized === '' || isDenied(normalized)) return undefined
  if (failedEndings.some((ending) => normalized.endsWith(ending))) return 'failed'
  if (canceledEndings.some((ending) => normalized.endsWith(ending))) return 'canceled'
  if (/^partial(ly)?(succeeded|successful|success|completed?)$/.test(normalized)) return 'succeeded'
  const parts = wordsOf(enumValue(word))
  const undone = undoneState(normalized, parts)
  if (undone) return undone
  // Two states joined by `and`: the last says where the work is (`planned_and_finished`).
  const joined = parts.lastIndexOf('and')
  const after = joined > 0 ? stateOfWord.get(parts.slice(joined + 1).join('')) : undefined
  if (after !== undefined) return after
  // A word of its own first says how it went: `completed_with_warnings`, `in_progress_cutover`.
  const lead = leadingState(parts)
  if (lead !== undefined) return lead
  // A gerund says work is under way: `transcoding`, `validating_files`, `TIMING_OUT`.
  if (wordsOf(word).some(isGerund)) return 'pending'
  for (const noun of wholeWork) {
    if (!normalized.startsWith(noun)) continue
    const rest = stateOfWord.get(normalized.slice(noun.length))
    if (rest) return rest
  }
  for (const [known, state] of stateOfWord) {
    if (state !== 'succeeded' && state !== 'pending') continue
    if (known.length >= 4 && normalized.endsWith(known)) return 'pending'
  }
  return undefined
}

/**
 * The state of the longest run of leading words that the table holds: `in_progress` of three. A
 * word of success before a stage's name is that stage done, the work going on
 * (`finished_file_sync`); before how it went (`with`, an adverb, a word of the table) it is the
 * work's (`completed_with_warnings`, `complete_pending_revert`).
 */
function leadingState(parts: readonly string[]): OperationState | undefined {
  // Only first words no longer together than the table's longest can be one of its words: joining
  // every longer run of them would take quadratic time over a server's long word.
  let fitting = 0
  for (let length = 0; fitting < parts.length - 1; fitting++) {
    length += (parts[fitting] as string).length
    if (length > longestWord) break
  }
  for (let end = fitting; end > 0; end--) {
    const state = stateOfWord.get(parts.slice(0, end).join(''))
    if (state === undefined) continue
    const next = parts[end] as string
    const how = /^(with|without|but|partial)$|ly$/.test(next) || stateOfWord.has(next)
    return state === 'succeeded' && !how ? 'pending' : state
  }
  return undefined
}

/** A word that denies one of the table (`Not Processed`), or says there is no error or run. */
function isDenied(normalized: string): boolean {
  return (
    negations.test(normalized) ||
    denials.some(
      (prefix) => normalized.startsWith(prefix) && stateOfWord.has(normalized.slice(prefix.length)),
    )
  )
}

/**
 * The state an undoing that ended leaves: `ROLLBACK_COMPLETE` failed, `CANCEL_COMPLETE` canceled,
 * and so with the word of success first (`complete_cancel`, `complete_revert`).
 */
function undoneState(
  normalized: string,
  parts: readonly string[],
): 'failed' | 'canceled' | undefined {
  const [first = '', ...rest] = parts
  if (stateOfWord.get(first) === 'succeeded') {
    const undone = undoings.get(rest.join(''))
    if (undone !== undefined) return undone
  }
  const last = parts.at(-1)
  if (last === undefined || stateOfWord.get(last) !== 'succeeded') return undefined
  for (const [action, state] of undoings) if (normalized.includes(action)) return state
  return undefined
}

/**
 * The state of a word under a convention that reads unknown words as still running (Azure): only
 * a failure or a cancel, by the same endings as {@link classifyStatusWord}, ends it.
 */
export function failureOrCancel(word: string): 'failed' | 'canceled' | undefined {
  const normalized = normalizeWord(enumValue(word))
  if (negations.test(normalized)) return undefined
  if (failedEndings.some((ending) => normalized.endsWith(ending))) return 'failed'
  if (canceledEndings.some((ending) => normalized.endsWith(ending))) return 'canceled'
  return undefined
}
