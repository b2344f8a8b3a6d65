import type { OperationState } from '../types/snapshot.js'

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
  ],
  succeeded: ['done', 'completed', 'complete', 'succeeded', 'success', 'successful', 'finished'],
  failed: ['failed', 'failure', 'error', 'errored'],
  canceled: ['canceled', 'cancelled', 'aborted'],
}

const stateOfWord = new Map(
  Object.entries(words).flatMap(([state, list]) =>
    list.map((word) => [word, state as OperationState] as const),
  ),
)

/**
 * The state a status word names, matched without regard to case, `_`, `-` or spaces
 * (`in_progress`, `InProgress` and `in-progress` are one word). `undefined` when unknown.
 */
export function classifyStatusWord(word: string): OperationState | undefined {
  return stateOfWord.get(word.toLowerCase().replace(/[\s_-]/g, ''))
}
