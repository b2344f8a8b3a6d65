import type { RequestHandler } from 'msw'
import type { JobSpec } from './jobs.js'
import { createRequestLog, type Fault, type LoggedRequest } from './request-log.js'
import { azureRoutes } from './routes/azure.js'
import { exampleRoutes } from './routes/examples.js'
import { genericJobRoutes } from './routes/generic-jobs.js'
import { googleRoutes } from './routes/google.js'

/**
 * A reference task server: jobs that run for a while, report progress, then end in an outcome.
 * Time is `Date.now()`, so tests drive it with fake timers and the demo with the real clock.
 *
 * One file per route family under `routes/`, each with its own jobs and ids; their header
 * comments list the routes and what they answer.
 */

export type { JobSpec, Outcome, Shape } from './jobs.js'
export type { Fault, LoggedRequest }

export interface TaskServer {
  readonly handlers: RequestHandler[]
  /** Every request the server saw, in order. */
  readonly requests: LoggedRequest[]
  /** Makes the next `count` matching requests fail with `status`. */
  failNext(fault: Fault): void
  /** The most status requests of configurable jobs that were in flight at once. */
  readonly peakInFlight: () => number
  /** How many requests matched a method and a path. */
  count(method: string, path: string): number
}

export function createTaskServer(defaults: Partial<JobSpec> = {}): TaskServer {
  const log = createRequestLog()
  const genericJobs = genericJobRoutes(defaults)

  // msw answers with the first handler that matches, so the order matters.
  const handlers: RequestHandler[] = [
    // Records every request, and answers the ones an injected fault claims.
    log.handler,
    // Example 3 before example 1, whose `*/status/:id` would match `/video/status/123`.
    ...exampleRoutes(defaults),
    // Before the configurable jobs, whose `*/jobs` would match `/azure/jobs`.
    ...azureRoutes(defaults),
    ...googleRoutes(defaults),
    ...genericJobs.handlers,
  ]

  return {
    handlers,
    requests: log.requests,
    peakInFlight: genericJobs.peakInFlight,
    failNext: log.failNext,
    count: log.count,
  }
}
