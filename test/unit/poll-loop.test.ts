import { describe, expect, it } from 'vitest'
import { OperationFailedError, PollTimeoutError } from '../../src/errors.js'
import type { Send } from '../../src/http/transport.js'
import type { LoopConfig } from '../../src/operation/loop-config.js'
import type { Success } from '../../src/operation/poll-loop.js'
import { startPolling } from '../../src/operation/poll-loop.js'
import { begin } from '../../src/state/begin.js'
import type { PollState } from '../../src/state/poll-state.js'
import type { StatusUpdate } from '../../src/state/transition.js'
import { fakeSend } from './support/fake-send.js'
import { flush, manualClock } from './support/manual-clock.js'
import {
  type Answer,
  acceptedJob,
  answer,
  at,
  polled,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

const statusUrl = url('/status/1')
const running = async () => answer(200, statusUrl, { json: { status: 'running' } })
const succeeded = async () =>
  answer(200, statusUrl, { json: { status: 'succeeded', result: { n: 1 } } })

/** Starts a loop over `state` (POST /jobs accepted at t0, first poll at t0 + 1 s) and records its reports. */
function start(send: Send, state: PollState = acceptedJob()) {
  const time = manualClock(t0)
  const config: LoopConfig = {
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
  }
  const holder = { current: state }
  const updates: StatusUpdate[] = []
  const successes: Success[] = []
  const failures: unknown[] = []
  const polling = startPolling(config, holder, {
    updated: async (update) => {
      updates.push(update)
    },
    succeeded: (success) => successes.push(success),
    failed: (error) => failures.push(error),
  })
  return { time, holder, polling, updates, successes, failures }
}

/** A request held in flight until the test answers it. */
function heldRequest() {
  let answerWith: (answer: Answer) => void = () => {}
  const promise = new Promise<Answer>((resolve) => {
    answerWith = resolve
  })
  return { promise, answerWith }
}

describe('startPolling', () => {
  it('sleeps until nextPollAt, then sends one poll of the status location', async () => {
    const { send, calls } = fakeSend(running)
    const { time } = start(send)
    await flush()
    expect(calls).toHaveLength(0)
    expect(time.open()).toBe(1)
    await time.advanceTo(at(999))
    expect(calls).toHaveLength(0)
    await time.advanceTo(at(1000))
    expect(calls.map((call) => call.url)).toEqual([statusUrl])
    expect(calls[0]?.options.handle?.aborted).toBe(false)
  })

  it('reports each pending update, then succeeded once, and leaves no sleep', async () => {
    const { send, calls } = fakeSend(running, running, succeeded)
    const { time, updates, successes, failures } = start(send)
    await time.runAll()
    expect(calls).toHaveLength(3)
    expect(updates.map((update) => update.snapshot.state)).toEqual(['pending', 'pending'])
    expect(updates.map((update) => update.snapshot.attempt)).toEqual([1, 2])
    expect(successes).toHaveLength(1)
    expect(successes[0]?.result.value).toEqual({ n: 1 })
    expect(successes[0]?.update.snapshot.state).toBe('succeeded')
    expect(failures).toEqual([])
    expect(time.open()).toBe(0)
  })

  it('polls at the times the transition plans: 1 s, then 2 s later by the backoff', async () => {
    const sentAt: number[] = []
    const { time } = start(async () => {
      sentAt.push(time.clock.now() - t0)
      return running()
    })
    await time.advanceTo(at(1000))
    await time.advanceTo(at(2999))
    await time.advanceTo(at(3000))
    expect(sentAt).toEqual([1000, 3000])
  })

  it('stop() aborts the request in flight with its reason and reports nothing after', async () => {
    const held = heldRequest()
    const { send, calls } = fakeSend(() => held.promise)
    const { time, polling, updates, successes, failures } = start(send)
    await time.advanceTo(at(1000))
    const handle = calls[0]?.options.handle
    const reason = new Error('no wait left')
    polling.stop(reason)
    expect(handle?.aborted).toBe(true)
    expect(handle?.reason).toBe(reason)
    held.answerWith(await running())
    await time.runAll()
    expect(calls).toHaveLength(1)
    expect([updates, successes, failures]).toEqual([[], [], []])
  })

  it('stop() while sleeping cancels the sleep: no request, no timer left', async () => {
    const { send, calls } = fakeSend(running)
    const { time, polling, failures } = start(send)
    await flush()
    expect(time.open()).toBe(1)
    polling.stop(new Error('stopped'))
    await flush()
    expect(time.open()).toBe(0)
    await time.advanceTo(at(60_000))
    expect(calls).toHaveLength(0)
    expect(failures).toEqual([])
  })

  it('reports failed with the error of a send that fails for good, and sends nothing more', async () => {
    const boom = new Error('boom')
    const { send, calls } = fakeSend(() => Promise.reject(boom))
    const { time, updates, successes, failures } = start(send)
    await time.runAll()
    expect(failures).toEqual([boom])
    expect(calls).toHaveLength(1)
    expect([updates, successes]).toEqual([[], []])
    expect(time.open()).toBe(0)
  })

  it('reports failed with the error the transition rejects with', async () => {
    const { send } = fakeSend(async () => answer(200, statusUrl, { json: { status: 'failed' } }))
    const { time, failures } = start(send)
    await time.runAll()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toBeInstanceOf(OperationFailedError)
  })

  it('reports a PollTimeoutError, with no request, when the poll falls due at the deadline', async () => {
    const state = polled(
      begin(
        submission('POST', '/jobs', { timeoutMs: 800 }),
        answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
    )
    const { send, calls } = fakeSend(running)
    const { time, failures } = start(send, state)
    await time.runAll()
    expect(calls).toHaveLength(0)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toBeInstanceOf(PollTimeoutError)
    expect(time.open()).toBe(0)
  })
})
