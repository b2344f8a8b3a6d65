import type { OperationState } from '../../types/snapshot.js'

const words: Record<OperationState, readonly string[]> = {
  pending: [
    'queued',
    'pending',
    'processing',
    'running',
    'inprogress',
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
    'dispatched',
    'assigned',
  ],
  succeeded: [
    'done',
    'completed',
    'complete',
    'succeeded',
    'success',
    'successful',
    'finished',
    'ended',
    'available',
    'neutral',
    'partiallysucceeded',
  ],
  failed: [
    'failed',
    'failure',
    'error',
    'errored',
    'expired',
    'rejected',
    'timedout',
    'timeout',
    'crashed',
    'invalid',
    'actionrequired',
    'stale',
    'unsuccessful',
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
  ],
}

const stateOfWord = new Map(
  Object.entries(words).flatMap(([state, list]) =>
    list.map((word) => [word, state as OperationState] as const),
  ),
)

/** Words that end in these say how the whole work, or one stage of it, went wrong. */
const failedEndings = ['failed', 'failure', 'error', 'errored', 'errors', 'timedout', 'expired']
const canceledEndings = ['canceled', 'cancelled', 'aborted']
// `ready` is in no list: one API's READY is a run ready to start, another's a deployment done.

/** Nouns that name the whole work: `jobcomplete` is the job's word, `uploadcomplete` a stage's. */
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
]

/** A status word without case, `_`, `-`, `.` or spaces: `IN_PROGRESS` and `in-progress` are one. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[\s_.-]/g, '')
}

/**
 * The state a status word names, matched without regard to case, `_`, `-` or spaces
 * (`in_progress`, `InProgress` and `in-progress` are one word). Beyond the table:
 * - a word that ends in a failure (`ValidationFailed`, `INTERNAL_ERROR`, `upload_expired`) is
 *   failed, one that ends in `canceled` or `aborted` canceled: a stage that failed fails the work;
 * - a word in `-ing` (`transcoding`, `finalizing`, `cancelling`) is still running;
 * - the whole work's noun before a word is that word (`JobComplete`, `task_succeeded`);
 * - another stage before a word of success or waiting (`UploadComplete`, `approval_pending`) is
 *   still running: that stage ended or waits, the work goes on.
 * `undefined` when none of these applies.
 *
 * @example
 * classifyStatusWord('ValidationFailed') // 'failed'
 * classifyStatusWord('UploadComplete')   // 'pending'
 */
export function classifyStatusWord(word: string): OperationState | undefined {
  const normalized = normalizeWord(word)
  const known = stateOfWord.get(normalized)
  if (known) return known
  if (normalized === '') return undefined
  if (failedEndings.some((ending) => normalized.endsWith(ending))) return 'failed'
  if (canceledEndings.some((ending) => normalized.endsWith(ending))) return 'canceled'
  if (normalized.length > 4 && normalized.endsWith('ing')) return 'pending'
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
 * The state of a word under a convention that reads unknown words as still running (Azure): only
 * a failure or a cancel, by the same endings as {@link classifyStatusWord}, ends it.
 */
export function failureOrCancel(word: string): 'failed' | 'canceled' | undefined {
  const normalized = normalizeWord(word)
  if (failedEndings.some((ending) => normalized.endsWith(ending))) return 'failed'
  if (canceledEndings.some((ending) => normalized.endsWith(ending))) return 'canceled'
  return undefined
}
