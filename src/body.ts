import { ResponseValidationError } from './errors.js'

const excerptLength = 500

/** A response body read once, with the start of its text kept for error messages. */
export interface Body {
  /** Parsed JSON, a string, a Blob, or `undefined` for an empty body. */
  readonly value: unknown
  readonly excerpt: string
  /** An empty body whose content type promised JSON: never a result. */
  readonly emptyJson?: true
}

/**
 * Reads a body by its content type: JSON (also when unlabelled but shaped like JSON), text, or a
 * Blob for anything else. A body labelled JSON that does not parse is a `ResponseValidationError`.
 */
export async function readBody(response: Response, url: string): Promise<Body> {
  const type = response.headers.get('content-type')?.toLowerCase() ?? ''
  const isJson = /[/+]json\b/.test(type)
  if (!isJson && type !== '' && !type.startsWith('text/')) {
    const blob = await response.blob()
    return { value: blob.size === 0 ? undefined : blob, excerpt: `<${blob.size} bytes of ${type}>` }
  }
  const text = await response.text()
  const excerpt = text.slice(0, excerptLength)
  if (text.trim() === '')
    return isJson ? { value: undefined, excerpt, emptyJson: true } : { value: undefined, excerpt }
  if (isJson || (type === '' && /^\s*[{[]/.test(text))) {
    try {
      return { value: JSON.parse(text), excerpt }
    } catch (error) {
      const message = `Body is not valid JSON: ${(error as Error).message}`
      throw new ResponseValidationError(url, [{ message }], excerpt)
    }
  }
  return { value: text, excerpt }
}

/** A value that is already parsed (a field of a status body), as a body of its own. */
export function bodyOf(value: unknown): Body {
  return { value, excerpt: (JSON.stringify(value) ?? '').slice(0, excerptLength) }
}

/**
 * Discards a body that will not be read, so that its connection is freed. Not awaited: a response
 * that ky cloned is a tee branch, whose cancel stays pending until the other branch ends.
 */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {})
}
