/** Shared fixtures for the tests of the pure transition: `begin`, `step` and their rules. */
import { expect } from 'vitest'
import type { Body } from '../../../src/answer.js'
import { detectProtocol } from '../../../src/protocols/index.js'
import { begin, type Submission } from '../../../src/state/begin.js'
import type { PollState } from '../../../src/state/poll-state.js'
import { step } from '../../../src/state/step.js'
import type { Next, StepRules } from '../../../src/state/transition.js'
import type { FinalStateVia, Protocol } from '../../../src/types/protocol.js'

/** A response with its body read, as the transition takes it. */
export type Answer = Parameters<typeof step>[1]

/** The submit answers at t0, a whole second (HTTP-dates count in seconds). */
export const t0 = Date.UTC(2026, 0, 5, 12, 0, 0)
export const at = (ms: number) => t0 + ms
export const origin = 'https://api.example.com'
export const url = (path: string) => new URL(path, origin).href
export const graceMs = 5000
export const rules: StepRules = {
  backoff: { initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000, jitter: 'none', minDelayMs: 100 },
  random: () => 0.5,
  notReadyGraceMs: graceMs,
  context: {},
}
export const jsonType = { 'content-type': 'application/json' }
export const emptyJson: Body = { value: undefined, excerpt: '', emptyJson: true }

export interface HopResponse {
  readonly json?: unknown
  readonly html?: string
  readonly body?: Body
  readonly headers?: Record<string, string>
}

/** A response as the transport reads it: JSON and HTML bodies carry their content type and a 500-character excerpt. */
export function answer(httpStatus: number, from: string, reply: HopResponse = {}): Answer {
  const headers = new Headers(reply.headers)
  let body: Body = reply.body ?? { value: undefined, excerpt: '' }
  if ('json' in reply) {
    headers.set('content-type', 'application/json')
    body = { value: reply.json, excerpt: JSON.stringify(reply.json).slice(0, 500) }
  }
  if (reply.html !== undefined) {
    headers.set('content-type', 'text/html; charset=utf-8')
    body = { value: reply.html, excerpt: reply.html.slice(0, 500) }
  }
  return { httpStatus, headers, url: from, body }
}

export interface SubmitOptions {
  readonly protocol?: Protocol | undefined
  readonly finalStateVia?: FinalStateVia | undefined
  readonly timeoutMs?: number | undefined
}

export function submission(method: string, path: string, options: SubmitOptions = {}): Submission {
  return {
    submit: { method, url: url(path), finalStateVia: options.finalStateVia },
    protocol: options.protocol,
    detect: detectProtocol,
    trustedOrigins: new Set([origin]),
    startedAt: t0,
    deadline: t0 + (options.timeoutMs ?? 600_000),
  }
}

export type Of<A extends Next['action']> = Extract<Next, { action: A }>

/** The next step, checked to be `action`; an unexpected rejection fails with its own error. */
export function expectNext<A extends Next['action']>(next: Next, action: A): Of<A> {
  if (next.action === 'reject' && action !== 'reject') throw next.error
  expect(next.action).toBe(action)
  return next as Of<A>
}

export function rejection<E>(next: Next, type: new (...args: never[]) => E): E {
  const { error } = expectNext(next, 'reject')
  expect(error).toBeInstanceOf(type)
  return error as E
}

export const polled = (next: Next): PollState => expectNext(next, 'poll').state

/** POST /jobs answered 202 with `Location: /status/1` at t0. */
export function acceptedJob(protocol?: Protocol): PollState {
  return polled(
    begin(
      submission('POST', '/jobs', { protocol }),
      answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
      t0,
      rules,
    ),
  )
}

/** An operation under `auto` whose status location has answered with a status word: generic JSON from now on. */
export function lockedIn(): PollState {
  const state = polled(
    step(
      acceptedJob(),
      answer(200, url('/status/1'), { json: { status: 'running' } }),
      at(1000),
      rules,
    ),
  )
  expect(state.protocol.name).toBe('generic')
  return state
}

/** An Azure submit answered 202 naming a status monitor at t0. */
export function azureMonitor(
  method: string,
  path: string,
  headers: Record<string, string>,
  finalStateVia?: FinalStateVia,
): PollState {
  const state = polled(
    begin(
      submission(method, path, { finalStateVia }),
      answer(202, url(path), { headers }),
      t0,
      rules,
    ),
  )
  expect(state.protocol.name).toBe('azure')
  return state
}
