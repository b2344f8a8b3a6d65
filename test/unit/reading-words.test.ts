import { describe, expect, it } from 'vitest'
import {
  classifyStatusWord,
  failureOrCancel,
  normalizeWord,
} from '../../src/protocols/reading/status-words.js'

describe('classifyStatusWord: the table', () => {
  it.each([
    'queued',
    'pending',
    'processing',
    'running',
    'inprogress',
    // Chargebee's exports: `in_process`.
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
    'registered',
    // Azure DevOps' build inactive in its queue; Spinnaker's execution waiting for its turn.
    'postponed',
    'buffered',
    // Okta's identity source session: its import set off, not yet running.
    'triggered',
    // Qdrant's update with `wait=false`: received, not yet applied.
    'acknowledged',
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
  ])('reads %s as pending', (word) => {
    expect(classifyStatusWord(word)).toBe('pending')
  })

  it.each([
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
    'partiallysucceeded',
    'passed',
  ])('reads %s as succeeded', (word) => {
    expect(classifyStatusWord(word)).toBe('succeeded')
  })

  it.each([
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
    'invalid',
    'actionrequired',
    'stale',
    'unsuccessful',
    'fault',
    'faulted',
    // Amazon's Selling Partner API: a report stopped by a fatal error.
    'fatal',
    // Drone's and Woodpecker's build whose approval was declined.
    'declined',
  ])('reads %s as failed', (word) => {
    expect(classifyStatusWord(word)).toBe('failed')
  })

  it.each([
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
    // DocuSign's envelope voided by its sender; a payment voided before it settled.
    'voided',
  ])('reads %s as canceled', (word) => {
    expect(classifyStatusWord(word)).toBe('canceled')
  })
})

describe('classifyStatusWord: case and separators', () => {
  it.each([
    ['IN_PROGRESS', 'pending'],
    ['in-progress', 'pending'],
    ['In Progress', 'pending'],
    ['InProgress', 'pending'],
    ['in.progress', 'pending'],
    ['NOT_STARTED', 'pending'],
    ['NotStarted', 'pending'],
    ['Continued-As-New', 'pending'],
    ['SUCCEEDED', 'succeeded'],
    ['Partially_Succeeded', 'succeeded'],
    ['TIMED_OUT', 'failed'],
    ['timed out', 'failed'],
    ['Action-Required', 'failed'],
    ['CANCELLED', 'canceled'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it('normalizes a word by dropping case, underscores, dashes, dots and spaces', () => {
    expect(normalizeWord(' In_Progress-now.x ')).toBe('inprogressnowx')
  })
})

describe('classifyStatusWord: a word that ends in a failure is failed', () => {
  it.each([
    'ValidationFailed',
    'INTERNAL_ERROR',
    'upload_expired',
    'payment-failure',
    'ScriptErrored',
    'ValidationErrors',
    'connection_timed_out',
    'jobfailed',
    'CancelFailed',
    'quota_exceeded',
    'MaxRuntimeExceeded',
    'DEADLINE_EXCEEDED',
  ])('reads %s as failed', (word) => {
    expect(classifyStatusWord(word)).toBe('failed')
  })
})

describe('classifyStatusWord: a word that ends in canceled or aborted is canceled', () => {
  it.each(['TaskCanceled', 'user_cancelled', 'RunAborted', 'system-aborted'])(
    'reads %s as canceled',
    (word) => {
      expect(classifyStatusWord(word)).toBe('canceled')
    },
  )
})

describe('classifyStatusWord: a word in -ing is still running', () => {
  it.each(['transcoding', 'finalizing', 'cancelling', 'CANCELING', 'Provisioning', 'baking'])(
    'reads %s as pending',
    (word) => {
      expect(classifyStatusWord(word)).toBe('pending')
    },
  )

  it('needs more than four letters: a short -ing word stays unknown', () => {
    expect(classifyStatusWord('ping')).toBeUndefined()
    expect(classifyStatusWord('king')).toBeUndefined()
  })

  it('reads the failure ending before the -ing rule', () => {
    expect(classifyStatusWord('loading_failed')).toBe('failed')
  })
})

describe("classifyStatusWord: the whole work's noun before a word is that word", () => {
  it.each([
    ['JobComplete', 'succeeded'],
    ['task_succeeded', 'succeeded'],
    ['RunDone', 'succeeded'],
    ['operation_done', 'succeeded'],
    ['BuildFinished', 'succeeded'],
    ['DeploymentSucceeded', 'succeeded'],
    ['deploy_success', 'succeeded'],
    ['WorkflowCompleted', 'succeeded'],
    ['pipeline_ended', 'succeeded'],
    ['ExecutionQueued', 'pending'],
    ['batch_submitted', 'pending'],
    ['order_paused', 'pending'],
    ['process_complete', 'succeeded'],
    ['request_timeout', 'failed'],
    ['job_rejected', 'failed'],
    ['task_killed', 'canceled'],
    ['RunStopped', 'canceled'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })
})

describe('classifyStatusWord: another stage before a word of success or waiting is pending', () => {
  it.each([
    'UploadComplete',
    'upload_completed',
    'subtask_done',
    'TranscodeFinished',
    'ValidationSucceeded',
    'approval_pending',
    'review_queued',
    'ExtractAvailable',
    'ingest_success',
  ])('reads %s as pending', (word) => {
    expect(classifyStatusWord(word)).toBe('pending')
  })

  it('leaves a stage before a failed word failed, by its ending', () => {
    expect(classifyStatusWord('UploadFailed')).toBe('failed')
  })

  it('leaves a stage before a canceled word from the table unknown (only endings cancel)', () => {
    expect(classifyStatusWord('upload_stopped')).toBeUndefined()
    expect(classifyStatusWord('upload_killed')).toBeUndefined()
  })
})

describe('classifyStatusWord: the tricky ones', () => {
  it.each([
    ['UploadComplete', 'pending'],
    ['JobComplete', 'succeeded'],
    ['ValidationFailed', 'failed'],
    ['INTERNAL_ERROR', 'failed'],
    ['cancelling', 'pending'],
    ['unsuccessful', 'failed'],
    ['partiallySucceeded', 'succeeded'],
    ['ContinuedAsNew', 'pending'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })
})

describe('classifyStatusWord: words no rule classifies stay unknown', () => {
  it.each([
    'ok',
    'OK',
    'unknown',
    'idle',
    'closed',
    'deleted',
    'archived',
    'draft',
    'online',
    'yes',
    'true',
    'banana',
    'ordered',
    'completedsuccessfully',
  ])('leaves %j unknown', (word) => {
    expect(classifyStatusWord(word)).toBeUndefined()
  })

  it.each(['ready', 'READY', 'not_ready', 'ExtractReady'])(
    'leaves %j unknown: one API’s READY is ready to start, another’s is done',
    (word) => {
      expect(classifyStatusWord(word)).toBeUndefined()
    },
  )

  it.each(['', '   ', '---', '_._'])('leaves %j, nothing once normalized, unknown', (word) => {
    expect(classifyStatusWord(word)).toBeUndefined()
  })
})

describe('failureOrCancel', () => {
  it.each([
    ['Failed', 'failed'],
    ['FAILED', 'failed'],
    ['Error', 'failed'],
    ['ValidationFailed', 'failed'],
    ['INTERNAL_ERROR', 'failed'],
    ['deployment-failure', 'failed'],
    ['Expired', 'failed'],
    ['TimedOut', 'failed'],
    ['Errored', 'failed'],
    ['Canceled', 'canceled'],
    ['Cancelled', 'canceled'],
    ['Aborted', 'canceled'],
    ['user_cancelled', 'canceled'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(failureOrCancel(word)).toBe(state)
  })

  it.each([
    'Succeeded',
    'Running',
    'InProgress',
    'Accepted',
    'Updating',
    'Deleting',
    'Cancelling',
    'Creating',
    'baking',
    '',
  ])('leaves %j to the caller (still running under Azure)', (word) => {
    expect(failureOrCancel(word)).toBeUndefined()
  })

  it('reads endings only, not the rest of the table', () => {
    expect(failureOrCancel('Rejected')).toBeUndefined()
    expect(failureOrCancel('Terminated')).toBeUndefined()
    expect(failureOrCancel('unsuccessful')).toBeUndefined()
  })
})

describe('classifyStatusWord: an enum value after its type name is that value', () => {
  it.each([
    ['JOB_STATE_SUCCEEDED', 'succeeded'],
    ['JOB_STATE_PENDING', 'pending'],
    ['STATE_RUNNING', 'pending'],
    ['PIPELINE_STATE_FAILED', 'failed'],
    ['StatusCancelled', 'canceled'],
    ['StateNotStarted', 'pending'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it('leaves an unspecified enum value unknown', () => {
    expect(classifyStatusWord('JOB_STATE_UNSPECIFIED')).toBeUndefined()
  })
})

describe('classifyStatusWord: a known word first says how the work went', () => {
  it.each([
    ['completed_with_warnings', 'succeeded'],
    ['SUCCEEDED_WITH_ISSUES', 'succeeded'],
    ['failed_permanently', 'failed'],
    ['queued_for_retry', 'pending'],
    ['PartiallyCompleted', 'succeeded'],
    ['partially_successful', 'succeeded'],
    ['in_progress_cutover', 'pending'],
    ['IN_PROGRESS_REVERT', 'pending'],
    ['complete_pending_revert', 'succeeded'],
    ['SucceededPartial', 'succeeded'],
    ['completed_successfully', 'succeeded'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it.each([
    ['finished_file_sync', 'pending'],
    ['completed_upload', 'pending'],
    ['done_indexing', 'pending'],
  ] as const)('reads %s, a stage done before the work ends, as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })
})

describe('classifyStatusWord: gerunds and negations', () => {
  it.each(['validating_files', 'TIMING-OUT', 'running_late', 'cost_estimating'])(
    'reads %s, a gerund among its words, as pending',
    (word) => {
      expect(classifyStatusWord(word)).toBe('pending')
    },
  )

  it.each(['warning', 'missing', 'outgoing_payment_sent', 'incoming'])(
    'leaves %s, an -ing word that names no work, unknown',
    (word) => {
      expect(classifyStatusWord(word)).toBeUndefined()
    },
  )

  it.each([
    'NoError',
    'NO_ERRORS',
    'not_running',
    'Unavailable',
    'Inactive',
    'Incomplete',
    'IgnoreFailed',
    'ignored_error',
  ])('leaves %s, a word denied, unknown', (word) => {
    expect(classifyStatusWord(word)).toBeUndefined()
    expect(failureOrCancel(word)).toBeUndefined()
  })

  it.each(['SessionTimeout', 'ValidationErrors', 'DEAD'])('reads %s as failed', (word) => {
    expect(classifyStatusWord(word)).toBe('failed')
  })

  it.each(['live', 'deployed', 'published', 'applied', 'ended'])(
    'reads %s as succeeded',
    (word) => {
      expect(classifyStatusWord(word)).toBe('succeeded')
    },
  )
})

describe('classifyStatusWord: an action that undoes the work, ended, says how the work went', () => {
  it.each([
    ['ROLLBACK_COMPLETE', 'failed'],
    ['UPDATE_ROLLBACK_COMPLETE', 'failed'],
    ['IMPORT_ROLLBACK_COMPLETE', 'failed'],
    ['RollbackSucceeded', 'failed'],
    ['ROLLED_BACK', 'failed'],
    ['CANCEL_COMPLETE', 'canceled'],
    ['cancellation_completed', 'canceled'],
    ['REVERT_COMPLETE', 'failed'],
    ['complete_cancel', 'canceled'],
    ['complete_revert', 'failed'],
    ['completed_rollback', 'failed'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it.each([
    'ROLLBACK_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
    'CANCEL_IN_PROGRESS',
    'CANCEL_REQUESTED',
    'pending_rollback',
  ])('reads %s, the undoing still under way, as pending', (word) => {
    expect(classifyStatusWord(word)).toBe('pending')
  })

  it('reads an undoing that failed as failed', () => {
    expect(classifyStatusWord('ROLLBACK_FAILED')).toBe('failed')
    expect(classifyStatusWord('UPDATE_ROLLBACK_FAILED')).toBe('failed')
  })
})

describe('classifyStatusWord: the verb of the request itself before a word is that word', () => {
  it.each([
    ['CREATE_COMPLETE', 'succeeded'],
    ['UPDATE_COMPLETE', 'succeeded'],
    ['DELETE_COMPLETE', 'succeeded'],
    ['IMPORT_COMPLETE', 'succeeded'],
    ['ExportCompleted', 'succeeded'],
    ['EXECUTE_COMPLETE', 'succeeded'],
    ['PUBLISH_COMPLETE', 'succeeded'],
    ['restore_done', 'succeeded'],
    ['CREATE_PENDING', 'pending'],
    ['CREATE_IN_PROGRESS', 'pending'],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'pending'],
    ['CREATE_FAILED', 'failed'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it('leaves a stage that is not the request (an upload, a validation) still running', () => {
    expect(classifyStatusWord('UploadComplete')).toBe('pending')
    expect(classifyStatusWord('ANALYSIS_DONE')).toBe('pending')
  })
})

describe('classifyStatusWord: a word of the table denied is unknown', () => {
  it.each(['Not Processed', 'NOT_PROCESSED', 'not_completed', 'NonQueued', 'no_success'])(
    'leaves %j unknown, never the word it denies',
    (word) => {
      expect(classifyStatusWord(word)).toBeUndefined()
    },
  )

  it('keeps the denials the table holds itself', () => {
    expect(classifyStatusWord('NotStarted')).toBe('pending')
  })
})

describe('classifyStatusWord: of two states joined by `and`, the last says where the work is', () => {
  it.each([
    ['planned_and_finished', 'succeeded'],
    ['PlannedAndFinished', 'succeeded'],
    ['validated_and_queued', 'pending'],
    ['built_and_deployed', 'succeeded'],
  ] as const)('reads %s as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it('leaves a word whose last state no table holds to the other rules', () => {
    expect(classifyStatusWord('planned_and_saved')).toBeUndefined()
    expect(classifyStatusWord('failed_and_retrying')).toBe('failed')
    expect(classifyStatusWord('and_finished')).toBe('pending')
  })
})
