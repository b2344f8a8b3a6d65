import ky, { type KyInstance } from 'ky'
import type { Body } from './body.js'
import { checkStartOptions, type NormalizedOptions, normalizeOptions } from './check-options.js'
import { OperationCanceledError, OperationFailedError, ProtocolError } from './errors.js'
import { credentialGuard, readStatusLocation, requestUrl } from './headers.js'
import { createLimiter } from './limiter.js'
import { Operation } from './operation.js'
import {
  absorb,
  type Completed,
  type LoopConfig,
  type PollState,
  readReply,
  schedulePoll,
} from './poll-loop.js'
import { builtInProtocol, detectProtocol } from './protocols/index.js'
import type { StatusResponse } from './protocols/types.js'
import { fromResumeToken } from './resume-token.js'
import { createTransport } from './transport.js'
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
  /**
   * Continues an operation from `JSON.stringify(operation)` (the string or its parsed value), with
   * the same deadline. The token holds no headers: this client's apply.
   *
   * @throws `TypeError` for a malformed token, one of another version, or an unknown convention.
   * @example
   * const op = api.resume(localStorage.getItem('report')!)
   * const report = await op.wait()
   */
  resume(token: unknown): Operation
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
    limit: createLimiter(settings.maxConcurrentPolls),
    hiddenDelayMs: settings.hiddenDelayMs,
    protocolContext: {
      classifyStatus: options.classifyStatus,
      locateResult: options.locateResult,
    },
  }

  const start = async (path: string, startOptions: StartOptions = {}): Promise<Operation> => {
    checkStartOptions(startOptions)
    const url = requestUrl(settings.baseUrl, path)
    const method = (startOptions.method ?? 'POST').toUpperCase()
    const key =
      startOptions.idempotencyKey === true
        ? crypto.randomUUID()
        : startOptions.idempotencyKey || undefined
    const headers = new Headers(startOptions.headers)
    if (key !== undefined) headers.set('idempotency-key', key)
    const trustedOrigins = new Set([...settings.trustedOrigins, url.origin])
    const reply = await config.send(url, {
      method,
      headers,
      signal: startOptions.signal ?? new AbortController().signal,
      retry: key !== undefined,
      trustedOrigins,
      ...(startOptions.json === undefined ? {} : { json: startOptions.json }),
      ...(startOptions.body === undefined ? {} : { body: startOptions.body }),
    })
    const { reply: answer, body } = await readReply(reply)
    const protocol = settings.protocol ?? detectProtocol(answer)
    const location = protocol.statusUrl?.(answer) ?? readStatusLocation(answer.headers, answer.url)
    const now = Date.now()
    const state: PollState = {
      statusUrl: location?.href ?? answer.url,
      target: location?.href ?? answer.url,
      phase: 'status',
      protocol,
      submit: { method, url: url.href, location: answer.headers.get('location') ?? undefined },
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
    if (answer.httpStatus === 202 || (answer.httpStatus === 201 && location)) {
      if (!location) throw new ProtocolError('202 Accepted without a status location', answer.url)
      schedulePoll(config, state, answer.headers, now)
      return new Operation(config, state)
    }
    return operationFromAnswer(config, state, answer, body, location)
  }

  const findProtocol = (name: string) =>
    settings.protocol?.name === name ? settings.protocol : builtInProtocol(name)

  return {
    start,
    resume: (token) =>
      new Operation(config, fromResumeToken(token, findProtocol, settings.trustedOrigins)),
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
  answer: StatusResponse,
  body: Body | undefined,
  location: URL | undefined,
): Promise<Operation> {
  let completed: Completed | undefined
  try {
    completed = await absorb(config, state, answer, body, async () => {})
  } catch (error) {
    const terminal =
      error instanceof OperationFailedError || error instanceof OperationCanceledError
    if (terminal) return new Operation(config, state, Promise.reject(error))
    throw error
  }
  if (completed) return new Operation(config, state, Promise.resolve(completed))
  if (state.phase === 'status' && !location) {
    throw new ProtocolError(`${answer.httpStatus} answer names no status location`, answer.url)
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
