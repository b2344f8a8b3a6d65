import type { Answer, LiveBody } from '../answer.js'
import { ResponseValidationError } from '../errors.js'
import { recordBody } from '../http/body.js'
import {
  createRecordDecoder,
  RecordTooLargeError,
  type StreamRecord,
} from '../http/stream-records.js'
import type { PollState } from '../state/poll-state.js'
import { step } from '../state/step.js'
import type { StreamCut } from '../state/stream-plan.js'
import type { Next } from '../state/transition.js'
import { type Alarm, type Sleeper, timerQueueOf } from '../time/timer-queue.js'
import type { Clock } from '../types/clock.js'
import type { LoopConfig } from './loop-config.js'
import { sendableEventId } from './sendable-event-id.js'

/** Where a status stream's records go. */
export interface RecordSink {
  /**
   * One record; resolves `true` to read on, `false` to stop here (the stream is then closed), or
   * is `undefined` for a record passed over (an event named otherwise that is no status).
   */
  record(record: StreamRecord): Promise<boolean> | undefined
  /**
   * The stream ended before the sink stopped it: the server closed it, it stayed silent past the
   * heartbeat budget, or the connection broke.
   */
  cut(cut: StreamCut): void
  /** The stream broke a rule (a record larger than allowed), or the sink threw. */
  failed(error: unknown): void
}

export interface StreamLimits {
  readonly clock: Clock
  /** The longest silence (no record, no comment, no byte) before the stream counts as stalled. */
  readonly heartbeatMs: number
  /** The largest record, in bytes. */
  readonly maxRecordBytes: number
  /** The operation's deadline: the stream is cut there, whatever it sends. */
  readonly deadline: number
}

/**
 * Reads a status stream record by record and hands each to the sink, which may take its time: the
 * next is read once it is done. Any byte counts as a heartbeat; a silence past the budget closes
 * the stream as a cut, and so does the deadline (the caller's next read then finds it passed). `close()` ends it at once with no report, and closes its connection.
 */
export class StatusStream implements Sleeper {
  #closed = false
  #records = 0
  #alarm: Alarm | undefined
  readonly #decoder

  constructor(
    readonly live: LiveBody,
    readonly url: string,
    readonly limits: StreamLimits,
    readonly sink: RecordSink,
  ) {
    this.#decoder = createRecordDecoder(live.mediaType, limits.maxRecordBytes)
    this.#read().catch((error: unknown) => this.#fail(error))
  }

  /** Where the stream stands: records read, the last event id (as a header can carry it) and retry seen. */
  get position(): StreamCut {
    return {
      records: this.#records,
      lastEventId: sendableEventId(this.#decoder.lastEventId),
      retryMs: this.#decoder.retryMs,
    }
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#alarm?.cancel()
    this.live.close()
  }

  /** The heartbeat budget passed in silence, or the deadline came. */
  wake(): void {
    this.#alarm = undefined
    this.#cut()
  }

  /** The clock could not time the silence: the stream cannot be watched, so it ends as a cut. */
  fail(): void {
    this.#alarm = undefined
    this.#cut()
  }

  async #read(): Promise<void> {
    const reader = this.live.stream.getReader()
    this.#watch()
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch {
        // The network cut it, or `close()` did.
        this.#cut()
        return
      }
      if (this.#closed) return
      this.#alarm?.cancel()
      const records = chunk.done ? this.#decoder.end() : this.#decoder.push(chunk.value)
      for (const record of records) {
        const reading = this.sink.record(record)
        // Passed over, it brings the operation nothing: a connection of such records alone is
        // opened again less and less often, as one that brought nothing.
        if (!reading) continue
        this.#records += 1
        const goOn = await reading
        if (this.#closed) return
        if (!goOn) {
          this.close()
          return
        }
      }
      if (chunk.done) {
        this.#cut()
        return
      }
      this.#watch()
    }
  }

  #watch(): void {
    const { clock, heartbeatMs, deadline } = this.limits
    this.#alarm = timerQueueOf(clock).add(Math.min(clock.now() + heartbeatMs, deadline), this)
  }

  #cut(): void {
    if (this.#closed) return
    this.close()
    this.sink.cut(this.position)
  }

  #fail(error: unknown): void {
    if (this.#closed) return
    this.close()
    const reason =
      error instanceof RecordTooLargeError
        ? new ResponseValidationError(
            this.url,
            [
              {
                message: `A stream record is larger than maxBodyBytes (${error.maxRecordBytes} bytes); the rest was not read`,
              },
            ],
            error.start,
          )
        : error
    this.sink.failed(reason)
  }
}

/** A stream record's headers: the stream's, but its body is JSON. */
export function recordHeaders(streamHeaders: Headers): Headers {
  const headers = new Headers(streamHeaders)
  headers.set('content-type', 'application/json')
  return headers
}

/** A stream's record as the answer it stands for: a status body, read with `headers` (see `recordHeaders`). */
function recordAnswer(stream: Answer, record: StreamRecord, headers: Headers): Answer {
  return { httpStatus: 200, headers, url: stream.url, body: recordBody(record.data, stream.url) }
}

/**
 * What `read` makes of the first record it reads (the status as it stands), the stream then
 * closed; records it passes over (`undefined`) are skipped. Where the stream ends, stalls or breaks
 * before one, where it stood then (its last event id and `retry:`). A rule the stream breaks, or an
 * error of `read`, rejects.
 */
export function readFirstRecord<T>(
  live: LiveBody,
  url: string,
  limits: StreamLimits,
  read: (record: StreamRecord) => T | undefined,
): Promise<{ readonly seen: T } | { readonly cut: StreamCut }> {
  return new Promise((resolve, reject) => {
    new StatusStream(live, url, limits, {
      record: (record) => {
        const seen = read(record)
        if (seen === undefined) return undefined
        resolve({ seen })
        return Promise.resolve(false)
      },
      cut: (cut) => resolve({ cut }),
      failed: reject,
    })
  })
}

/** The limits a status stream of this operation is read within. */
export function streamLimits(config: LoopConfig, state: PollState): StreamLimits {
  return {
    clock: config.clock,
    heartbeatMs: config.heartbeatMs,
    maxRecordBytes: config.maxBodyBytes,
    deadline: state.deadline,
  }
}

/**
 * The transition on a stream's record. An unnamed SSE event (type `message`) and an NDJSON line
 * are status bodies, with the strictness of a poll's. An event the server named otherwise
 * (`event: heartbeat`) that is no status the convention reads is passed over (`undefined`): it
 * is the server's own business, never a reason to end the operation.
 */
export function stepOnRecord(
  state: PollState,
  stream: Answer,
  record: StreamRecord,
  headers: Headers,
  config: LoopConfig,
): Next | undefined {
  const named = record.event !== undefined && record.event !== 'message'
  let next: Next
  try {
    next = step(
      state,
      recordAnswer(stream, record, headers),
      config.clock.now(),
      config.rules,
      true,
    )
  } catch (error) {
    if (named) return undefined
    throw error
  }
  return named && next.action === 'reject' && !next.update ? undefined : next
}
