import { createLimiter } from '../http/limiter.js'
import { createSendHop } from '../http/send-hop.js'
import { createTransport } from '../http/transport.js'
import type { Backoff, Random } from '../time/schedule.js'
import type { Clock } from '../types/clock.js'
import type { ClientOptions } from '../types/options.js'
import type { Reading } from '../types/protocol.js'
import type { LoopConfig } from './poll-loop.js'

/** The settled client options an operation's runtime is made from. */
export interface RuntimeSettings {
  readonly backoff: Backoff
  readonly requestTimeoutMs: number
  readonly retries: number
  readonly maxConcurrentPolls: number
  readonly hiddenDelayMs: number
  readonly sensitiveHeaders: readonly string[]
  /** The built-in reading of status bodies with the client's convention parts on top. */
  readonly reading: Reading
  readonly notReadyGraceMs: number
  readonly maxOutageMs: number
  readonly maxBodyBytes: number
  readonly shareAcrossTabs: boolean
  readonly clock: Clock
  readonly random: Random
}

/**
 * What every operation of a client runs on: one transport (its HTTP layer, retries and
 * per-origin limiter) and the rules the transition decides by, made once with the client.
 */
export function createLoopConfig(options: ClientOptions, settings: RuntimeSettings): LoopConfig {
  const { clock, random } = settings
  return {
    send: createTransport({
      sendHop: createSendHop(options, settings.sensitiveHeaders),
      retries: settings.retries,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxBodyBytes: settings.maxBodyBytes,
      backoff: settings.backoff,
      random,
      clock,
      limit: createLimiter(settings.maxConcurrentPolls, clock),
    }),
    clock,
    hiddenDelayMs: settings.hiddenDelayMs,
    cancelBudgetMs: settings.requestTimeoutMs * (settings.retries + 1),
    shareAcrossTabs: settings.shareAcrossTabs,
    rules: {
      backoff: settings.backoff,
      random,
      notReadyGraceMs: settings.notReadyGraceMs,
      maxOutageMs: settings.maxOutageMs,
      context: {
        classifyStatus: options.classifyStatus,
        locateResult: options.locateResult,
        reading: settings.reading,
      },
    },
  }
}
