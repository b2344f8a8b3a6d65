import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { protocols } from '../../src/protocols/index.js'
import { readProgress } from '../../src/protocols/progress.js'
import { classifyStatusWord } from '../../src/protocols/reading/status-words.js'
import type { StatusResponse } from '../../src/types/protocol.js'

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

  it("reads a server's long status word in time, however made (no joining of every run of its words)", () => {
    const started = performance.now()
    expect(classifyStatusWord('a_'.repeat(50_000))).toBeUndefined()
    expect(classifyStatusWord(`in_progress_${'x_'.repeat(50_000)}`)).toBe('pending')
    expect(classifyStatusWord(`completed_with_${'x_'.repeat(50_000)}`)).toBe('succeeded')
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('readProgress', () => {
  it.each([
    [{ 'progress-percent': 40 }, { value: 40, scale: 'percent' }],
    [{ percentComplete: 75 }, { value: 75, scale: 'percent' }],
    [{ percent_complete: 5 }, { value: 5, scale: 'percent' }],
    [{ progress: 0.3 }, { value: 0.3, scale: 'unknown' }],
    [{ progress: 55 }, { value: 55, scale: 'unknown' }],
  ])(
    'reads %o as %o: percent-named fields count to 100, a bare one is of unknown scale',
    (body, expected) => {
      expect(readProgress(body)).toEqual(expected)
    },
  )

  it('reads a whole progress beside a total as tasks done out of it', () => {
    // Zendesk's job statuses: {"total": 2, "progress": 1} while the second task runs.
    expect(readProgress({ status: 'working', total: 2, progress: 1 })).toEqual({
      value: 0.5,
      scale: 'fraction',
    })
    expect(readProgress({ total: 4, progress: 0 })).toEqual({ value: 0, scale: 'fraction' })
  })

  it('keeps a progress that is no count of the total at its own scale', () => {
    expect(readProgress({ total: 3, progress: 0.5 })).toEqual({ value: 0.5, scale: 'unknown' })
    expect(readProgress({ total: 3, progress: 40 })).toEqual({ value: 40, scale: 'unknown' })
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
      progress: { value: 0.5, scale: 'unknown' },
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

  it('never follows a non-http(s) result link: the body keeps it as the result', () => {
    const body = { status: 'done', href: 'javascript:alert(1)' }
    expect(observe(body)).toEqual({ state: 'succeeded', result: { kind: 'inline', value: body } })
  })

  it('refuses a body with no status field, with an excerpt of the body', () => {
    const html = {
      ...reply('<html>502 Bad Gateway</html>'),
      excerpt: '<html>502 Bad Gateway</html>',
    }
    expect(() => generic.observe(html, { submit })).toThrow(
      /not a status body.*<html>502 Bad Gateway/,
    )
    expect(() => observe({ rows: 3 })).toThrow(/no `status` field/)
    expect(() => observe(undefined)).toThrow(ProtocolError)
  })

  it.each([null, 3, true, { code: 7 }, ['running']])(
    'refuses a status field that is %o, naming the field and the value',
    (value) => {
      expect(() => observe({ status: value })).toThrow(
        `Status field \`status\` is ${JSON.stringify(value)}, not a status word`,
      )
    },
  )

  it('follows a 303 to the result', () => {
    expect(generic.observe(reply(undefined, 303, { location: '/out/1' }), none)).toEqual({
      state: 'succeeded',
      result: { kind: 'link', url: new URL('https://api.example.com/out/1') },
    })
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

  it('commits to generic JSON at a body with a status field, whatever its value', () => {
    expect(auto.resolve?.(reply({ status: 'queued' }), none)).toBe(protocols.generic)
    expect(auto.resolve?.(reply({ status: null }), none)).toBe(protocols.generic)
    expect(auto.resolve?.(reply({ rows: 3 }), none)).toBeUndefined()
    expect(auto.resolve?.(reply('plain text'), none)).toBeUndefined()
  })

  it('commits to Google operations at an Operation read at its own …/operations/ URL', () => {
    // Google Speech answers the submit with a bare `{"name": "42"}`; proto3 JSON leaves out
    // `done: false`, so the running Operation shows only its name and metadata.
    const at = (path: string, body: unknown): StatusResponse => ({
      ...reply(body),
      url: `https://speech.example.com${path}`,
    })
    const running = { name: '42', metadata: { progressPercent: 40 } }
    expect(auto.resolve?.(at('/v1/operations/42', running), none)).toBe(protocols.google)
    const vertex = { name: 'projects/p/locations/l/operations/9', metadata: {} }
    expect(auto.resolve?.(at(`/v1/${vertex.name}`, vertex), none)).toBe(protocols.google)
    expect(protocols.google.observe(at('/v1/operations/42', running), none)).toEqual({
      state: 'pending',
      progress: { value: 40, scale: 'percent' },
    })
  })

  it('takes no named resource elsewhere for an Operation: it may be the result', () => {
    const at = (path: string, body: unknown): StatusResponse => ({
      ...reply(body),
      url: `https://api.example.com${path}`,
    })
    const resource = { name: 'report', metadata: { rows: 3 } }
    expect(auto.resolve?.(at('/v1/reports/report', resource), none)).toBeUndefined()
    expect(auto.resolve?.(at('/v1/operations/7', resource), none)).toBeUndefined()
    expect(auto.resolve?.(at('/v1/operations/report', { name: 'report' }), none)).toBeUndefined()
  })

  it('never takes an HTML page for the result', () => {
    const page = reply('<html>Welcome to nginx!</html>', 200, { 'content-type': 'text/html' })
    expect(() => auto.observe(page, none)).toThrow(/HTML page answered \(200\)/)
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
