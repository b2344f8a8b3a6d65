import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { protocols } from '../../src/protocols/index.js'
import { readProgress } from '../../src/protocols/progress.js'
import { classifyStatusWord } from '../../src/protocols/status-words.js'
import type { StatusResponse } from '../../src/protocols/types.js'

const url = 'https://api.example.com/status/1'
const submit = { method: 'POST', url: 'https://api.example.com/jobs' }
const none = { submit }
const reply = (
  body: unknown,
  httpStatus = 200,
  headers: Record<string, string> = {},
): StatusResponse => ({
  httpStatus,
  headers: new Headers(headers),
  url,
  body,
})

describe('classifyStatusWord', () => {
  it.each([
    ['queued', 'pending'],
    ['pending', 'pending'],
    ['processing', 'pending'],
    ['running', 'pending'],
    ['in_progress', 'pending'],
    ['InProgress', 'pending'],
    ['NotStarted', 'pending'],
    ['done', 'succeeded'],
    ['completed', 'succeeded'],
    ['Succeeded', 'succeeded'],
    ['failed', 'failed'],
    ['error', 'failed'],
    ['canceled', 'canceled'],
    ['Cancelled', 'canceled'],
  ])('reads "%s" as %s', (word, state) => {
    expect(classifyStatusWord(word)).toBe(state)
  })

  it('knows nothing of words outside its table', () => {
    expect(classifyStatusWord('exploded')).toBeUndefined()
  })
})

describe('readProgress', () => {
  it.each([
    [{ 'progress-percent': 40 }, 0.4],
    [{ percentComplete: 75 }, 0.75],
    [{ progress: 0.3 }, 0.3],
    [{ progress: 1 }, 1],
    [{ progress: 55 }, 0.55],
    [{ progress: 140 }, 1],
    [{ progress: -5 }, 0],
  ])('normalises %o to %d', (body, expected) => {
    expect(readProgress(body)).toBeCloseTo(expected)
  })

  it('reports nothing without a numeric progress field', () => {
    expect(readProgress({ progress: 'half' })).toBeUndefined()
    expect(readProgress({})).toBeUndefined()
  })
})

describe('the generic JSON convention', () => {
  const { generic } = protocols
  const observe = (body: unknown, context = {}) =>
    generic.observe(reply(body), { ...context, submit })

  it('reads a pending word with its progress', () => {
    expect(observe({ status: 'running', progress: 0.5 })).toEqual({
      state: 'pending',
      progress: 0.5,
    })
  })

  it('finds a result link and resolves it against the status URL', () => {
    expect(observe({ status: 'done', download_link: '/reports/r.pdf' })).toEqual({
      state: 'succeeded',
      result: { kind: 'link', url: new URL('https://api.example.com/reports/r.pdf') },
    })
  })

  it('prefers a link field to an inline result', () => {
    const observation = observe({ status: 'done', resultUrl: 'r/1', result: { a: 1 } })
    expect(observation).toMatchObject({ result: { kind: 'link' } })
  })

  it.each(['result', 'response', 'output', 'data'])('takes the inline %s field', (field) => {
    expect(observe({ status: 'succeeded', [field]: { rows: 3 } })).toEqual({
      state: 'succeeded',
      result: { kind: 'inline', value: { rows: 3 } },
    })
  })

  it('takes the whole body when it names no result', () => {
    const body = { status: 'completed', rows: 3 }
    expect(observe(body)).toEqual({ state: 'succeeded', result: { kind: 'inline', value: body } })
  })

  it("carries the server's error detail on failure", () => {
    const error = { code: 'Quota', message: 'quota exceeded' }
    expect(observe({ status: 'failed', error })).toEqual({ state: 'failed', detail: error })
  })

  it('names an unknown status word in a ProtocolError', () => {
    expect(() => observe({ status: 'exploded' })).toThrow(ProtocolError)
    expect(() => observe({ status: 'exploded' })).toThrow(/Unknown status word "exploded"/)
  })

  it("lets the user's classifier map words it does not know", () => {
    const classifyStatus = (word: string) => (word === 'exploded' ? 'failed' : undefined)
    expect(observe({ status: 'exploded' }, { classifyStatus })).toEqual({ state: 'failed' })
    expect(observe({ status: 'running' }, { classifyStatus })).toEqual({ state: 'pending' })
  })

  it("lets the user's locator name the result", () => {
    const locateResult = (body: unknown) => `/files/${(body as { id: number }).id}`
    expect(observe({ status: 'done', id: 7 }, { locateResult })).toMatchObject({
      result: { kind: 'link', url: new URL('https://api.example.com/files/7') },
    })
  })

  it('refuses a non-http(s) result link', () => {
    expect(() => observe({ status: 'done', href: 'javascript:alert(1)' })).toThrow(ProtocolError)
  })

  it('refuses a body with no status word', () => {
    expect(() => observe({ rows: 3 })).toThrow(/no `status` word/)
  })
})

describe('the HTTP-driven and result-polling conventions', () => {
  it('reads 202 as running, 303 as a link to the result and 200 as the result itself', () => {
    const { http } = protocols
    expect(http.observe(reply(undefined, 202), none)).toEqual({ state: 'pending' })
    expect(http.observe(reply(undefined, 303, { location: '/out/1' }), none)).toEqual({
      state: 'succeeded',
      result: { kind: 'link', url: new URL('https://api.example.com/out/1') },
    })
    expect(http.observe(reply({ rows: 3 }, 200), none)).toEqual({
      state: 'succeeded',
      result: { kind: 'body' },
    })
  })

  it('refuses a 303 without a Location', () => {
    expect(() => protocols.http.observe(reply(undefined, 303), none)).toThrow(
      /303 See Other without a Location/,
    )
  })

  it('result polling accepts 404 and 409 as "not yet"', () => {
    const { result } = protocols
    expect(result.pendingStatuses).toEqual([404, 409])
    expect(result.observe(reply(undefined, 404), none)).toEqual({ state: 'pending' })
    expect(result.observe(reply(undefined, 409), none)).toEqual({ state: 'pending' })
  })
})

describe('automatic detection', () => {
  const { auto } = protocols

  it('reads a body with a status word as generic JSON', () => {
    expect(auto.observe(reply({ status: 'queued' }), none)).toEqual({ state: 'pending' })
  })

  it('reads a 202 with an empty body as running', () => {
    expect(auto.observe(reply(undefined, 202), none)).toEqual({ state: 'pending' })
  })

  it('reads a 200 without a status word as the result itself', () => {
    expect(auto.observe(reply({ rows: 3 }), none)).toEqual({
      state: 'succeeded',
      result: { kind: 'body' },
    })
  })

  it('reads a 303 as a link whatever its body', () => {
    expect(auto.observe(reply({ status: 'running' }, 303, { location: '/r' }), none)).toMatchObject(
      {
        state: 'succeeded',
        result: { kind: 'link' },
      },
    )
  })
})
