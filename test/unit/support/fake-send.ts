/** A `send` that records its calls and answers from a script, for the effect runner's unit tests. */
import type { Send, SendOptions } from '../../../src/http/transport.js'
import type { Answer } from './step-fixtures.js'

export interface SentRequest {
  readonly url: string
  readonly options: SendOptions
}

/**
 * Answers each call with the next of `answers` (a function of the call, so that a test can hold a
 * request in flight or fail it); the last one answers every call after it.
 */
export function fakeSend(...answers: ReadonlyArray<(request: SentRequest) => Promise<Answer>>) {
  const calls: SentRequest[] = []
  const send: Send = (url, options) => {
    const request = { url: url.href, options }
    calls.push(request)
    const next = answers[Math.min(calls.length, answers.length) - 1]
    if (!next) throw new Error('fakeSend has no answer')
    return next(request)
  }
  return { send, calls }
}
