import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { readState, type StateRules } from '../../src/protocols/reading/state.js'
import type { StatusResponse } from '../../src/protocols/types.js'

const url = 'https://api.example.com/v1/jobs/7'

function response(body: unknown): StatusResponse {
  return { httpStatus: 200, headers: new Headers(), url, body }
}

/** The state alone, under zero configuration unless rules are given. */
const stateOf = (body: unknown, rules: StateRules = {}) => readState(response(body), rules)?.state

/** The ProtocolError reading `body` throws. */
function refusal(body: unknown, rules: StateRules = {}): ProtocolError {
  try {
    readState(response(body), rules)
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
    [{ job_status: 'complete' }, 'succeeded'],
    [{ phase: 'Succeeded' }, 'succeeded'],
    [{ podPhase: 'Pending' }, 'pending'],
    [{ 'provisioning-state': 'Failed' }, 'failed'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('reads the body itself as where the state is', () => {
    const body = { status: 'done', id: 1 }
    expect(readState(response(body), {})).toStrictEqual({ state: 'succeeded', where: body })
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
    expect(stateOf({ httpStatus: 200, runtimeStatus: null, state: undefined, done: true })).toBe(
      'succeeded',
    )
  })
})

describe('readState: strictness', () => {
  it.each([
    ['null', { status: null }, 'Status field `status` is null, not a status word'],
    ['a number', { status: 200 }, 'Status field `status` is 200, not a status word'],
    ['an array', { state: ['a'] }, 'Status field `state` is ["a"], not a status word'],
    ['a boolean', { status: true }, 'Status field `status` is true, not a status word'],
    [
      'an object without state',
      { status: { code: 3 } },
      'Status field `status` is {"code":3}, not a status word',
    ],
    [
      'an object whose state is no word',
      { status: { state: 4 } },
      'Status field `state` is 4, not a status word',
    ],
  ])('refuses a status field holding %s, naming the field', (_what, body, message) => {
    const error = refusal(body)
    expect(error.message).toBe(`${message} (${url})`)
    expect(error.url).toBe(url)
  })

  it('refuses an unknown word, naming the word, the field and classifyStatus', () => {
    expect(refusal({ status: 'baking' }).message).toBe(
      `Unknown status word "baking" in \`status\`; pass \`classifyStatus\` to map it to a state (${url})`,
    )
    expect(refusal({ runtimeStatus: 'Whatever' }).message).toBe(
      `Unknown status word "Whatever" in \`runtimeStatus\`; pass \`classifyStatus\` to map it to a state (${url})`,
    )
  })

  it('carries the excerpt of the body it refused', () => {
    const error = (() => {
      try {
        readState({ ...response({ status: 'baking' }), excerpt: '{"status":"baking"}' }, {})
      } catch (caught) {
        return caught as ProtocolError
      }
    })()
    expect(error?.bodyExcerpt).toBe('{"status":"baking"}')
    expect(error?.message.endsWith(`(${url}): "{\\"status\\":\\"baking\\"}"`)).toBe(true)
  })

  it('refuses a wrapped status field that holds no word', () => {
    expect(refusal({ data: [], meta: { status: 200 } }).message).toBe(
      `Status field \`status\` is 200, not a status word (${url})`,
    )
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
    [{ done: true, is_cancelled: true }, 'canceled'],
    [{ done: true, aborted: false }, 'succeeded'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('ignores flags whose value is no boolean', () => {
    expect(stateOf({ done: 'yes', id: 1 })).toBeUndefined()
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
    [{ state: 'ended', completion_status: 'ok' }, 'succeeded'],
    [{ status: 'completed', success: false }, 'failed'],
    [{ status: 'completed', successful: true }, 'succeeded'],
    [{ status: 'done', is_error: true }, 'failed'],
    [{ status: 'done', cancelled: true }, 'canceled'],
    [{ status: 'done', errored: false }, 'succeeded'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })

  it('never reads a failed phase as succeeded, whatever the outcome says', () => {
    expect(stateOf({ status: 'failed', conclusion: 'success' })).toBe('failed')
    expect(stateOf({ status: 'error', success: true })).toBe('failed')
  })

  it('ignores an outcome field that is not a string', () => {
    expect(stateOf({ status: 'completed', conclusion: null })).toBe('succeeded')
  })

  it('classifies outcome words with classifyStatus first', () => {
    const classifyStatus = (word: string) => (word === 'green' ? 'succeeded' : undefined)
    expect(stateOf({ status: 'completed', conclusion: 'green' }, { classifyStatus })).toBe(
      'succeeded',
    )
    const red = (word: string) => (word === 'red' ? ('failed' as const) : undefined)
    expect(stateOf({ status: 'completed', conclusion: 'red' }, { classifyStatus: red })).toBe(
      'failed',
    )
  })
})

describe('readState: an error field decides only for flag-only bodies', () => {
  it.each([
    [{ done: true, error: { code: 13, message: 'boom' } }, 'failed'],
    [{ done: true, error: 'boom' }, 'failed'],
    [{ done: true, errors: ['boom'] }, 'failed'],
    [{ done: true, failure_reason: 'quota' }, 'failed'],
    [{ done: true, errorMessage: 'x' }, 'failed'],
    [{ done: true, error_details: [{}] }, 'failed'],
    [{ done: true, error: null }, 'succeeded'],
    [{ done: true, error: '' }, 'succeeded'],
    [{ done: true, error: {} }, 'succeeded'],
    [{ done: true, errors: [] }, 'succeeded'],
    [{ done: true, error: false }, 'succeeded'],
    [{ status: 'succeeded', error: 'boom' }, 'succeeded'],
    [{ status: 'completed', errors: ['x'] }, 'succeeded'],
  ] as const)('reads %j as %s', (body, state) => {
    expect(stateOf(body)).toBe(state)
  })
})

describe('readState: one-level envelopes', () => {
  it('reads the object under a key that carries the state, and says where', () => {
    const action = { status: 'in-progress', id: 9 }
    expect(readState(response({ action }), {})).toStrictEqual({ state: 'pending', where: action })
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
    expect(readState(response(body), {})).toStrictEqual({ state: 'pending', where: body })
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
})

describe('readState: classifyStatus', () => {
  it('maps a word the table does not know', () => {
    const classifyStatus = (word: string) => (word === 'baking' ? ('pending' as const) : undefined)
    expect(stateOf({ status: 'baking' }, { classifyStatus })).toBe('pending')
  })

  it('wins over the table', () => {
    const classifyStatus = (word: string) => (word === 'done' ? ('pending' as const) : undefined)
    expect(stateOf({ status: 'done' }, { classifyStatus })).toBe('pending')
    expect(stateOf({ status: 'failed' }, { classifyStatus })).toBe('failed')
  })

  it('receives the word as written and the whole body', () => {
    const seen: unknown[] = []
    const body = { job: { status: 'Baking' } }
    stateOf(body, { classifyStatus: (word, whole) => (seen.push(word, whole), 'pending') })
    expect(seen).toStrictEqual(['Baking', body])
  })

  it('still refuses a word it leaves unknown', () => {
    expect(refusal({ status: 'baking' }, { classifyStatus: () => undefined })).toBeInstanceOf(
      ProtocolError,
    )
  })
})

describe('readState: stateField as a path', () => {
  it('reads a word there, and the object holding it as where', () => {
    const job = { phase: 'DONE', id: 1 }
    expect(readState(response({ job }), { stateField: 'job.phase' })).toStrictEqual({
      state: 'succeeded',
      where: job,
    })
  })

  it('reads there alone: other status fields and flags are not read', () => {
    const rules = { stateField: 'runtimeStatus' }
    expect(stateOf({ runtimeStatus: 'Completed', status: 'running' }, rules)).toBe('succeeded')
    expect(stateOf({ runtimeStatus: 'Completed', is_running: true }, rules)).toBe('succeeded')
    expect(stateOf({ status: 'running' }, rules)).toBeUndefined()
  })

  it('still reads the outcome beside a word there', () => {
    expect(stateOf({ phase: 'done', conclusion: 'failure' }, { stateField: 'phase' })).toBe(
      'failed',
    )
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

  it('reads an error beside a configured boolean as a failure', () => {
    expect(stateOf({ is_done: true, error: 'boom' }, { stateField: 'is_done' })).toBe('failed')
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
    expect(refusal({ phase: 'baking' }, { stateField: 'phase' }).message).toBe(
      `Unknown status word "baking" in \`phase\`; pass \`classifyStatus\` to map it to a state (${url})`,
    )
  })

  it('reads an object there one level down, as where', () => {
    const phase = { state: 'RUNNING' }
    expect(readState(response({ phase }), { stateField: 'phase' })).toStrictEqual({
      state: 'pending',
      where: phase,
    })
    expect(stateOf({ phase: { note: 'x' } }, { stateField: 'phase' })).toBeUndefined()
  })

  it('reads no state where the path holds nothing', () => {
    expect(stateOf({ status: 'done' }, { stateField: 'job.phase' })).toBeUndefined()
  })

  it('classifies the word with classifyStatus first', () => {
    const rules = { stateField: 'phase', classifyStatus: () => 'canceled' as const }
    expect(stateOf({ phase: 'done' }, rules)).toBe('canceled')
  })
})

describe('readState: stateField as a function', () => {
  it('takes its answer as the state, with the body as where', () => {
    const body = { light: 'green' }
    const stateField = (value: unknown) =>
      (value as { light: string }).light === 'green' ? ('succeeded' as const) : undefined
    expect(readState(response(body), { stateField })).toStrictEqual({
      state: 'succeeded',
      where: body,
    })
    expect(stateOf({ light: 'red', status: 'done' }, { stateField })).toBeUndefined()
  })

  it('is not asked about a body that is no object', () => {
    let asked = 0
    const stateField = () => (asked++, 'pending' as const)
    expect(stateOf('text', { stateField })).toBeUndefined()
    expect(asked).toBe(0)
  })
})
