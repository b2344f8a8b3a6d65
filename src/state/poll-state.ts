import type { Body } from '../answer.js'
import type { LastAnswer } from '../errors.js'
import type { Protocol, SubmitInfo } from '../types/protocol.js'
import type { Snapshot } from '../types/snapshot.js'
import type { ProgressTrack } from './progress.js'
import type { StreamPlan } from './stream-plan.js'

/** The stage of polling: the status location, then the result link once the server names one. */
export type Stage = 'status' | 'result'

/**
 * Where one operation stands between polls. Plain, immutable data: the transition (`step`) makes
 * the next state from this one and a response; nothing mutates it in place.
 */
export interface PollState {
  /** The status location the server named first; cancel goes here. */
  readonly statusUrl: string
  /** The URL polled next: the status location (or the one it moved to), then the result link. */
  readonly target: string
  readonly stage: Stage
  /** The convention this operation speaks, detected from the submit's answer or forced. */
  readonly protocol: Protocol
  readonly submit: SubmitInfo
  /** Origins that may receive credential headers: the client's, never ones a token names. */
  readonly trustedOrigins: ReadonlySet<string>
  readonly startedAt: number
  readonly deadline: number
  /** Requests made after the submit, result downloads included. */
  readonly attempt: number
  /** Backoff steps taken in this stage: the result link starts its backoff afresh. */
  readonly backoffStep: number
  readonly previousDelayMs: number
  readonly nextPollAt: number
  /** When polling of `target` began: the grace for 404 and 409 counts from here. */
  readonly targetSince: number
  /** Whether `target` has answered with a 2xx or 3xx: from then on 404 and 409 are errors. */
  readonly answered: boolean
  readonly resultHops: number
  /** When the polls began failing for a reason that may pass (the network, 5xx); none while they answer. */
  readonly outageSince?: number | undefined
  readonly resultUrl?: string | undefined
  readonly progress?: ProgressTrack | undefined
  /** The last status body, which a result-stage snapshot still shows. */
  readonly statusBody?: Body | undefined
  readonly lastAnswer?: LastAnswer | undefined
  readonly snapshot?: Snapshot | undefined
  /** The status stream read while the server offers one. */
  readonly stream?: StreamPlan | undefined
}

/**
 * A state in the making: the transition copies the state once per answer and settles the copy's
 * fields one after the other, rather than copying the whole state at every change.
 */
export type PollDraft = { -readonly [K in keyof PollState]: PollState[K] }

/** What a new state needs; the rest starts at its initial value. */
export type StateFields = Pick<
  PollState,
  'statusUrl' | 'protocol' | 'submit' | 'trustedOrigins' | 'startedAt' | 'deadline'
> &
  Partial<
    Pick<
      PollState,
      | 'target'
      | 'stage'
      | 'attempt'
      | 'nextPollAt'
      | 'answered'
      | 'resultUrl'
      | 'lastAnswer'
      | 'outageSince'
      | 'targetSince'
      | 'resultHops'
    >
  >

/** The one constructor of a poll state, for a submit's answer and for a resume token alike. */
export function createPollState(fields: StateFields): PollDraft {
  const nextPollAt = fields.nextPollAt ?? fields.startedAt
  return {
    target: fields.statusUrl,
    stage: 'status',
    attempt: 0,
    answered: false,
    ...fields,
    nextPollAt,
    backoffStep: fields.attempt ?? 0,
    previousDelayMs: 0,
    targetSince: fields.targetSince ?? nextPollAt,
    resultHops: fields.resultHops ?? 0,
  }
}
