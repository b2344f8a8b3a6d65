import { createLimiter } from '../http/limiter.js'
import { createSendHop } from '../http/send-hop.js'
import type { Send } from '../http/transport.js'
import { createTransport } from '../http/transport.js'
import type { StepRules } from '../state/transition.js'
import type { Backoff, Random } from '../time/schedule.js'
import type { Clock } from '../types/clock.js'
import type { ClientOptions } from '../types/options.js'
import type { Reading } from '../types/protocol.js'

/** What the loop needs from the client: settled options, no user input. */
export interface LoopConfig {
  readonly send: Send
  readonly clock: Clock
  /** The slowest cadence while the page is hidden. */
  readonly hiddenDelayMs: number
  /** `Prefer: wait` on status reads, in seconds (0: none). */
  readonly longPollSeconds: number
  /** One try's timeout: a long-poll's wait stays under it. */
  readonly requestTimeoutMs: number
  /** The longest silence of a status stream before it counts as stalled. */
  readonly heartbeatMs: number
  /** The largest body, and the largest record of a status stream. */
  readonly maxBodyBytes: number
  /** How long a cancel's retries may go on: its tries' timeouts, added up. */
  readonly cancelBudgetMs: number
  /** In a page, one tab polls per operation and the others take what it sees. */
  readonly shareAcrossTabs: boolean
  readonly rules: StepRules
}

/** The settled client options an operation's runtime is made from. */
export interface RuntimeSettings {
  readonly backoff: Backoff
  readonly requestTimeoutMs: number
  readonly retries: number
  /** `Prefer: wait` on status reads, in seconds (0: none). */
  readonly longPollSeconds: number
  /** The longest silence of a status stream. */
  readonly heartbeatMs: number
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
    longPollSeconds: settings.longPollSeconds,
    requestTimeoutMs: settings.requestTimeoutMs,
    heartbeatMs: settings.heartbeatMs,
    maxBodyBytes: settings.maxBodyBytes,
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
