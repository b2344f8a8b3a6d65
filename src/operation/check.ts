import type { Answer, LiveBody } from '../answer.js'
import type { PollState } from '../state/poll-state.js'
import { toResumeToken } from '../state/resume-token.js'
import { step } from '../state/step.js'
import { afterStreamCut, reopenGapMs, type StreamCut, streamOpened } from '../state/stream-plan.js'
import type { Next, StatusUpdate } from '../state/transition.js'
import type { ClockDeadline } from '../time/deadline.js'
import type { CheckOptions, CheckOutcome } from '../types/check.js'
import type { Snapshot } from '../types/snapshot.js'
import { endsOperation } from './ends-operation.js'
import type { LoopConfig } from './loop-config.js'
import { afterFailedPoll, notBeforeRetryAfter, pollRequest, timeoutError } from './poll-request.js'
import { readFirstRecord, recordHeaders, stepOnRecord, streamLimits } from './status-stream.js'
import { validateBody } from './validate.js'

/**
 * One exchange of an operation, driven from outside (a job queue's worker): polls its target once
 * (the status location, or the result link) and says what came of it, with the token to check
 * with next and when. It never sleeps: a check before the next one is due sends nothing and says
 * when it is. The token keeps the deadline and grants no trust; checking the same token again
 * (after a crash) makes the same exchange again.
 */
export async function checkOnce<Status, Result>(
  config: LoopConfig,
  state: PollState,
  options: CheckOptions<Status, Result>,
): Promise<CheckOutcome<Status, Result>> {
  // An aborted caller hears its abort, as a wait does, whether or not the check is due.
  options.signal?.throwIfAborted()
  const { clock } = config
  const now = clock.now()
  const deadline: ClockDeadline = {
    at: state.deadline,
    reason: () => timeoutError(state, clock.now()),
    clock,
  }
  if (now >= state.deadline) return ended(state, deadline.reason())
  if (now < state.nextPollAt) return pending(state, undefined)
  const { signal } = options
  let answer: Awaited<ReturnType<LoopConfig['send']>>
  try {
    // One exchange, one try: a failure that may pass is the caller's to reschedule (at `checkAt`,
    // after any Retry-After), never waited out in here.
    answer = await config.send(new URL(state.target), {
      ...pollRequest(config, state, signal, deadline.reason),
      retry: false,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    const next = afterFailedPoll(state, error, config)
    // An outage within its budget leaves the operation pending; the next check polls on.
    return next
      ? pending(next, undefined)
      : ended(notBeforeRetryAfter(state, error, clock.now()), error)
  }
  const next = answer.live
    ? await stepOnFirstRecord(config, state, answer, answer.live)
    : step(state, answer, clock.now(), config.rules)
  // An abort while a status stream was read cuts it: the caller hears the abort, not a pending.
  signal?.throwIfAborted()
  switch (next.action) {
    case 'poll':
      try {
        return pending(next.state, await validated(next.update, options, state, deadline))
      } catch (error) {
        return ended(next.state, error)
      }
    case 'fetch':
      return pending(next.state, undefined)
    case 'succeed': {
      const url = next.update.snapshot.resultUrl ?? state.statusUrl
      try {
        const snapshot = await validated(next.update, options, state, deadline)
        const result = await validateBody(options.result, next.result, url, deadline)
        return { state: 'succeeded', snapshot, result, token: toResumeToken(next.state) }
      } catch (error) {
        return ended(next.state, error)
      }
    }
    case 'reject':
      return ended(next.state, next.error)
  }
}

/**
 * A status location that streams is checked by its first record, the status as it stands; the
 * stream is then closed. A stream that brings none within `requestTimeoutMs` (or ends first) leaves
 * the operation pending until it may be opened again: after the server's `retry:`, and never
 * sooner than a status stream's reader opens one again.
 */
async function stepOnFirstRecord(
  config: LoopConfig,
  state: PollState,
  answer: Answer,
  live: LiveBody,
): Promise<Next> {
  const { clock, rules } = config
  // Opened at the status location, wherever its redirects led: a check never opens a stream location.
  const counted = streamOpened(state, state.target, answer, clock.now())
  const headers = recordHeaders(answer.headers)
  // A check is one request: a stream that brings no status (heartbeats only) is cut when a
  // request would time out, and does not hold the check to the deadline.
  const limits = streamLimits(config, state)
  const cutAt = Math.min(limits.deadline, clock.now() + config.requestTimeoutMs)
  let first: { readonly seen: Next } | { readonly cut: StreamCut }
  try {
    first = await readFirstRecord(live, answer.url, { ...limits, deadline: cutAt }, (record) =>
      stepOnRecord(counted, answer, record, headers, config),
    )
  } catch (error) {
    return { action: 'reject', state, error }
  }
  if ('seen' in first) return first.seen
  // Nothing seen, nothing to tell: the operation is checked again once the server's `retry:` and
  // the gap kept between a stream's connections have passed.
  return {
    action: 'fetch',
    state: afterStreamCut(counted, first.cut, clock.now(), reopenGapMs(rules.backoff)),
  }
}

/** A status update's snapshot, its status body validated by the `status` schema. */
async function validated<Status>(
  update: StatusUpdate,
  options: CheckOptions<Status, unknown>,
  state: PollState,
  deadline: ClockDeadline,
): Promise<Snapshot<Status>> {
  const status = update.statusBody
    ? await validateBody(options.status, update.statusBody, state.statusUrl, deadline)
    : (update.snapshot.status as Status | undefined)
  return { ...update.snapshot, status } as Snapshot<Status>
}

function pending<Status, Result>(
  state: PollState,
  snapshot: CheckOutcome<Status, Result>['snapshot'],
): CheckOutcome<Status, Result> {
  return {
    state: 'pending',
    ...(snapshot === undefined ? {} : { snapshot }),
    token: toResumeToken(state),
    // A token's next poll is never due after its deadline: a check then ends the operation.
    checkAt: Math.min(state.nextPollAt, state.deadline),
  }
}

/**
 * An operation this check ended: `final` when `endsOperation` says so (the server's verdict, a
 * broken protocol or body, the deadline, a 410), the verdict a wait keeps for the same error;
 * otherwise checking the returned token again may go on.
 */
function ended<Status, Result>(state: PollState, error: unknown): CheckOutcome<Status, Result> {
  return {
    state: 'ended',
    ...(state.snapshot === undefined ? {} : { snapshot: state.snapshot as Snapshot<Status> }),
    error,
    final: endsOperation(error),
    token: toResumeToken(state),
  }
}
