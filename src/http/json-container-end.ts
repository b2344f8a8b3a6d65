const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * Follows a JSON text as its parts arrive, to tell when its outermost object or array closes:
 * brackets are counted outside strings (their escapes skipped), each character looked at once. A
 * text of many lines is then parsed once, when it may be whole, not again at every line.
 *
 * @example
 * const end = new JsonContainerEnd()
 * end.add('{"status": "running",\n') // false
 * end.add('"percent": 50}\n') // true: parse the text now
 */
export class JsonContainerEnd {
  #depth = 0
  #inString = false
  #escaped = false
  /** `closed`: the outermost container closed, only whitespace since; `never`: it cannot be one. */
  #state: 'open' | 'closed' | 'never' = 'open'

  /**
   * Reads the next part of the text. True when the outermost object or array closed in this part
   * with nothing but whitespace after it: only then may the text be a whole container. A text that
   * went on past it (or began with anything else) never gives true again.
   */
  add(part: string): boolean {
    const before = this.#state
    for (let index = 0; index < part.length && this.#state !== 'never'; index++) {
      this.#read(part.charCodeAt(index))
    }
    return before === 'open' && this.#state === 'closed'
  }

  #read(code: number): void {
    if (this.#state === 'closed' || this.#depth === 0) {
      const opens = this.#state === 'open' && (code === 0x7b || code === 0x5b)
      if (opens) this.#depth = 1
      else if (!isJsonWhitespace(code)) this.#state = 'never'
    } else if (this.#inString) {
      if (this.#escaped) this.#escaped = false
      else if (code === BACKSLASH) this.#escaped = true
      else if (code === QUOTE) this.#inString = false
    } else if (code === QUOTE) {
      this.#inString = true
    } else if (code === 0x7b || code === 0x5b) {
      this.#depth += 1
    } else if (code === 0x7d || code === 0x5d) {
      this.#depth -= 1
      if (this.#depth === 0) this.#state = 'closed'
    }
  }
}

/** Whitespace as JSON's grammar has it (RFC 8259, 2): no other may surround a text. */
function isJsonWhitespace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR
}
