import ky, { type KyInstance } from 'ky'
import { discardBody } from './body.js'
import { checkStartOptions, type NormalizedOptions, normalizeOptions } from './check-options.js'
import { OperationCanceledError, OperationFailedError, ProtocolError } from './errors.js'
import { credentialGuard, readStatusLocation, requestUrl } from './headers.js'
import { Operation } from './operation.js'
import {
  absorb,
  type Completed,
  type LoopConfig,
  type PollState,
  schedulePoll,
} from './poll-loop.js'
import { protocols } from './protocols/index.js'
import { createTransport, type Reply } from './transport.js'
import type { ClientOptions, RunOptions, StartOptions } from './types/options.js'

/** A pollwise client: submits tasks and follows them to their result. */
export interface PollwiseClient {
  /**
   * Submits a task (one POST by default, never retried without `idempotencyKey`) and returns the
   * operation the server accepted.
   *
   * @throws `ProtocolError` for a 202 without a status location, ky's `HTTPError` for a refused
   *   submit, the signal's reason on abort.
   * @example
   * const op = await api.start('/start-report', { json: { month: '2026-10' } })
   */
  start(path: string, options?: StartOptions): Promise<Operation>
  /**
   * `start` and `wait` in one call; the signal covers both.
   *
   * @example
   * const report = await api.run('/start-report', { json: {}, result: Report, signal })
   */
  run<Status = unknown, Result = unknown>(
    path: string,
    options?: RunOptions<Status, Result>,
  ): Promise<Result>
}

/**
 * Creates a client. Every option has a default; see {@link ClientOptions}.
 *
 * @example
 * import { createClient } from 'pollwise'
 * const api = createClient({ baseUrl: 'https://api.example.com/v2' })
 * const result = await api.run('/start-report', { json: { month: '2026-10' } })
 */
export function createClient(options: ClientOptions = {}): PollwiseClient {
  const settings = normalizeOptions(options)
  const config: LoopConfig = {
    send: createTransport({
      ky: createKy(options, settings),
      retries: settings.retries,
      backoff: settings.backoff,
      random: Math.random,
    }),
    backoff: settings.backoff,
    random: Math.random,
    protocol: protocols[settings.protocol],
    protocolContext: {
      classifyStatus: options.classifyStatus,
      locateResult: options.locateResult,
    },
  }

  const start = async (path: string, startOptions: StartOptions = {}): Promise<Operation> => {
    checkStartOptions(startOptions)
    const url = requestUrl(settings.baseUrl, path)
    const key =
      startOptions.idempotencyKey === true
        ? crypto.randomUUID()
        : startOptions.idempotencyKey || undefined
    const headers = new Headers(startOptions.headers)
    if (key !== undefined) headers.set('idempotency-key', key)
    const trustedOrigins = new Set([...settings.trustedOrigins, url.origin])
    const reply = await config.send(url, {
      method: startOptions.method ?? 'POST',
      headers,
      signal: startOptions.signal ?? new AbortController().signal,
      retry: key !== undefined,
      trustedOrigins,
      ...(startOptions.json === undefined ? {} : { json: startOptions.json }),
      ...(startOptions.body === undefined ? {} : { body: startOptions.body }),
    })
    const { response } = reply
    const now = Date.now()
    const location = readStatusLocation(response.headers, reply.url)
    const state: PollState = {
      target: location?.href ?? reply.url,
      phase: 'status',
      trustedOrigins,
      startedAt: now,
      deadline: now + settings.timeoutMs,
      attempt: 0,
      step: 0,
      nextPollAt: now,
      previousDelayMs: 0,
      answered: false,
      resultHops: 0,
    }
    if (response.status === 202 || (response.status === 201 && location)) {
      discardBody(response)
      if (!location) throw new ProtocolError('202 Accepted without a status location', reply.url)
      schedulePoll(config, state, response.headers, now)
      return new Operation(config, state)
    }
    return operationFromAnswer(config, state, reply, location)
  }

  return {
    start,
    async run(path, runOptions = {}) {
      const { status, result, onProgress, ...submit } = runOptions
      const operation = await start(path, submit)
      return operation.wait({
        ...(status === undefined ? {} : { status }),
        ...(result === undefined ? {} : { result }),
        ...(onProgress === undefined ? {} : { onProgress }),
        ...(submit.signal === undefined ? {} : { signal: submit.signal }),
      })
    },
  }
}

/**
 * An operation from a submit answered other than 202: a 303 to the result, or a body that is the
 * result, a terminal status, or a pending status beside a location to poll.
 */
async function operationFromAnswer(
  config: LoopConfig,
  state: PollState,
  reply: Reply,
  location: URL | undefined,
): Promise<Operation> {
  let completed: Completed | undefined
  try {
    completed = await absorb(config, state, reply, async () => {})
  } catch (error) {
    const terminal =
      error instanceof OperationFailedError || error instanceof OperationCanceledError
    if (terminal) return new Operation(config, state, Promise.reject(error))
    throw error
  }
  if (completed) return new Operation(config, state, Promise.resolve(completed))
  if (state.phase === 'status' && !location) {
    throw new ProtocolError(`${reply.response.status} answer names no status location`, reply.url)
  }
  return new Operation(config, state)
}

/** The user's ky (instance or options) with pollwise's rules on top: they must hold for every request. */
function createKy(options: ClientOptions, settings: NormalizedOptions): KyInstance {
  const base = typeof options.ky === 'function' ? options.ky : ky.create(options.ky ?? {})
  return base.extend({
    prefixUrl: '',
    retry: 0,
    timeout: settings.requestTimeoutMs,
    redirect: 'manual',
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    hooks: { beforeRequest: [credentialGuard(settings.sensitiveHeaders)] },
  })
}
