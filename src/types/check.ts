import type { WaitOptions } from './options.js'
import type { ResumeToken } from './resume-token.js'
import type { Snapshot } from './snapshot.js'

/**
 * Options of {@link PollwiseClient.check}.
 *
 * @example
 * const outcome = await api.check(token, { result: Report, signal: AbortSignal.timeout(30_000) })
 */
export type CheckOptions<Status = unknown, Result = unknown> = Pick<
  WaitOptions<Status, Result>,
  'status' | 'result' | 'signal'
>

/**
 * What one check of an operation came to:
 * - `pending`: check again with `token` at `checkAt` (epoch milliseconds on the client's clock);
 *   `snapshot` is what this check saw, when it made an exchange;
 * - `succeeded`: the validated `result`;
 * - `ended`: `error` ended it, `final` when checking again cannot change that (the server's
 *   verdict, a broken protocol or body, the deadline, a `410 Gone`), as `endsOperation(error)`
 *   says and as a `wait()` that met the same answer keeps it; otherwise (a network failure past
 *   the outage budget, a refusal such as 401, a 404) `token` may be checked again.
 *
 * @example
 * const outcome = await api.check(token)
 * if (outcome.state === 'pending') queue.add(outcome.token, { runAt: outcome.checkAt })
 */
export type CheckOutcome<Status = unknown, Result = unknown> =
  | {
      readonly state: 'pending'
      readonly snapshot?: Snapshot<Status>
      readonly token: ResumeToken
      readonly checkAt: number
    }
  | {
      readonly state: 'succeeded'
      readonly snapshot: Snapshot<Status>
      readonly result: Result
      readonly token: ResumeToken
    }
  | {
      readonly state: 'ended'
      readonly snapshot?: Snapshot<Status>
      readonly error: unknown
      readonly final: boolean
      readonly token: ResumeToken
    }
