import { describe, expect, it, vi } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { readState, type StateRules } from '../../src/protocols/reading/state.js'
import type { StatusResponse } from '../../src/types/protocol.js'
import type { OperationState } from '../../src/types/snapshot.js'

const url = 'https://api.example.com/v1/jobs/7'

function response(body: unknown): StatusResponse {
  return { httpStatus: 200, headers: new Headers(), url, body }
}

/** The state alone, under zero configuration unless rules are given. */
const stateOf = (body: unknown, rules: StateRules = {}) => readState(response(body), rules)?.state
/** The object the state was read from. */
const whereOf = (body: unknown, rules: StateRules = {}) => readState(response(body), rules)?.where

/** The message refusing an unknown word. */
const unknownWord = (word: string, field: string) =>
  `Unknown status word "${word}" in \`${field}\`; pass \`classifyStatus\` to map it to a state (${url})`

/** The ProtocolError reading `body` (or a whole response) throws. */
function refusal(body: unknown, rules: StateRules = {}, given = response(body)): ProtocolError {
  try {
    readState(given, rules)
  } catch (error) {
    if (error instanceof ProtocolError) return error
    throw error
  }
  throw new Error('readState did not throw')
}

describe('readState: no status body', () => {
  it.each([
    ['a string', 'done'],
    ['an array', [{ status: 'done' }]],
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['an object without state', { id: 7, name: 'report' }],
    ['an outcome field alone', { result_state: 'SUCCESS' }],
    ['a success flag alone', { success: true }],
    ['a failed flag alone', { failed: true }],
    ['a numeric …Status field', { httpStatus: 200, id: 1 }],
    ['a flag that is no boolean', { done: 'yes', id: 1 }],
  ])('reads %s as no state', (_what, body) => {
    expect(readState(response(body), {})).toBeUndefined()
  })
})

describe('readState: a word in a status field', () => {
  it.each([
    [{ status: 'running' }, 'pending'],
    [{ state: 'SUCCEEDED' }, 'succeeded'],
    [{ status: 'failed' }, 'failed'],
    [{ state: 'cancelled' }, 'canceled'],
    [{ runtimeStatus: 'Running' }, 'pending'],
    [{ lifecycleState: 'ACTIVE' }, 'pending'],
    [{ phase: 'Succeeded' }, 'succeeded'],
    [{ podPhase: 'Pending' }, 'pending'],
    [{ 'provisioning-state': 'Failed' }, 'failed'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('reads the body itself as where the state is', () => {
    const body = { status: 'done', id: 1 }
    expect(whereOf(body)).toBe(body)
  })

  it('prefers status over state, and state over any …Status field', () => {
    expect(stateOf({ jobStatus: 'failed', state: 'done', status: 'running' })).toBe('pending')
    expect(stateOf({ jobStatus: 'failed', state: 'done' })).toBe('succeeded')
  })

  it('reads the first …Status, …State or …Phase field in the body’s own order', () => {
    expect(stateOf({ buildPhase: 'queued', runStatus: 'failed' })).toBe('pending')
    expect(stateOf({ runStatus: 'failed', buildPhase: 'queued' })).toBe('failed')
  })

  it('reads status.state one level down, and …Status objects likewise', () => {
    expect(stateOf({ status: { state: 'RUNNING' } })).toBe('pending')
    expect(stateOf({ status: { state: 'DONE' } })).toBe('succeeded')
    expect(stateOf({ jobStatus: { phase: 'Failed' } })).toBe('failed')
    expect(stateOf({ status: { done: true } })).toBe('succeeded')
  })

  it('skips …Status fields that hold no word or object', () => {
    const body = { httpStatus: 200, runtimeStatus: null, state: undefined, done: true }
    expect(stateOf(body)).toBe('succeeded')
  })
})

describe('readState: strictness', () => {
  it.each([
    ['null', { status: null }, '`status` is null'],
    ['a number', { status: 200 }, '`status` is 200'],
    ['an array', { state: ['a'] }, '`state` is ["a"]'],
    ['a boolean', { status: true }, '`status` is true'],
    ['an object whose state is no word', { status: { state: 4 } }, '`state` is 4'],
  ])('refuses a status field holding %s, naming the field', (_what, body, said) => {
    const error = refusal(body)
    expect(error.message).toBe(`Status field ${said}, not a status word (${url})`)
    expect(error.url).toBe(url)
  })

  it('refuses an object with no state it reads, and names stateField', () => {
    // A Kubernetes Job: {"status": {"active": 1}}, its end in status.conditions.
    expect(refusal({ status: { active: 1, startTime: 't' } }).message).toBe(
      `Status field \`status\` is {"active":1,"startTime":"t"}, not a status word; name where the state is with \`stateField\` (a path, or a function of the body) (${url})`,
    )
  })

  it('passes over an object with no state in status for the phase beside it', () => {
    // Quay's repository build: `status` holds the build's figures, `phase` its state.
    const build = (phase: string) => ({
      id: 'b1',
      phase,
      status: { heartbeat: 1704067200, current_command: 2, total_commands: 5 },
      error: null,
    })
    expect(stateOf(build('building'))).toBe('pending')
    expect(stateOf(build('complete'))).toBe('succeeded')
    expect(stateOf({ phase: 'waiting', status: {} })).toBe('pending')
    expect(refusal({ id: 'b1', status: {} }).message).toContain('`status` is {}')
  })

  it('refuses an unknown word, naming the word, the field and classifyStatus', () => {
    expect(refusal({ status: 'served' }).message).toBe(unknownWord('served', 'status'))
    expect(refusal({ runtimeStatus: 'Whatever' }).message).toBe(
      unknownWord('Whatever', 'runtimeStatus'),
    )
  })

  it('carries the excerpt of the body it refused', () => {
    const body = { status: 'served' }
    const error = refusal(body, {}, { ...response(body), excerpt: '{"status":"served"}' })
    expect(error.bodyExcerpt).toBe('{"status":"served"}')
    expect(error.message).toBe(`${unknownWord('served', 'status')}: "{\\"status\\":\\"served\\"}"`)
  })

  it('reads no state in an object whose status is an HTTP code echoed in the body', () => {
    expect(readState(response({ data: [], meta: { status: 200 } }), {})).toBeUndefined()
    expect(readState(response({ data: { status: 200, items: [] } }), {})).toBeUndefined()
  })
})

describe('readState: running anywhere pollwise can read never reads as succeeded', () => {
  it.each([
    { status: 'succeeded', is_running: true },
    { status: 'succeeded', done: false },
    { status: 'completed', inProgress: true },
    { state: 'done', busy: true },
    { status: 'running', done: true },
    { status: { state: 'RUNNING' }, done: true },
    { done: true, running: true },
    { done: true, is_complete: false },
    { status: 'failed', queued: true },
    { life_cycle_state: 'RUNNING', result_state: 'SUCCESS' },
  ])('reads %j as pending', (body) => {
    expect(stateOf(body)).toBe('pending')
  })
})

describe('readState: boolean flags', () => {
  it.each([
    [{ done: true }, 'succeeded'],
    [{ done: false }, 'pending'],
    [{ is_done: true }, 'succeeded'],
    [{ completed: true }, 'succeeded'],
    [{ isFinished: false }, 'pending'],
    [{ ready: true }, 'succeeded'],
    [{ has_ended: true }, 'succeeded'],
    [{ is_running: true }, 'pending'],
    [{ is_running: false }, 'succeeded'],
    [{ processing: false, queued: false }, 'succeeded'],
    [{ done: true, success: false }, 'failed'],
    [{ done: true, isSuccessful: true }, 'succeeded'],
    [{ done: true, failed: true }, 'failed'],
    [{ done: true, failed: false }, 'succeeded'],
    [{ done: true, has_errors: true }, 'failed'],
    [{ done: true, canceled: true }, 'canceled'],
    [{ done: true, aborted: false }, 'succeeded'],
    [{ building: true, result: null }, 'pending'],
    [{ building: false, result: 'FAILURE' }, 'failed'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })
})

describe('readState: a phase with its outcome in a field of its own', () => {
  it.each([
    [{ status: 'completed', conclusion: 'success' }, 'succeeded'],
    [{ status: 'completed', conclusion: 'failure' }, 'failed'],
    [{ status: 'completed', conclusion: 'cancelled' }, 'canceled'],
    [{ status: 'completed', conclusion: 'skipped' }, 'canceled'],
    [{ status: 'completed', conclusion: 'neutral' }, 'succeeded'],
    [{ status: 'completed', conclusion: 'timed_out' }, 'failed'],
    [{ status: 'completed', conclusion: 'action_required' }, 'failed'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, 'succeeded'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'FAILED' }, 'failed'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'CANCELED' }, 'canceled'],
    [{ life_cycle_state: 'INTERNAL_ERROR', result_state: 'SUCCESS' }, 'failed'],
    [{ phase: 'Done', outcome: 'Rejected' }, 'failed'],
    [{ state: 'finished', finalStatus: 'error' }, 'failed'],
    [{ state: 'finished', completion_status: 'successful' }, 'succeeded'],
    [{ status: 'completed', success: false }, 'failed'],
    [{ status: 'completed', successful: true }, 'succeeded'],
    [{ status: 'done', is_error: true }, 'failed'],
    [{ status: 'done', cancelled: true }, 'canceled'],
    [{ status: 'done', errored: false }, 'succeeded'],
    [{ status: 'completed', conclusion: null }, 'succeeded'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('never reads a failed phase as succeeded, whatever the outcome says', () => {
    expect(stateOf({ status: 'failed', conclusion: 'success' })).toBe('failed')
    expect(stateOf({ status: 'error', success: true })).toBe('failed')
  })

  it('classifies outcome words with classifyStatus first', () => {
    const colors: Record<string, OperationState> = { green: 'succeeded', red: 'failed' }
    const rules = { classifyStatus: (word: string) => colors[word] }
    expect(stateOf({ status: 'completed', conclusion: 'green' }, rules)).toBe('succeeded')
    expect(stateOf({ status: 'completed', conclusion: 'red' }, rules)).toBe('failed')
  })
})

describe('readState: an error field decides only where the body says just that the work ended', () => {
  it.each([
    [{ done: true, error: { code: 13, message: 'boom' } }, 'failed'],
    [{ done: true, errors: ['boom'] }, 'succeeded'],
    [{ done: true, failure_reason: 'quota' }, 'failed'],
    [{ done: true, errorMessage: 'x' }, 'failed'],
    [{ done: true, error_details: [{}] }, 'failed'],
    [{ status: 'DONE', error: { code: 5 } }, 'failed'],
    [{ state: 'finished', errors: ['x'] }, 'succeeded'],
    [{ state: 'DONE', errorResult: { reason: 'x' } }, 'failed'],
    [{ status: 'completed', failure: 'x' }, 'failed'],
    [{ jobStatus: 'Complete', error: 'x' }, 'failed'],
    [{ status: 'Ended', errorDetail: 'x' }, 'failed'],
    [{ done: true, error: null }, 'succeeded'],
    [{ done: true, error: '' }, 'succeeded'],
    [{ done: true, error: {} }, 'succeeded'],
    [{ done: true, errors: [] }, 'succeeded'],
    [{ done: true, error: false }, 'succeeded'],
    [{ status: 'done', error: null }, 'succeeded'],
    [{ status: 'succeeded', error: 'boom' }, 'succeeded'],
    [{ status: 'success', errors: ['x'] }, 'succeeded'],
    [{ status: 'available', error: 'x' }, 'succeeded'],
    [{ status: 'running', error: 'x' }, 'pending'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })
})

describe('readState: …Status fields the server uses for other things', () => {
  it('passes over an unknown word for a later field that reads, else refuses the first', () => {
    expect(stateOf({ paymentStatus: 'paid', jobStatus: 'running' })).toBe('pending')
    expect(refusal({ paymentStatus: 'paid', orderState: 'weird' }).message).toBe(
      unknownWord('paid', 'paymentStatus'),
    )
  })

  it('does not read an app’s custom status', () => {
    expect(stateOf({ customStatus: 'whatever', id: 1 })).toBeUndefined()
    expect(stateOf({ customStatus: 'whatever', runtimeStatus: 'Running' })).toBe('pending')
  })

  it('keeps status and state strict: an unknown word there is refused', () => {
    expect(refusal({ status: 'served', jobStatus: 'running' }).message).toBe(
      unknownWord('served', 'status'),
    )
  })
})

describe('readState: one-level envelopes', () => {
  it('reads the object under a key that carries the state, and says where', () => {
    const action = { status: 'in-progress', id: 9 }
    expect(stateOf({ action })).toBe('pending')
    expect(whereOf({ action })).toBe(action)
  })

  it.each([
    [{ job: { state: 'DONE' } }, 'succeeded'],
    [{ data: { done: true, error: 'x' } }, 'failed'],
    [{ run: { status: { state: 'RUNNING' } } }, 'pending'],
    [{ meta: { page: 1 }, task: { phase: 'Failed' }, other: { state: 'done' } }, 'failed'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('prefers the body’s own state to any envelope', () => {
    const body = { status: 'running', job: { status: 'done' } }
    expect(stateOf(body)).toBe('pending')
    expect(whereOf(body)).toBe(body)
  })

  it.each([
    ['links', { links: { status: '/v1/jobs/7/status' } }],
    ['_links', { _links: { status: { href: '/v1/jobs/7' } } }],
    ['urls', { urls: { state: 'https://x.example/s' } }],
    ['error', { error: { code: 3, status: 'INVALID_ARGUMENT' } }],
    ['errors', { errors: { status: 'bad' } }],
    ['failure', { failure: { state: 'oops' } }],
  ])('does not read an envelope under %s', (_key, body) => {
    expect(readState(response(body), {})).toBeUndefined()
  })

  it('reads no deeper than one level', () => {
    expect(stateOf({ a: { b: { status: 'running' } } })).toBeUndefined()
  })

  it('refuses an envelope that runs beside one that ended, in either order', () => {
    const upload = { status: 'complete' }
    const transcode = { status: 'in_progress' }
    expect(refusal({ upload, transcode }).message).toBe(
      `The status body's \`upload\` says succeeded and its \`transcode\` says pending; name the field that holds the state with \`stateField\` (${url})`,
    )
    expect(refusal({ transcode, upload }).message).toContain(
      '`transcode` says pending and its `upload` says succeeded',
    )
    expect(stateOf({ upload, transcode }, { stateField: 'transcode.status' })).toBe('pending')
  })

  it('keeps the first envelope where the others agree that it ran or ended, or say nothing', () => {
    expect(stateOf({ upload: { status: 'complete' }, transcode: { status: 'complete' } })).toBe(
      'succeeded',
    )
    expect(stateOf({ job: { status: 'done' }, owner: { status: 'a word no rule reads' } })).toBe(
      'succeeded',
    )
  })

  it('reads the envelope beside a status that is a number, an HTTP status echoed', () => {
    const result = { id: 'b', status: 'in_progress' }
    expect(stateOf({ status: 200, requestId: 'r', result })).toBe('pending')
    expect(whereOf({ status: 200, requestId: 'r', result })).toBe(result)
    expect(refusal({ status: 200, requestId: 'r' }).message).toBe(
      `Status field \`status\` is 200, not a status word (${url})`,
    )
  })
})

describe('readState: classifyStatus', () => {
  it('maps a word the table does not know', () => {
    const classifyStatus = (word: string) =>
      word === 'served' ? ('succeeded' as const) : undefined
    expect(stateOf({ status: 'served' }, { classifyStatus })).toBe('succeeded')
  })

  it('wins over the table', () => {
    const classifyStatus = (word: string) => (word === 'done' ? ('pending' as const) : undefined)
    expect(stateOf({ status: 'done' }, { classifyStatus })).toBe('pending')
    expect(stateOf({ status: 'failed' }, { classifyStatus })).toBe('failed')
  })

  it('receives the word as written and the whole body', () => {
    const body = { job: { status: 'Served' } }
    const classifyStatus = vi.fn(() => 'pending' as const)
    expect(stateOf(body, { classifyStatus })).toBe('pending')
    expect(classifyStatus.mock.calls).toStrictEqual([['Served', body]])
  })

  it('still refuses a word it leaves unknown', () => {
    const rules = { classifyStatus: () => undefined }
    expect(refusal({ status: 'served' }, rules).message).toBe(unknownWord('served', 'status'))
  })

  it('classifies the word at stateField first', () => {
    const rules = { stateField: 'phase', classifyStatus: () => 'canceled' as const }
    expect(stateOf({ phase: 'done' }, rules)).toBe('canceled')
  })
})

describe('readState: stateField as a path', () => {
  it('reads a word there, and the object holding it as where', () => {
    const job = { phase: 'DONE', id: 1 }
    expect(stateOf({ job }, { stateField: 'job.phase' })).toBe('succeeded')
    expect(whereOf({ job }, { stateField: 'job.phase' })).toBe(job)
  })

  it('reads there alone (other status fields and flags are not read), and the outcome beside', () => {
    const rules = { stateField: 'runtimeStatus' }
    expect(stateOf({ runtimeStatus: 'Success', status: 'running' }, rules)).toBe('succeeded')
    expect(stateOf({ runtimeStatus: 'Success', is_running: true }, rules)).toBe('succeeded')
    expect(stateOf({ status: 'running' }, rules)).toBeUndefined()
    expect(stateOf({ runtimeStatus: 'done', conclusion: 'failure' }, rules)).toBe('failed')
  })

  it.each([
    ['is_done', { is_done: true }, 'succeeded'],
    ['is_done', { is_done: false }, 'pending'],
    ['state.is_done', { state: { is_done: true } }, 'succeeded'],
    ['job.running', { job: { running: true } }, 'pending'],
    ['job.running', { job: { running: false } }, 'succeeded'],
    ['job.failed', { job: { failed: true } }, 'failed'],
    ['canceled', { canceled: true }, 'canceled'],
  ] as const)('reads the boolean at %s named for its meaning (%j → %s)', (path, body, state) => {
    expect(stateOf(body, { stateField: path })).toBe(state)
  })

  it('reads an error beside a configured boolean or ended word as a failure', () => {
    expect(stateOf({ is_done: true, error: 'boom' }, { stateField: 'is_done' })).toBe('failed')
    expect(stateOf({ phase: 'DONE', error: 'boom' }, { stateField: 'phase' })).toBe('failed')
    expect(stateOf({ phase: 'Succeeded', error: 'boom' }, { stateField: 'phase' })).toBe(
      'succeeded',
    )
  })

  it('refuses a boolean whose name says nothing, naming stateField', () => {
    expect(refusal({ flag: true }, { stateField: 'flag' }).message).toBe(
      `\`stateField\` names \`flag\`, a boolean whose meaning pollwise cannot tell from its name; pass a function as \`stateField\` (${url})`,
    )
  })

  it('refuses a number there, and an unknown word there', () => {
    expect(refusal({ job: { phase: 3 } }, { stateField: 'job.phase' }).message).toBe(
      `Status field \`job.phase\` is 3, not a status word (${url})`,
    )
    expect(refusal({ phase: 'served' }, { stateField: 'phase' }).message).toBe(
      unknownWord('served', 'phase'),
    )
  })

  it('reads an object there one level down, as where; nothing where the path holds none', () => {
    const phase = { state: 'RUNNING' }
    expect(stateOf({ phase }, { stateField: 'phase' })).toBe('pending')
    expect(whereOf({ phase }, { stateField: 'phase' })).toBe(phase)
    expect(stateOf({ phase: { note: 'x' } }, { stateField: 'phase' })).toBeUndefined()
    expect(stateOf({ status: 'done' }, { stateField: 'job.phase' })).toBeUndefined()
  })
})

describe('readState: stateField as a function', () => {
  it('takes its answer as the state, with the body as where', () => {
    const body = { light: 'green' }
    const stateField = (value: unknown) =>
      (value as { light: string }).light === 'green' ? ('succeeded' as const) : undefined
    expect(stateOf(body, { stateField })).toBe('succeeded')
    expect(whereOf(body, { stateField })).toBe(body)
    expect(stateOf({ light: 'red', status: 'done' }, { stateField })).toBeUndefined()
  })

  it('is not asked about a body that is no object', () => {
    const stateField = vi.fn(() => 'pending' as const)
    expect(stateOf('text', { stateField })).toBeUndefined()
    expect(stateField).not.toHaveBeenCalled()
  })
})

describe('readState: status and state that disagree on how the work ended', () => {
  // Databricks' runs/get answers both: `status` (TERMINATED, its outcome in termination_details)
  // and the older `state` (TERMINATED with result_state).
  const run = (code: string, resultState: string) => ({
    run_id: 1,
    status: { state: 'TERMINATED', termination_details: { code, type: code } },
    state: { life_cycle_state: 'TERMINATED', result_state: resultState },
  })

  it('refuses the body, naming both fields and stateField, rather than pick one', () => {
    const error = refusal(run('SUCCESS', 'SUCCESS'))
    expect(error.message).toBe(
      `The status body's \`status\` says canceled and its \`state\` says succeeded; name the field that holds the state with \`stateField\` (${url})`,
    )
  })

  it('reads the one stateField names', () => {
    expect(stateOf(run('SUCCESS', 'SUCCESS'), { stateField: 'state' })).toBe('succeeded')
    expect(stateOf(run('RUN_EXECUTION_ERROR', 'FAILED'), { stateField: 'state' })).toBe('failed')
  })

  it('reads them when they agree, and while either runs', () => {
    expect(stateOf({ status: 'completed', state: 'succeeded' })).toBe('succeeded')
    expect(stateOf({ status: { state: 'RUNNING' }, state: { life_cycle_state: 'RUNNING' } })).toBe(
      'pending',
    )
    expect(stateOf({ status: 'TERMINATING', state: 'succeeded' })).toBe('pending')
  })

  it('keeps status where state holds no word a rule reads, or one that says running', () => {
    expect(stateOf({ status: 'completed', state: 'CA' })).toBe('succeeded')
    expect(stateOf({ status: 'failed', state: null })).toBe('failed')
    expect(stateOf({ status: 'completed', state: 'open' })).toBe('succeeded')
  })

  it('reads how the work went from the one that says it, where the other only says it ended', () => {
    // TeamCity's finished build: `state` says it ended, `status` how.
    expect(stateOf({ state: 'finished', status: 'FAILURE', statusText: 'Tests failed: 1' })).toBe(
      'failed',
    )
    expect(stateOf({ state: 'finished', status: 'SUCCESS' })).toBe('succeeded')
    expect(stateOf({ status: 'completed', state: 'failed' })).toBe('failed')
    expect(stateOf({ status: 'done', state: 'canceled' })).toBe('canceled')
  })

  it('keeps running where status names the outcome so far beside a state that runs', () => {
    // TeamCity's running build reports SUCCESS until a step fails, FAILURE after.
    expect(stateOf({ state: 'running', status: 'SUCCESS', percentageComplete: 40 })).toBe('pending')
    expect(stateOf({ state: 'running', status: 'FAILURE' })).toBe('pending')
    expect(stateOf({ state: 'queued', status: 'ERROR' })).toBe('pending')
  })
})

describe('readState: codes, goals, labels and flags', () => {
  it('reads a wrapped object by its other fields where its status is a numeric code', () => {
    const envelope = { code: 200, is_success: true, user_message: 'Success!' }
    expect(stateOf({ status: envelope, data: { status: 3, in_progress: true } })).toBe('pending')
    expect(
      stateOf({ status: envelope, data: { status: 10, is_complete: true, is_success: true } }),
    ).toBe('succeeded')
    expect(
      stateOf({ data: { status: 30, is_complete: true, is_success: false, is_cancelled: true } }),
    ).toBe('canceled')
  })

  it('reads the data beside a status that says how the request went (JSend)', () => {
    // Harness answers every call {"status": "SUCCESS", "data": {…}}, the pipeline running in it.
    const answer = (status: string) => ({
      status: 'SUCCESS',
      data: { pipelineExecutionSummary: { planExecutionId: 'p1', status } },
      correlationId: 'c1',
    })
    expect(stateOf(answer('Running'))).toBe('pending')
    expect(stateOf(answer('Failed'))).toBe('failed')
    expect(stateOf(answer('Success'))).toBe('succeeded')
    expect(stateOf({ status: 'success', data: { job: { state: 'processing' } } })).toBe('pending')
    // Data without a state of its own: the answer's status is all the body says.
    expect(stateOf({ status: 'success', data: { id: 1 } })).toBe('succeeded')
    expect(stateOf({ status: 'completed', data: { state: 'running' } })).toBe('succeeded')
  })

  it('reads a word a rule reads in `progress`, and nothing else there', () => {
    // NetSuite's asynchronous job: `completed` says it ended, `progress` how.
    expect(stateOf({ completed: false, progress: 'pending' })).toBe('pending')
    expect(stateOf({ completed: true, progress: 'failed' })).toBe('failed')
    expect(stateOf({ completed: true, progress: 'succeeded' })).toBe('succeeded')
    expect(stateOf({ progress: 'Uploading' })).toBe('pending')
    // A figure is no state.
    expect(stateOf({ progress: '45%' })).toBeUndefined()
    expect(stateOf({ progress: '3/4' })).toBeUndefined()
    expect(stateOf({ status: 'running', progress: 'done' })).toBe('pending')
  })

  it('reads `progress` and `stage` after any field named for a state, wherever it stands', () => {
    // A step's word first (its download complete), the job's own state after it.
    expect(stateOf({ progress: 'complete', jobStatus: 'running' })).toBe('pending')
    expect(stateOf({ progress: 'processing', jobStatus: 'failed' })).toBe('failed')
    expect(stateOf({ stage: 'completed', runtimeStatus: 'Running' })).toBe('pending')
    // The state's own field says what no rule reads: refused, never read from the step's word.
    expect(() => stateOf({ progress: 'complete', jobStatus: 'Unheard' })).toThrow(ProtocolError)
  })

  it('reads the envelope beside a status of ok, which says how the request went', () => {
    // Qdrant answers every call {"status": "ok", "result": {…}, "time": …}.
    const answer = (status: string) => ({
      result: { operation_id: 7, status },
      status: 'ok',
      time: 0.002,
    })
    expect(stateOf(answer('acknowledged'))).toBe('pending')
    expect(stateOf(answer('completed'))).toBe('succeeded')
    expect(stateOf({ status: 'OK', data: { state: 'failed' } })).toBe('failed')
    // Without an envelope that carries a state, `ok` is no word of the work's.
    expect(() => stateOf({ status: 'ok', result: { count: 3 } })).toThrow(ProtocolError)
  })

  it('reads a `data` envelope as the body: its own envelopes in turn', () => {
    expect(stateOf({ data: { id: '1', processing_info: { state: 'in_progress' } } })).toBe(
      'pending',
    )
    expect(stateOf({ data: { id: '1', processing_info: { state: 'failed' } } })).toBe('failed')
    expect(stateOf({ result: { id: '1', processing_info: { state: 'failed' } } })).toBeUndefined()
    expect(() =>
      stateOf({ data: { upload: { status: 'complete' }, transcode: { status: 'running' } } }),
    ).toThrow(ProtocolError)
  })

  it('passes over a field that names where the work is meant to go', () => {
    expect(stateOf({ desiredStatus: 'RUNNING', lastStatus: 'STOPPED' })).toBe('canceled')
    expect(stateOf({ targetState: 'Running', provisioningState: 'Succeeded' })).toBe('succeeded')
    expect(
      stateOf({ requestedState: 'JOB_STATE_CANCELLED', currentState: 'JOB_STATE_RUNNING' }),
    ).toBe('pending')
  })

  it('reads an enum object by its type where its name is a label of the API’s own', () => {
    expect(stateOf({ state: { type: 'SCHEDULED', name: 'Late' } })).toBe('pending')
    expect(stateOf({ state: { type: 'COMPLETED', name: 'Cached' } })).toBe('succeeded')
    expect(() => stateOf({ state: { type: 'CUSTOM', name: 'Late' } })).toThrow(ProtocolError)
  })

  it('lets flags that say the state decide beside a word no rule reads', () => {
    expect(stateOf({ status: { ready: true, state: 'Ready' } })).toBe('succeeded')
    expect(stateOf({ status: { ready: false, state: 'Ready' } })).toBe('pending')
    expect(() => stateOf({ status: { state: 'Ready' } })).toThrow(ProtocolError)
    // Flags never excuse a status that holds no word.
    expect(() => stateOf({ status: null, done: true })).toThrow(ProtocolError)
  })
})

describe('readState: a word that says canceled keeps it beside flags of failure', () => {
  it.each([
    // AWX sets `failed` for a canceled job too; a Salesforce deploy canceled is not a success.
    [{ status: 'canceled', failed: true }, 'canceled'],
    [{ status: 'Canceled', done: true, success: false }, 'canceled'],
    [{ status: 'aborted', is_error: true }, 'canceled'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('still takes a failure or a success from an outcome field of its own', () => {
    expect(stateOf({ life_cycle_state: 'TERMINATED', result_state: 'FAILED' })).toBe('failed')
    expect(stateOf({ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' })).toBe('succeeded')
    expect(stateOf({ status: 'canceled', result: 'failed' })).toBe('failed')
  })
})

describe('readState: a status code that holds a word says how ended work went', () => {
  it.each([
    // AWS Glacier's DescribeJob: `Completed` says the job ended, `StatusCode` how.
    [{ Completed: false, StatusCode: 'InProgress' }, 'pending'],
    [{ Completed: true, StatusCode: 'Succeeded' }, 'succeeded'],
    [{ Completed: true, StatusCode: 'Failed' }, 'failed'],
    [{ done: true, status_code: 'CANCELLED' }, 'canceled'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('passes over a code no rule reads, or a number', () => {
    expect(stateOf({ done: true, status_code: '200' })).toBe('succeeded')
    expect(stateOf({ done: true, statusCode: 'OK' })).toBe('succeeded')
    expect(stateOf({ status: 'completed', status_code: 0 })).toBe('succeeded')
  })
})

describe('readState: a stage', () => {
  it.each([
    // Mapbox tileset jobs; Hugging Face Spaces' runtime.
    [{ id: 'j-1', stage: 'queued' }, 'pending'],
    [{ id: 'j-1', stage: 'processing' }, 'pending'],
    [{ id: 'j-1', stage: 'success' }, 'succeeded'],
    [{ id: 'j-1', stage: 'failed', errors: ['bad recipe'] }, 'failed'],
    [{ stage: 'BUILDING', hardware: {} }, 'pending'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('is no state where no rule reads its word: a deployment stage, not a phase', () => {
    expect(readState(response({ name: 'api', stage: 'prod' }), {})).toBeUndefined()
    expect(stateOf({ status: 'running', stage: 'prod' })).toBe('pending')
  })

  it('yields to a status field', () => {
    expect(stateOf({ status: 'failed', stage: 'success' })).toBe('failed')
  })
})

describe('readState: an outcome’s summary, and a `passed` flag, say how ended work went', () => {
  it.each([
    [{ state: 'FINISHED', outcomeSummary: 'SUCCESS' }, 'succeeded'],
    [{ state: 'FINISHED', outcomeSummary: 'FAILURE' }, 'failed'],
    [{ state: 'FINISHED', outcome_summary: 'SKIPPED' }, 'canceled'],
    [{ state: 'RUNNING', outcomeSummary: 'FAILURE' }, 'pending'],
    [{ status: 'complete', passed: true }, 'succeeded'],
    [{ status: 'complete', passed: false }, 'failed'],
    [{ status: 'complete', passed: null }, 'succeeded'],
    [{ status: 'in progress', passed: false }, 'pending'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('refuses an outcome summary no rule reads, never taking it for success', () => {
    expect(refusal({ state: 'FINISHED', outcomeSummary: 'INCONCLUSIVE' }).message).toContain(
      'Unknown status word "INCONCLUSIVE" in `outcomeSummary`',
    )
  })
})

describe('readState: the data of an envelope that carries no state', () => {
  it('reads {"response": {"code": …, "data": {…}}} by its data, and says where', () => {
    const data = { status: 'ONGOING', translationJobUid: 'jb7' }
    const body = { response: { code: 'SUCCESS', data } }
    expect(stateOf(body)).toBe('pending')
    expect(whereOf(body)).toBe(data)
    expect(stateOf({ response: { code: 'SUCCESS', data: { ...data, status: 'FAILED' } } })).toBe(
      'failed',
    )
  })

  it('keeps an envelope’s own state before its data’s; the data is read as a body is', () => {
    expect(stateOf({ job: { status: 'done', data: { status: 'running' } } })).toBe('succeeded')
    expect(stateOf({ response: { data: { item: { status: 'running' } } } })).toBe('pending')
    expect(stateOf({ response: { meta: { status: 'running' } } })).toBeUndefined()
  })
})

describe('readState: a boolean status beside the data is how the request went', () => {
  it('reads {"status": true, "message": …, "data": {…}} by its data', () => {
    const data = { batch_code: 'BCH_1', status: 'active', pending_charges: 3 }
    const body = { status: true, message: 'Bulk charge batch retrieved', data }
    expect(stateOf(body)).toBe('pending')
    expect(whereOf(body)).toBe(data)
    expect(stateOf({ ...body, data: { ...data, status: 'complete' } })).toBe('succeeded')
  })

  it('still refuses a boolean status with nothing else to read', () => {
    expect(refusal({ status: true, data: { id: 1 } }).message).toContain(
      'Status field `status` is true, not a status word',
    )
    expect(refusal({ status: true }).message).toContain('Status field `status` is true')
  })
})

describe('readState: the `current` word of a state object', () => {
  it('reads {"state": {"current": …}}, where the object holds no other state', () => {
    expect(stateOf({ state: { current: 'RUNNING', histories: [] } })).toBe('pending')
    expect(stateOf({ state: { current: 'SUCCESS' } })).toBe('succeeded')
    expect(stateOf({ status: { current: 'FAILED' } })).toBe('failed')
  })

  it('reads no `current` of the body itself, and takes one no rule reads for no state', () => {
    expect(stateOf({ current: 'RUNNING' })).toBeUndefined()
    expect(stateOf({ phase: 'building', status: { current: 'step 3', total: 5 } })).toBe('pending')
    expect(refusal({ state: { current: 'WARNING' } }).message).toContain('Status field `state`')
    expect(stateOf({ status: { current: 3, total: 10 }, state: 'running' })).toBe('pending')
  })
})
