import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { OperationFailedError, ResponseValidationError } from '../../src/errors.js'
import type { Success } from '../../src/operation/poll-loop.js'
import { type Participant, Waiter } from '../../src/operation/waiter.js'
import type { StatusUpdate } from '../../src/state/transition.js'
import { listenForAbort } from '../../src/time/abort-listeners.js'
import type { WaitOptions } from '../../src/types/options.js'
import type { Snapshot } from '../../src/types/snapshot.js'
import { flush, manualClock } from './support/manual-clock.js'
import { acceptedJob, t0 } from './support/step-fixtures.js'

const pendingSnapshot: Snapshot = {
  state: 'pending',
  status: undefined,
  attempt: 1,
  elapsedMs: 1000,
  httpStatus: 200,
}
const running: StatusUpdate = {
  snapshot: { ...pendingSnapshot, status: { status: 'running' } },
  statusBody: { value: { status: 'running' }, excerpt: '{"status":"running"}' },
}
const success: Success = {
  update: {
    snapshot: {
      state: 'succeeded',
      status: undefined,
      attempt: 2,
      elapsedMs: 3000,
      httpStatus: 200,
    },
    statusBody: undefined,
  },
  result: { value: { rows: 3 }, excerpt: '{"rows":3}' },
}

/** A wait on an accepted job, with its outcome recorded and a party that records who left. */
function waiter(options: WaitOptions<unknown, unknown> = {}) {
  const seen: Snapshot[] = []
  const outcomes: PromiseSettledResult<unknown>[] = []
  const left: Participant[] = []
  const wait = new Waiter(
    {
      onProgress: (snapshot) => {
        seen.push(snapshot)
      },
      ...options,
    },
    { current: acceptedJob() },
    manualClock(t0).clock,
    (value) => outcomes.push({ status: 'fulfilled', value }),
    (reason) => outcomes.push({ status: 'rejected', reason }),
  )
  wait.party = { leave: (participant) => left.push(participant) }
  return { wait, seen, outcomes, left }
}

describe('Waiter', () => {
  it('hands each pending snapshot to onProgress, with the status body as its status', async () => {
    const { wait, seen, outcomes } = waiter()
    await wait.observe(running)
    expect(seen).toEqual([{ ...pendingSnapshot, status: { status: 'running' } }])
    expect(outcomes).toEqual([])
  })

  it('settles with the result after showing onProgress the terminal snapshot, and leaves its party', async () => {
    const { wait, seen, outcomes, left } = waiter()
    wait.settleWith(Promise.resolve(success))
    await flush()
    expect(seen.map((snapshot) => snapshot.state)).toEqual(['succeeded'])
    expect(outcomes).toEqual([{ status: 'fulfilled', value: { rows: 3 } }])
    expect(left).toEqual([wait])
    expect(wait.party).toBeUndefined()
  })

  it('rejects with a ResponseValidationError when the result schema refuses the result', async () => {
    const { wait, outcomes } = waiter({ result: z.object({ rows: z.string() }) })
    wait.settleWith(Promise.resolve(success))
    await flush()
    expect(outcomes).toHaveLength(1)
    const outcome = outcomes[0] as PromiseRejectedResult
    expect(outcome.reason).toBeInstanceOf(ResponseValidationError)
  })

  it('ends when the status schema refuses a status body, and observes nothing after', async () => {
    const { wait, seen, outcomes, left } = waiter({
      status: z.object({ status: z.literal('queued') }),
    })
    await wait.observe(running)
    expect(seen).toEqual([])
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(ResponseValidationError)
    expect(left).toEqual([wait])
    wait.settleWith(Promise.resolve(success))
    await flush()
    expect(outcomes).toHaveLength(1)
  })

  it('ends with the error of an onProgress that throws', async () => {
    const boom = new Error('render failed')
    const { wait, outcomes } = waiter({
      onProgress: () => {
        throw boom
      },
    })
    await wait.observe(running)
    expect(outcomes).toEqual([{ status: 'rejected', reason: boom }])
  })

  it('shows onProgress the failed snapshot of an OperationFailedError, then rejects with it', async () => {
    const { wait, seen, outcomes } = waiter()
    const failed = new OperationFailedError(
      { ...pendingSnapshot, state: 'failed' },
      { code: 'Boom' },
      'https://api.example.com/status/1',
    )
    wait.settleWith(Promise.reject(failed))
    await flush()
    expect(seen.map((snapshot) => snapshot.state)).toEqual(['failed'])
    expect(outcomes).toEqual([{ status: 'rejected', reason: failed }])
  })

  it('rejects with the reason of its signal once, and settles no more after', async () => {
    const controller = new AbortController()
    const { wait, outcomes, left } = waiter({ signal: controller.signal })
    listenForAbort(controller.signal, wait)
    const reason = new Error('left the page')
    controller.abort(reason)
    expect(outcomes).toEqual([{ status: 'rejected', reason }])
    expect(left).toEqual([wait])
    wait.settleWith(Promise.resolve(success))
    await flush()
    expect(outcomes).toHaveLength(1)
  })
})
