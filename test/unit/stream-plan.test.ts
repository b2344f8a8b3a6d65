import { describe, expect, it } from 'vitest'
import { createReading } from '../../src/protocols/reading/reading.js'
import { begin } from '../../src/state/begin.js'
import type { PollState } from '../../src/state/poll-state.js'
import { step } from '../../src/state/step.js'
import {
  adoptStreamLocation,
  afterStreamCut,
  awaitsReconnect,
  dropStreamLocation,
  maxStreamFailures,
  type StreamCut,
  type StreamPlan,
  streamLocation,
  streamOpened,
} from '../../src/state/stream-plan.js'
import type { StepRules } from '../../src/state/transition.js'
import {
  answer,
  at,
  expectNext,
  lockedIn,
  polled,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

/** The gap the loop passes: the backoff's initial delay. */
const minGapMs = rules.backoff.initialDelayMs
const status = url('/status/1')
const events = url('/status/1/events')

/** An operation polling `/status/1` (next poll at 3 s) with `stream` as its stream. */
function withStream(stream: StreamPlan): PollState {
  return { ...lockedIn(), stream }
}

/** The 200 that opened a stream at `streamUrl`. */
const streamAnswer = (streamUrl: string) => ({ httpStatus: 200, url: streamUrl })

const cut = (records: number, more: Partial<StreamCut> = {}): StreamCut => ({
  records,
  lastEventId: undefined,
  retryMs: undefined,
  ...more,
})

/** A pending status answer of `/status/1` at `ms`, with `body`'s fields. */
const running = (body: Record<string, unknown> = {}) =>
  answer(200, status, { json: { status: 'running', ...body } })

describe('streamLocation', () => {
  it('is none while the operation has no stream', () => {
    expect(streamLocation(lockedIn())).toBeUndefined()
  })

  it('is none for a status location that streams itself: the read goes to the status location', () => {
    expect(streamLocation(withStream({ url: status, failures: 0 }))).toBeUndefined()
  })

  it('is the stream location of its own while fewer than three connections in a row brought nothing', () => {
    for (const failures of [0, 1, 2]) {
      expect(streamLocation(withStream({ url: events, failures }))).toBe(events)
    }
  })

  it('is none once the stream location has been given up', () => {
    expect(maxStreamFailures).toBe(3)
    expect(streamLocation(withStream({ url: events, failures: 3 }))).toBeUndefined()
    expect(streamLocation(withStream({ url: events, failures: 7 }))).toBeUndefined()
  })

  it('is none while a cut stream location waits for the status location to be read first', () => {
    const state = withStream({ url: events, failures: 0, pollFirst: true })
    expect(streamLocation(state)).toBeUndefined()
  })

  it('is none in the result stage', () => {
    const fetching = expectNext(
      step(
        withStream({ url: events, failures: 0 }),
        running({ status: 'succeeded', resultUrl: '/files/1' }),
        at(2000),
        rules,
      ),
      'fetch',
    ).state
    expect(fetching.stage).toBe('result')
    expect(streamLocation(fetching)).toBeUndefined()
  })

  it('is none once polling moved to the stream location`s own URL', () => {
    expect(
      streamLocation({ ...lockedIn(), target: events, stream: { url: events, failures: 0 } }),
    ).toBeUndefined()
  })
})

describe('adoptStreamLocation', () => {
  it('opens a named stream location at once, with no failure counted', () => {
    const state = lockedIn()
    const adopted = adoptStreamLocation(state, events, at(1200))
    expect(adopted.stream).toEqual({ url: events, failures: 0 })
    expect(adopted.nextPollAt).toBe(at(1200))
    expect(streamLocation(adopted)).toBe(events)
    // Nothing else changes: the backoff, the requests counted, the target.
    expect({ ...adopted, stream: undefined, nextPollAt: 0 }).toEqual({
      ...state,
      stream: undefined,
      nextPollAt: 0,
    })
  })

  it('keeps the stream the operation has, even one given up', () => {
    for (const stream of [
      { url: status, failures: 0 },
      { url: events, failures: 1, lastEventId: '7' },
      { url: url('/other/events'), failures: maxStreamFailures },
    ]) {
      const state = withStream(stream)
      expect(adoptStreamLocation(state, events, at(1200))).toBe(state)
    }
  })

  it('opens none in the result stage', () => {
    const state: PollState = { ...lockedIn(), stage: 'result', target: url('/files/1') }
    expect(adoptStreamLocation(state, events, at(1200))).toBe(state)
  })
})

describe('streamOpened', () => {
  it('makes a first stream the operation`s, opened now, nothing failed yet', () => {
    const state = lockedIn()
    const opened = streamOpened(state, status, streamAnswer(status), at(3000))
    expect(opened.stream).toEqual({ url: status, failures: 0, openedAt: at(3000) })
    expect(opened.nextPollAt).toBe(state.nextPollAt)
  })

  it('counts the stream`s connection as a request, and its answer as the last one', () => {
    const state = lockedIn()
    const opened = streamOpened(state, events, streamAnswer(events), at(3000))
    expect(opened.attempt).toBe(state.attempt + 1)
    expect(opened.lastAnswer).toEqual({ httpStatus: 200, url: events })
  })

  it('keeps the failures, the last event id and the retry of the same stream opened again', () => {
    const state = withStream({
      url: events,
      failures: 2,
      lastEventId: 'e-41',
      retryMs: 700,
      openedAt: at(100),
    })
    expect(streamOpened(state, events, streamAnswer(events), at(5000)).stream).toEqual({
      url: events,
      failures: 2,
      lastEventId: 'e-41',
      retryMs: 700,
      openedAt: at(5000),
    })
  })

  it('starts afresh when another URL streams: its ids and retry are not the other stream`s', () => {
    // The stream location was given up, then the status location answered with a stream.
    const state = withStream({
      url: events,
      failures: maxStreamFailures,
      lastEventId: 'e-41',
      retryMs: 700,
      openedAt: at(100),
    })
    expect(streamOpened(state, status, streamAnswer(status), at(5000)).stream).toEqual({
      url: status,
      failures: 0,
      openedAt: at(5000),
    })
  })
})

describe('afterStreamCut: a status location that streams', () => {
  const opened = (stream: Partial<StreamPlan> = {}) =>
    withStream({ url: status, failures: 0, openedAt: at(10_000), ...stream })

  it('reads again at once after a connection that brought a record, past the gap', () => {
    const state = afterStreamCut(opened(), cut(3), at(14_000), minGapMs)
    expect(state.nextPollAt).toBe(at(14_000))
    expect(state.stream).toEqual({
      url: status,
      failures: 0,
      openedAt: at(10_000),
      reconnectAt: at(14_000),
    })
  })

  it('never reads again sooner than the gap after the connection was opened', () => {
    expect(afterStreamCut(opened(), cut(1), at(10_050), minGapMs).nextPollAt).toBe(at(11_000))
    expect(afterStreamCut(opened(), cut(1), at(10_999), minGapMs).nextPollAt).toBe(at(11_000))
    expect(afterStreamCut(opened(), cut(1), at(11_000), minGapMs).nextPollAt).toBe(at(11_000))
  })

  it('doubles the gap after each connection in a row that brought nothing, up to 16 times', () => {
    const gaps = [0, 1, 2, 3, 4, 5, 9].map((failures) => {
      const state = afterStreamCut(opened({ failures }), cut(0), at(10_001), minGapMs)
      expect(state.stream?.failures).toBe(failures + 1)
      return state.nextPollAt - at(10_000)
    })
    expect(gaps).toEqual([2000, 4000, 8000, 16_000, 16_000, 16_000, 16_000])
  })

  it('counts the empty connections from the last one that brought a record', () => {
    const empty = afterStreamCut(opened({ failures: 2 }), cut(0), at(10_010), minGapMs)
    expect(empty.stream?.failures).toBe(3)
    const reopened = streamOpened(empty, status, streamAnswer(status), at(20_000))
    const fed = afterStreamCut(reopened, cut(1), at(20_010), minGapMs)
    expect(fed.stream?.failures).toBe(0)
    expect(fed.nextPollAt).toBe(at(21_000))
  })

  it('waits the server`s retry: from the cut', () => {
    const state = afterStreamCut(opened(), cut(2, { retryMs: 3000 }), at(14_000), minGapMs)
    expect(state.nextPollAt).toBe(at(17_000))
    expect(state.stream?.retryMs).toBe(3000)
  })

  it('keeps a retry: sent on an earlier connection', () => {
    const state = afterStreamCut(opened({ retryMs: 2500 }), cut(1), at(14_000), minGapMs)
    expect(state.nextPollAt).toBe(at(16_500))
    expect(state.stream?.retryMs).toBe(2500)
  })

  it('takes the latest retry: over an earlier one, even a shorter one', () => {
    const state = afterStreamCut(
      opened({ retryMs: 9000 }),
      cut(1, { retryMs: 0 }),
      at(14_000),
      minGapMs,
    )
    expect(state.nextPollAt).toBe(at(14_000))
    expect(state.stream?.retryMs).toBe(0)
  })

  it('waits for the later of the retry: and the gap', () => {
    // Retry 200 ms from a cut 100 ms after opening: the 1 s gap is later.
    const short = afterStreamCut(opened(), cut(1, { retryMs: 200 }), at(10_100), minGapMs)
    expect(short.nextPollAt).toBe(at(11_000))
    // After two empty connections the gap is 4 s from the opening; a 5 s retry is later still.
    const long = afterStreamCut(
      opened({ failures: 1 }),
      cut(0, { retryMs: 5000 }),
      at(10_100),
      minGapMs,
    )
    expect(long.nextPollAt).toBe(at(15_100))
  })

  it('keeps the last event id for Last-Event-ID: the cut`s, else the one seen before', () => {
    const seen = afterStreamCut(opened(), cut(1, { lastEventId: 'e-9' }), at(14_000), minGapMs)
    expect(seen.stream?.lastEventId).toBe('e-9')
    const kept = afterStreamCut(opened({ lastEventId: 'e-8' }), cut(0), at(14_000), minGapMs)
    expect(kept.stream?.lastEventId).toBe('e-8')
    const replaced = afterStreamCut(
      opened({ lastEventId: 'e-8' }),
      cut(1, { lastEventId: 'e-9' }),
      at(14_000),
      minGapMs,
    )
    expect(replaced.stream?.lastEventId).toBe('e-9')
    // An id the server reset to empty is sent back as such.
    const reset = afterStreamCut(
      opened({ lastEventId: 'e-8' }),
      cut(1, { lastEventId: '' }),
      at(14_000),
      minGapMs,
    )
    expect(reset.stream?.lastEventId).toBe('')
  })

  it('has no last event id or retry where the server sent none', () => {
    const state = afterStreamCut(opened(), cut(1), at(14_000), minGapMs)
    expect(state.stream).not.toHaveProperty('lastEventId')
    expect(state.stream).not.toHaveProperty('retryMs')
  })

  it('counts the gap from the cut when the opening time is unknown', () => {
    const state = afterStreamCut(
      withStream({ url: status, failures: 0 }),
      cut(1),
      at(9000),
      minGapMs,
    )
    expect(state.nextPollAt).toBe(at(10_000))
  })

  it('reads again at once when the operation has no stream plan', () => {
    const state = lockedIn()
    const after = afterStreamCut(state, cut(0), at(2000), minGapMs)
    expect(after.nextPollAt).toBe(at(2000))
    expect(after.stream).toBeUndefined()
  })

  it('changes nothing but the stream and the next read`s time', () => {
    const state = opened()
    const after = afterStreamCut(state, cut(1), at(14_000), minGapMs)
    expect({ ...after, stream: undefined, nextPollAt: 0 }).toEqual({
      ...state,
      stream: undefined,
      nextPollAt: 0,
    })
  })
})

describe('afterStreamCut: a stream location of its own', () => {
  const opened = (stream: Partial<StreamPlan> = {}) =>
    withStream({ url: events, failures: 0, openedAt: at(10_000), ...stream })

  it('has the status location read at once, however soon after the opening', () => {
    for (const records of [0, 1]) {
      const state = afterStreamCut(opened(), cut(records), at(10_010), minGapMs)
      expect(state.nextPollAt).toBe(at(10_010))
      expect(streamLocation(state)).toBeUndefined()
      expect(state.stream?.pollFirst).toBe(true)
    }
  })

  it('keeps what opening it again needs: the last event id, the retry, the opening time', () => {
    const state = afterStreamCut(
      opened({ lastEventId: 'e-1' }),
      cut(2, { lastEventId: 'e-3', retryMs: 1500 }),
      at(12_000),
      minGapMs,
    )
    expect(state.stream).toEqual({
      url: events,
      failures: 0,
      openedAt: at(10_000),
      lastEventId: 'e-3',
      retryMs: 1500,
      pollFirst: true,
      // Its retry: from the cut; the status location is read at once meanwhile.
      reconnectAt: at(13_500),
    })
  })

  it('counts connections in a row that brought nothing', () => {
    const state = afterStreamCut(opened({ failures: 1 }), cut(0), at(10_010), minGapMs)
    expect(state.stream?.failures).toBe(2)
  })
})

describe('opening a cut stream location again after the status read', () => {
  /** The stream location was cut at 10.1 s, after `failures` empty connections in a row. */
  function cutAt(stream: Partial<StreamPlan> = {}, records = 0): PollState {
    const opened = withStream({ url: events, failures: 0, openedAt: at(10_000), ...stream })
    return afterStreamCut(opened, cut(records), at(10_100), minGapMs)
  }

  it('opens it again once the gap from its last opening has passed', () => {
    const state = polled(step(cutAt({}, 1), running(), at(10_150), rules))
    expect(state.stream).not.toHaveProperty('pollFirst')
    expect(streamLocation(state)).toBe(events)
    expect(state.nextPollAt).toBe(at(11_000))
  })

  it('waits twice as long after each empty connection', () => {
    const slow: StepRules = { ...rules, backoff: { ...rules.backoff, factor: 10 } }
    const times = [0, 1].map((failures) => {
      const state = polled(step(cutAt({ failures }), running(), at(10_150), slow))
      expect(streamLocation(state)).toBe(events)
      return state.nextPollAt - at(10_000)
    })
    expect(times).toEqual([2000, 4000])
  })

  it('waits for the server`s retry: from the status read', () => {
    const state = polled(step(cutAt({ retryMs: 1500 }, 1), running(), at(10_150), rules))
    expect(state.nextPollAt).toBe(at(11_650))
  })

  it('is not later than the status location`s own next poll', () => {
    const state = polled(step(cutAt({ retryMs: 60_000 }, 1), running(), at(10_150), rules))
    const plain = polled(step(lockedIn(), running(), at(10_150), rules))
    expect(state.nextPollAt).toBe(plain.nextPollAt)
    expect(streamLocation(state)).toBe(events)
  })

  it('keeps the last event id for the next opening', () => {
    const cutOne = afterStreamCut(
      withStream({ url: events, failures: 0, openedAt: at(10_000) }),
      cut(1, { lastEventId: 'e-5' }),
      at(10_100),
      minGapMs,
    )
    const state = polled(step(cutOne, running(), at(10_150), rules))
    expect(state.stream?.lastEventId).toBe('e-5')
  })

  it('gives it up after three empty connections in a row: polling goes on at the status location', () => {
    const state = polled(step(cutAt({ failures: 2 }), running(), at(10_150), rules))
    expect(state.stream?.failures).toBe(maxStreamFailures)
    expect(streamLocation(state)).toBeUndefined()
  })
})

describe('awaitsReconnect', () => {
  it('holds a status location that streams until its retry: from the cut, then no more', () => {
    const opened = withStream({ url: status, failures: 0, openedAt: at(10_000) })
    const state = afterStreamCut(opened, cut(1, { retryMs: 3000 }), at(12_000), minGapMs)
    expect(awaitsReconnect(state, at(14_999))).toBe(true)
    expect(awaitsReconnect(state, at(15_000))).toBe(false)
  })

  it('lets a stream location of its own have the status location read first, then holds it', () => {
    const opened = withStream({ url: events, failures: 0, openedAt: at(10_000) })
    const state = afterStreamCut(opened, cut(1, { retryMs: 3000 }), at(12_000), minGapMs)
    expect(awaitsReconnect(state, at(12_000))).toBe(false)
    const { pollFirst: _read, ...stream } = state.stream as StreamPlan
    expect(awaitsReconnect({ ...state, stream }, at(14_999))).toBe(true)
    // Given up: the next read is the status location's.
    const given = { ...state, stream: { ...stream, failures: maxStreamFailures } }
    expect(awaitsReconnect(given, at(14_999))).toBe(false)
  })

  it('holds nothing before any cut', () => {
    expect(awaitsReconnect(lockedIn(), at(0))).toBe(false)
    expect(awaitsReconnect(withStream({ url: status, failures: 0 }), at(0))).toBe(false)
  })
})

describe('dropStreamLocation', () => {
  it('gives the stream location up and has the status location read at once', () => {
    const state = withStream({ url: events, failures: 0, lastEventId: 'e-1', openedAt: at(500) })
    const dropped = dropStreamLocation(state, at(1300))
    expect(dropped.nextPollAt).toBe(at(1300))
    expect(dropped.stream?.failures).toBe(maxStreamFailures)
    expect(streamLocation(dropped)).toBeUndefined()
  })

  it('keeps it given up: a status body that names it again does not open it', () => {
    const dropped = dropStreamLocation(withStream({ url: events, failures: 0 }), at(1300))
    const again = polled(step(dropped, running({ streamUrl: '/status/1/events' }), at(1400), rules))
    expect(streamLocation(again)).toBeUndefined()
    expect(again.nextPollAt).toBeGreaterThan(at(1400))
  })

  it('changes nothing without a stream', () => {
    const state = lockedIn()
    expect(dropStreamLocation(state, at(1300))).toBe(state)
  })
})

describe('a stream location named by the server', () => {
  it.each([
    [{ streamUrl: '/status/1/events' }, events],
    [{ stream_url: 'https://push.example.com/s/1' }, 'https://push.example.com/s/1'],
    [{ status_stream_url: '/status/1/events' }, events],
    [{ sseUrl: '/status/1/events' }, events],
    [{ links: { stream: '/status/1/events' } }, events],
    [{ _links: { stream: { href: '/status/1/events' } } }, events],
  ])('is opened at once from a pending status body %j', (fields, expected) => {
    const state = polled(step(lockedIn(), running(fields), at(2000), rules))
    expect(state.stream).toEqual({ url: expected, failures: 0 })
    expect(state.nextPollAt).toBe(at(2000))
    expect(streamLocation(state)).toBe(expected)
  })

  it('is resolved against the URL that answered', () => {
    const state = polled(step(lockedIn(), running({ streamUrl: 'events' }), at(2000), rules))
    expect(state.stream?.url).toBe(url('/status/events'))
  })

  it('is opened at once from the submit`s answer', () => {
    const state = polled(
      begin(
        submission('POST', '/jobs'),
        answer(202, url('/jobs'), {
          headers: { location: '/status/1' },
          json: { id: '1', streamUrl: '/status/1/events' },
        }),
        t0,
        rules,
      ),
    )
    expect(state.stream).toEqual({ url: events, failures: 0 })
    expect(state.nextPollAt).toBe(t0)
  })

  it('is filled from the client`s streamLocation template', () => {
    const templated: StepRules = {
      ...rules,
      context: { reading: createReading({ streamLocation: '/jobs/{id}/events' }, url('/')) },
    }
    const state = polled(step(lockedIn(), running({ id: 'j-7' }), at(2000), templated))
    expect(state.stream?.url).toBe(url('/jobs/j-7/events'))
    // A body the template cannot fill names none.
    const unnamed = polled(step(lockedIn(), running(), at(2000), templated))
    expect(unnamed.stream).toBeUndefined()
  })

  it('is not opened from a body that names none', () => {
    const state = polled(step(lockedIn(), running({ statusUrl: '/status/1' }), at(2000), rules))
    expect(state.stream).toBeUndefined()
    expect(state.nextPollAt).toBeGreaterThan(at(2000))
  })

  it('does not replace the stream the operation has', () => {
    const state = polled(
      step(
        withStream({ url: events, failures: 1 }),
        running({ streamUrl: 'https://elsewhere.example/s' }),
        at(2000),
        rules,
      ),
    )
    expect(state.stream).toEqual({ url: events, failures: 1 })
  })

  it('is not opened from a stream`s own record', () => {
    const record = running({ streamUrl: '/status/1/events' })
    const state = polled(step(lockedIn(), record, at(2000), rules, true))
    expect(state.stream).toBeUndefined()
  })
})
