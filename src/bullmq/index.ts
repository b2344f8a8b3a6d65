/**
 * pollwise/bullmq: a fleet of workers on BullMQ follows operations one check at a time. A job
 * holds an operation's resume token; a worker checks it once and puts the job back, delayed until
 * the next check is due (BullMQ's step-job pattern); a worker that dies mid-check is replaced by
 * BullMQ's stalled-job recovery, and the next worker checks the same token again. bullmq is a
 * peer dependency the app installs.
 *
 * @example
 * ```ts
 * import { Queue, Worker } from 'bullmq'
 * import { createClient } from 'pollwise'
 * import { enqueueOperation, operationProcessor } from 'pollwise/bullmq'
 *
 * const api = createClient({ baseUrl: 'https://api.example.com' })
 * const queue = new Queue('operations', { connection })
 * await enqueueOperation(queue, await api.start('/exports', { json: {}, idempotencyKey: true }))
 * new Worker('operations', operationProcessor(api), { connection, maxStalledCount: 1000 })
 * ```
 *
 * @packageDocumentation
 */
import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq'
import type { CheckOptions, Operation, PollwiseClient, ResumeToken } from '../index.js'

/** What a pollwise job carries: the operation's latest resume token. */
export interface OperationJobData {
  readonly token: ResumeToken
}

/**
 * Queues an operation once: its job id comes from its status location, so queuing the same
 * operation again (a retried request handler, a second process) adds no second job. One its
 * submit's answer settled (a `POST` answered `200` with its result) has none: a `TypeError`.
 *
 * @example
 * const job = await enqueueOperation(queue, op)
 */
export async function enqueueOperation(
  queue: Queue,
  operation: Operation | ResumeToken,
  options: { readonly name?: string } = {},
): Promise<Job<OperationJobData>> {
  const token = 'toJSON' in operation ? operation.toJSON() : operation
  // Its job id would be its submit URL, shared by every operation settled there.
  if (token.settledAtSubmit) {
    throw new TypeError(
      "The operation was settled by its submit's answer: there is nothing to check, and its wait() gives the outcome",
    )
  }
  return queue.add(options.name ?? 'pollwise', { token }, { jobId: operationJobId(token) })
}

/**
 * The job id of an operation: `pollwise-` and its status URL in base64url (BullMQ refuses `:` in
 * custom ids).
 */
export function operationJobId(token: ResumeToken): string {
  return `pollwise-${Buffer.from(token.statusUrl).toString('base64url')}`
}

/**
 * A BullMQ processor that checks an operation once per run (`api.check`):
 * - pending: the job keeps the new token, reports progress (0 to 100), and is moved to the delayed
 *   set until the next check is due (`moveToDelayed` and `DelayedError`);
 * - succeeded: the job completes with the validated result;
 * - ended: the job fails with an error named and worded as pollwise's (`OperationFailedError: …`,
 *   `NetworkError: …`), pollwise's own error as its `cause`; one that ends the operation fails it
 *   for good (`UnrecoverableError`, no attempts left), another (the network past `maxOutageMs`)
 *   goes through the job's own attempts and backoff, and keeps the check's token: a retry before
 *   the server's `Retry-After` sends nothing and waits in the delayed set until then;
 * - a job whose data holds no valid token fails for good at once (`TypeError: …`).
 *
 * @example
 * new Worker('operations', operationProcessor(api, { result: Report }), { connection })
 */
export function operationProcessor<Result = unknown>(
  api: PollwiseClient,
  options: CheckOptions<unknown, Result> = {},
): (job: Job<OperationJobData>, lockToken?: string) => Promise<Result> {
  return async (job, lockToken) => {
    const token = (job.data as Partial<OperationJobData> | null)?.token
    // A malformed token (a TypeError) is the same on every attempt: the job fails for good.
    const outcome = await api.check<unknown, Result>(token, options).catch((error: unknown) => {
      throw error instanceof TypeError ? asJobError(error, true) : error
    })
    switch (outcome.state) {
      case 'pending': {
        await job.updateData({ token: outcome.token })
        const progress = outcome.snapshot?.progress
        if (progress !== undefined) await job.updateProgress(Math.round(progress * 100))
        await job.moveToDelayed(outcome.checkAt, lockToken)
        throw new DelayedError()
      }
      case 'succeeded':
        return outcome.result
      case 'ended':
        // A retry starts from the token the check ended with: not due before a `Retry-After`.
        if (!outcome.final) await job.updateData({ token: outcome.token })
        throw asJobError(outcome.error, outcome.final)
    }
  }
}

/**
 * The error as BullMQ keeps it (its message alone, as `failedReason`): named as pollwise named it,
 * the original as its `cause`. `final`: no retry (`UnrecoverableError`); else the job's attempts.
 */
function asJobError(error: unknown, final: boolean): Error {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const named = final ? new UnrecoverableError(message) : new Error(message)
  named.cause = error
  if (error instanceof Error && error.stack) named.stack = error.stack
  return named
}
