import { describe, expect, it } from 'vitest'
import { RequestHandle } from '../../src/http/request-handle.js'

describe('RequestHandle', () => {
  it('aborts the controller it follows now, with the reason, and reports it', () => {
    const handle = new RequestHandle()
    const first = new AbortController()
    const second = new AbortController()
    handle.follow(first)
    handle.follow(second)
    expect(handle.aborted).toBe(false)

    const reason = new Error('stopped')
    handle.abort(reason)
    expect([handle.aborted, handle.reason]).toEqual([true, reason])
    expect(second.signal.reason).toBe(reason)
    // The one it followed before is done with: the abort is not its.
    expect(first.signal.aborted).toBe(false)
  })

  it('aborts at once a controller it follows after its abort', () => {
    const handle = new RequestHandle()
    const reason = new Error('stopped before the retry')
    handle.abort(reason)
    const later = new AbortController()
    handle.follow(later)
    expect(later.signal.reason).toBe(reason)
  })

  it('keeps its first reason when aborted twice', () => {
    const handle = new RequestHandle()
    const controller = new AbortController()
    handle.follow(controller)
    handle.abort('first')
    handle.abort('second')
    expect(handle.reason).toBe('first')
    expect(controller.signal.reason).toBe('first')
  })

  it('aborted with no controller yet, reports the abort', () => {
    const handle = new RequestHandle()
    handle.abort(undefined)
    expect(handle.aborted).toBe(true)
  })
})
