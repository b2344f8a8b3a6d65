import type { HttpHandler, JsonBodyType } from 'msw'

/**
 * The conventions a simulation speaks, named as pollwise's `protocol` option names them:
 *
 * - `'generic'`: `202` + `Location`, then `{"id","status","progress"}` bodies; the result at a
 *   `result_url` link (or inline in `result`, with `resultVia: 'inline'`);
 * - `'http'`: `202` + `Location`, then `202` while running and `303 See Other` to the result (or
 *   `200` with the result, with `resultVia: 'inline'`);
 * - `'result'`: `202` + `Location` of the result itself, which answers `404` until it is ready;
 * - `'azure'`: `Operation-Location` naming a monitor `{"id","status","percentComplete","error"}`,
 *   the result at the resource (Azure's defaults: a POST's `Location`, a PUT's or PATCH's own URL);
 * - `'google'`: an AIP-151 Operation `{"name","done","metadata","response"|"error"}` at
 *   `{version}/operations/{id}` (the submit's API version, else `/v1`), canceled by
 *   `POST …:cancel`.
 *
 * @example
 * simulateOperation({ convention: 'azure', baseUrl: 'https://api.test', submitPath: '/exports' })
 */
export type SimulatedConvention = 'generic' | 'http' | 'result' | 'azure' | 'google'

/**
 * How a simulated operation ends when nobody cancels it.
 *
 * @example
 * simulateOperation({ convention: 'generic', baseUrl, submitPath: '/jobs', outcome: 'failed' })
 */
export type SimulatedOutcome = 'succeeded' | 'failed' | 'canceled'

/**
 * Where a simulated operation stands on the server: `'pending'` until its last poll (or its
 * duration) is reached, then its outcome; `'canceled'` at once when a cancel request came.
 *
 * @example
 * expect(simulation.operations[0]?.state).toBe('canceled')
 */
export type SimulatedState = 'pending' | SimulatedOutcome

/**
 * The method of the submit request.
 *
 * @example
 * simulateOperation({ convention: 'azure', baseUrl, submitPath: '/widgets/w1', method: 'PUT' })
 */
export type SubmitMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * How long a simulated operation runs: a number of status polls (`polls`, the default, suits
 * tests with fake timers: the outcome comes with the n-th poll whatever the cadence), or a time
 * (`durationMs`, read from `Date.now()`, so fake timers drive it too). Give one, not both.
 *
 * @example
 * { polls: 3 }          // two pending answers, the outcome on the third status poll
 * { durationMs: 5000 }  // pending until 5 s after the submit
 */
export type SimulatedDuration =
  | {
      /**
       * The status poll that sees the outcome: `polls: 3` answers pending twice, then the outcome.
       * An integer of at least 1. @default 3
       */
      readonly polls?: number
      readonly durationMs?: undefined
    }
  | {
      readonly polls?: undefined
      /** Milliseconds from the submit until the outcome, 0 or more (`Date.now()`). */
      readonly durationMs: number
    }

/**
 * Options of {@link simulateOperation}. Only `convention` and `submitPath` are required.
 *
 * @example
 * simulateOperation({
 *   convention: 'generic',
 *   baseUrl: 'https://api.test/v2',
 *   submitPath: '/reports',
 *   polls: 3,
 *   progress: [0.1, 0.6],
 *   result: { url: 'https://files.test/report.pdf' },
 *   outcome: 'succeeded',
 *   retryAfterSec: 2,
 * })
 */
export type SimulationOptions = SimulatedDuration & {
  /** The wire convention; see {@link SimulatedConvention}. */
  readonly convention: SimulatedConvention
  /**
   * The base URL, joined with `submitPath` as pollwise joins paths: `'/reports'` and `'reports'`
   * both give `…/v2/reports`. Required outside a browser page. @default the page's URL
   */
  readonly baseUrl?: string
  /** Where the submit goes; an absolute URL passes through. Each submit starts an operation. */
  readonly submitPath: string
  /** The submit's method. @default 'POST' */
  readonly method?: SubmitMethod
  /** How the operation ends when nobody cancels it. @default 'succeeded' */
  readonly outcome?: SimulatedOutcome
  /**
   * The progress (0..1) of the pending answers, in order: the first pending poll reports
   * `progress[0]`, the next `progress[1]`, and polls past the end the last value; with
   * `durationMs`, the duration is split in equal parts, one per value. The submit's answer
   * reports 0 where it has a body, and success reports 1. `false` reports none (`'http'` and
   * `'result'` have no progress on the wire).
   * @default even steps from 0: `polls: 5` reports 0, 0.25, 0.5, 0.75 (`polls: 3`: 0, 0.5); with
   *   `durationMs`, 0, 0.25, 0.5, 0.75
   */
  readonly progress?: readonly number[] | false
  /** The operation's result, served as JSON when it succeeds. @default { ok: true } */
  readonly result?: JsonBodyType
  /**
   * `'link'`: the final status names a URL that serves the result; `'inline'`: the final status
   * carries it (`'generic'`: a `result` field; `'http'`: a `200` with the result instead of the
   * `303`). Other conventions have one way only. @default 'link'
   */
  readonly resultVia?: 'link' | 'inline'
  /**
   * The failure detail: the `error` field of the final status (`'generic'`, `'azure'`,
   * `'google'`, where it should be a `google.rpc.Status` with a numeric `code`), or the body of
   * the error answer (`'http'`, `'result'`).
   * @default { code: 'OperationFailed', message: 'The operation failed.' }; Google:
   *   { code: 2, message: 'The operation failed.' }
   */
  readonly error?: JsonBodyType
  /** `Retry-After` seconds on the submit's answer and on every pending answer. @default none */
  readonly retryAfterSec?: number
  /**
   * Whether a cancel request is accepted (`202`, Google `200 {}`), ending a pending operation as
   * canceled; `false` answers `405`, as a server without cancel does. @default true
   */
  readonly cancelable?: boolean
  /**
   * Operation ids are `${idPrefix}-1`, `${idPrefix}-2`...: fixed URLs for assertions. Two
   * simulations active on one server need different prefixes. @default a random one per call
   */
  readonly idPrefix?: string
}

/**
 * What a request to a simulation was for:
 * - `'submit'`: the request that started an operation;
 * - `'poll'`: a status request (the status location, the monitor, the Operation; with
 *   `'result'`, the result location);
 * - `'result'`: the request for the result once the operation succeeded;
 * - `'cancel'`: a cancel request (`DELETE`, or Google's `POST …:cancel`), accepted or refused.
 *
 * @example
 * const polls = simulation.requests.filter((request) => request.kind === 'poll').length
 */
export type SimulatedRequestKind = 'submit' | 'poll' | 'result' | 'cancel'

/**
 * One request a simulation answered, in the order they came.
 *
 * @example
 * expect(simulation.requests.map((r) => `${r.kind} ${r.method}`)).toEqual([
 *   'submit POST', 'poll GET', 'poll GET', 'result GET',
 * ])
 */
export interface SimulatedRequest {
  readonly kind: SimulatedRequestKind
  readonly method: string
  /** The request's absolute URL. */
  readonly url: string
  /** The operation it concerned (a submit: the one it started). */
  readonly operationId: string
  /** `Date.now()` when it came: the cadence, under fake timers too. */
  readonly at: number
}

/**
 * One operation a submit started, as the server sees it now.
 *
 * @example
 * const [operation] = simulation.operations
 * expect(operation).toMatchObject({ state: 'succeeded', polls: 3 })
 */
export interface SimulatedOperation {
  readonly id: string
  /** The URL polled for its state (the status location, the monitor, the Operation). */
  readonly statusUrl: string
  /** Where the result is served, where it has a URL of its own. */
  readonly resultUrl?: string
  /** Where it stands now (read at each access: with `durationMs`, time moves it). */
  readonly state: SimulatedState
  /** Status polls answered so far. */
  readonly polls: number
}

/**
 * A simulated long-running operation endpoint: msw handlers to install, and what they saw.
 *
 * @example
 * const simulation = simulateOperation({ convention: 'google', baseUrl, submitPath: '/v1/reports:generate' })
 * server.use(...simulation.handlers)
 * // ... drive the UI ...
 * expect(simulation.cancelCount).toBe(1)
 */
export interface Simulation {
  /** msw request handlers: `setupServer(...handlers)`, `setupWorker(...handlers)` or `server.use(...handlers)`. */
  readonly handlers: readonly HttpHandler[]
  /** Every request the handlers answered, in order (live: it grows as requests come). */
  readonly requests: readonly SimulatedRequest[]
  /** One operation per submit, in order (live). */
  readonly operations: readonly SimulatedOperation[]
  /** Cancel requests received, accepted or refused. */
  readonly cancelCount: number
}
