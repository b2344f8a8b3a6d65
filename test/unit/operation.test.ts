import { describe, expect, it } from 'vitest'
import type { Send } from '../../src/http/transport.js'
import { Operation } from '../../src/operation/operation.js'
import type { PollState } from '../../src/state/poll-state.js'
import { fakeSend } from './support/fake-send.js'
import { flush, manualClock } from './support/manual-clock.js'
import { acceptedJob, answer, at, rules, t0, url } from './support/step-fixtures.js'

const statusUrl = url('/status/1')
const running = async () => answer(200, statusUrl, { json: { status: 'running' } })
const succeeded = async () =>
  answer(200, statusUrl, { json: { status: 'succeeded', result: { rows: 3 } } })

/** An operation accepted at t0 (first poll at t0 + 1 s), polled with `send` on a manual clock. */
function operation(send: Send, state: PollState = acceptedJob()) {
  const time = manualClock(t0)
  const op = new Operation(
    {
      send,
      clock: time.clock,
      hiddenDelayMs: 60_000,
      cancelBudgetMs: 10_000,
      shareAcrossTabs: false,
      longPollSeconds: 0,
      requestTimeoutMs: 30_000,
      heartbeatMs: 30_000,
      maxBodyBytes: 1 << 20,
      rules,
    },
    state,
  )
  return { op, time }
}

/** A promise's outcome so far: undefined while it is pending. */
function outcomeOf<T>(promise: Promise<T>) {
  let outcome: PromiseSettledResult<T> | undefined
  promise.then(
    (value) => {
      outcome = { status: 'fulfilled', value }
    },
    (reason: unknown) => {
      outcome = { status: 'rejected', reason }
    },
  )
  return () => outcome
}

describe('Operation', () => {
  it('a notification while listeners hear of an answer reads the status location at once, not at the next poll', async () => {
    const { send, calls } = fakeSend(running, succeeded)
    const { op, time } = operation(send)
    const waiting = outcomeOf(
      op.wait({
        onProgress: (snapshot) => {
          if (snapshot.state === 'pending') op.notify()
        },
      }),
    )
    await time.advanceTo(at(1000))
    await flush()
    expect(calls).toHaveLength(2)
    expect(waiting()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
  })

  it('a pending body handed over makes no request; one that says succeeded has the server asked now', async () => {
    const { send, calls } = fakeSend(running, succeeded)
    const { op, time } = operation(send)
    const progress: Array<number | undefined> = []
    const waiting = outcomeOf(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
    )
    await time.advanceTo(at(1000))
    op.notify({ status: 'running', progress: 0.5 })
    await flush()
    expect(calls).toHaveLength(1)
    expect(progress).toEqual([undefined, 0.5])
    op.notify({ status: 'succeeded', result: { rows: 'forged' } })
    await flush()
    expect(calls).toHaveLength(2)
    expect(waiting()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
  })

  it('two waits share one loop: one request per poll, and both get the result', async () => {
    const { send, calls } = fakeSend(running, running, succeeded)
    const { op, time } = operation(send)
    const a = outcomeOf(op.wait())
    const b = outcomeOf(op.wait())
    await time.runAll()
    expect(calls.map((call) => call.url)).toEqual([statusUrl, statusUrl, statusUrl])
    expect(a()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(b()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(time.open()).toBe(0)
  })

  it('an aborted wait leaves the operation intact: a later wait polls on to the result', async () => {
    const { send, calls } = fakeSend(running, succeeded)
    const { op, time } = operation(send)
    const leaving = new AbortController()
    const first = outcomeOf(op.wait({ signal: leaving.signal }))
    await time.advanceTo(at(1000))
    expect(calls).toHaveLength(1)
    const reason = new Error('closed the dialog')
    leaving.abort(reason)
    await flush()
    expect(first()).toEqual({ status: 'rejected', reason })
    expect(time.open()).toBe(0)
    await time.advanceTo(at(60_000))
    expect(calls).toHaveLength(1)

    const later = outcomeOf(op.wait())
    await time.runAll()
    expect(later()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(calls).toHaveLength(2)
    expect(op.statusUrl).toBe(statusUrl)
  })

  it('a terminal operation settles every later wait at once, without a request', async () => {
    const { send, calls } = fakeSend(succeeded)
    const { op, time } = operation(send)
    const first = outcomeOf(op.wait())
    await time.runAll()
    expect(first()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(calls).toHaveLength(1)

    const states: string[] = []
    const later = outcomeOf(op.wait({ onProgress: (snapshot) => states.push(snapshot.state) }))
    const another = outcomeOf(op.wait())
    await flush()
    expect(later()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(another()).toEqual({ status: 'fulfilled', value: { rows: 3 } })
    expect(states).toEqual(['succeeded'])
    expect(calls).toHaveLength(1)
    expect(time.open()).toBe(0)
  })

  it('a wait whose signal aborted already rejects with its reason, without a request', async () => {
    const { send, calls } = fakeSend(succeeded)
    const { op, time } = operation(send)
    const reason = new Error('gone')
    const outcome = outcomeOf(op.wait({ signal: AbortSignal.abort(reason) }))
    await time.runAll()
    expect(outcome()).toEqual({ status: 'rejected', reason })
    expect(calls).toHaveLength(0)
  })
})
