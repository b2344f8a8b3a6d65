import type { OperationState } from '../../types/snapshot.js'
import { normalizeKey } from './keys.js'

/** A state as flags said it: `ended` when they only said the work ended. */
export interface FlagReading {
  readonly state: OperationState
  readonly ended: boolean
}

/** Fields whose boolean `true` means still running. */
export const runningFlags = new Set([
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
  'building',
  'isbuilding',
])
/** Fields whose boolean `true` means the work has ended, and `false` that it has not. */
export const endedFlags = new Set([
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
export const successFlags = new Set([
  'success',
  'succeeded',
  'successful',
  'issuccess',
  'issuccessful',
  'passed',
])
/** Fields whose boolean `true` says ended work failed, or was canceled. */
export const failedFlags = new Set([
  'failed',
  'isfailed',
  'haserror',
  'haserrors',
  'errored',
  'iserror',
])
export const canceledFlags = new Set([
  'canceled',
  'cancelled',
  'iscanceled',
  'iscancelled',
  'aborted',
])
/** What a boolean flag named `name` (normalized) says when it is `value`. */
export function flagState(name: string, value: boolean): OperationState | undefined {
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
export function readFlags(record: Record<string, unknown>): FlagReading | undefined {
  let ended: boolean | undefined
  for (const key in record) {
    const value = record[key]
    if (typeof value !== 'boolean' || !Object.hasOwn(record, key)) continue
    const name = normalizeKey(key)
    if (runningFlags.has(name)) {
      if (value) return { state: 'pending', ended: false }
      ended ??= true
    } else if (endedFlags.has(name)) {
      if (!value) return { state: 'pending', ended: false }
      ended = true
    }
  }
  return ended ? { state: 'succeeded', ended: true } : undefined
}
