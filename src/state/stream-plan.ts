import type { Answer } from '../answer.js'
import { readingOf } from '../protocols/generic-json.js'
import type { Backoff } from '../time/schedule.js'
import type { PollState } from './poll-state.js'
import { type Next, oneCopy, type StepRules, toStatusResponse } from './transition.js'

/**
 * Connections in a row to a stream location of its own that end without a status record, after
 * which it is given up and the status location is polled instead.
 */
export const maxStreamFailures = 3

/** A status stream an operation reads while the server offers one. */
export interface StreamPlan {
  /** Where the stream is opened: the status location itself, or a stream location it named. */
  readonly url: string
  /** The SSE `id:` last seen, sent back as `Last-Event-ID` when the stream is opened again. */
  readonly lastEventId?: string
  /** The SSE `retry:` last seen: how long to wait before opening the stream again after a cut. */
  readonly retryMs?: number
  /** Connections in a row that ended without a record. */
  readonly failures: number
  /** When the stream was last opened. */
  readonly openedAt?: number
  /** A stream location of its own was cut: the status location is read first, then it is opened again. */
  readonly pollFirst?: true
  /** After a cut: the soonest the stream may be opened again (its `retry:`, and the floor). */
  readonly reconnectAt?: number
}

/** How a stream's connection ended before the operation did. */
export interface StreamCut {
  /** Status records read on this connection: records passed over (`event: ping`) do not count. */
  readonly records: number
  readonly lastEventId: string | undefined
  readonly retryMs: number | undefined
}

/**
 * The URL the next status read goes to when it is a stream location of its own, `undefined` when
 * the next read is an ordinary poll of `state.target` (which may answer with a stream itself).
 */
export function streamLocation(state: PollState): string | undefined {
  const { stream } = state
  if (state.stage !== 'status' || !stream || stream.url === state.target) return undefined
  return stream.failures < maxStreamFailures && !stream.pollFirst ? stream.url : undefined
}

/** A stream location the server named (a body field, a template): it is opened at once. */
export function adoptStreamLocation(state: PollState, url: string, now: number): PollState {
  if (state.stream || state.stage !== 'status') return state
  return { ...state, stream: { url, failures: 0 }, nextPollAt: now }
}

/**
 * `url` answered with a stream (`answer`): it is the operation's stream from now on. Its connection
 * counts as one request, however many records it brings, and its answer is the last one seen.
 */
export function streamOpened(
  state: PollState,
  url: string,
  answer: Pick<Answer, 'httpStatus' | 'url'>,
  now: number,
): PollState {
  const { stream } = state
  const same = stream?.url === url
  return {
    ...state,
    attempt: state.attempt + 1,
    lastAnswer: { httpStatus: answer.httpStatus, url: oneCopy(answer.url, state.target) },
    stream: {
      url,
      failures: same ? stream.failures : 0,
      openedAt: now,
      ...(same && stream.lastEventId !== undefined ? { lastEventId: stream.lastEventId } : {}),
      ...(same && stream.retryMs !== undefined ? { retryMs: stream.retryMs } : {}),
    },
  }
}

/**
 * The state after a stream's connection ended before the operation did (the server closed it, it
 * stalled, the network cut it). A status location that streams is read again at once, or after
 * the server's `retry:`; a stream location of its own has the status location read at once (an
 * end may have passed unseen), then is opened again at that time. Never sooner than `minGapMs`
 * after the connection was opened (twice that, and so on up to 16 times, after connections in a
 * row that brought no record), so that a server that closes every stream at once is not asked
 * again in a tight loop.
 */
export function afterStreamCut(
  state: PollState,
  cut: StreamCut,
  now: number,
  minGapMs: number,
): PollState {
  const { stream } = state
  if (!stream) return { ...state, nextPollAt: now }
  const lastEventId = cut.lastEventId ?? stream.lastEventId
  const retryMs = cut.retryMs ?? stream.retryMs
  const separate = stream.url !== state.target
  const next: StreamPlan = {
    url: stream.url,
    failures: cut.records > 0 ? 0 : stream.failures + 1,
    openedAt: stream.openedAt ?? now,
    ...(lastEventId === undefined ? {} : { lastEventId }),
    ...(retryMs === undefined ? {} : { retryMs }),
    ...(separate ? { pollFirst: true as const } : {}),
  }
  const reconnectAt = reopenAt(next, now, minGapMs)
  return {
    ...state,
    stream: { ...next, reconnectAt },
    nextPollAt: separate ? now : reconnectAt,
  }
}

/**
 * Whether the next read would open a cut stream again before its reconnection time: the HTML
 * standard has a client wait it out, so a notification does not bring that read forward.
 */
export function awaitsReconnect(state: PollState, now: number): boolean {
  const { stream } = state
  if (stream?.reconnectAt === undefined || now >= stream.reconnectAt) return false
  return stream.url === state.target || streamLocation(state) !== undefined
}

/** A stream the client closed (the page went away): its last event id and retry are kept for the next connection. */
export function keepStreamPosition(state: PollState, position: StreamCut): PollState {
  const { stream } = state
  if (!stream) return state
  const { lastEventId, retryMs } = position
  return {
    ...state,
    stream: {
      ...stream,
      ...(lastEventId === undefined ? {} : { lastEventId }),
      ...(retryMs === undefined ? {} : { retryMs }),
    },
  }
}

/**
 * The least time from opening a stream to opening it again: the backoff's first wait, and never
 * below its floor, so that a server that closes every stream at once is not asked in a tight loop.
 */
export function reopenGapMs(backoff: Backoff): number {
  return Math.max(backoff.initialDelayMs, backoff.minDelayMs)
}

/** When a cut stream may be opened again: see {@link afterStreamCut}. */
function reopenAt(stream: StreamPlan, now: number, minGapMs: number): number {
  // Connections that bring nothing are opened again less and less often.
  const gapMs = minGapMs * 2 ** Math.min(stream.failures, 4)
  return Math.max(now + (stream.retryMs ?? 0), (stream.openedAt ?? now) + gapMs)
}

/** A stream location of its own that failed or does not stream: polling goes on at the status location, at once. */
export function dropStreamLocation(state: PollState, now: number): PollState {
  const { stream } = state
  if (!stream) return state
  return { ...state, stream: { ...stream, failures: maxStreamFailures }, nextPollAt: now }
}

/**
 * A pending status answer that names a stream location (`streamLocation`, or a field named for
 * one): the operation opens it at once, where it has no stream yet. The status read that follows
 * a cut stream location has it opened again when it may be.
 */
export function withStreamLocation(
  next: Next & { action: 'poll' },
  answer: Answer,
  now: number,
  rules: StepRules,
): Next {
  const { state } = next
  if (state.stream?.pollFirst && state.stream.failures < maxStreamFailures) {
    const { pollFirst: _read, ...stream } = state.stream
    const at = Math.min(state.nextPollAt, reopenAt(stream, now, reopenGapMs(rules.backoff)))
    return { ...next, state: { ...state, stream, nextPollAt: at } }
  }
  if (state.stream || state.stage !== 'status' || answer.body.value === undefined) return next
  const url = readingOf(rules.context).streamLocation(toStatusResponse(answer))
  return url ? { ...next, state: adoptStreamLocation(state, url.href, now) } : next
}
