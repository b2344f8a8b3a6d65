import { describe, expect, it } from 'vitest'
import { sendableEventId } from '../../src/operation/sendable-event-id.js'

describe('sendableEventId', () => {
  it('keeps an id a header can carry: text, spaces and tabs inside, any letter (sent as UTF-8)', () => {
    for (const id of ['42', 'job 7', 'a\tb', 'ключ-1', '😀', ''])
      expect(sendableEventId(id)).toBe(id)
  })

  it('has none before any id field', () => {
    expect(sendableEventId(undefined)).toBeUndefined()
  })

  it.each([
    ['a control character', 'a\u0001b'],
    ['ESC', '\u001b[31m'],
    ['DEL', 'a\u007f'],
    ['a vertical tab', 'a\u000bb'],
    ['a control character after other letters', 'é\u0001'],
  ])('reads an id with %s as empty: no Last-Event-ID is sent', (_name, id) => {
    expect(sendableEventId(id)).toBe('')
  })
})
