/**
 * What stdout carries for a result, and nothing else: JSON compact on one line (so `| jq` works),
 * a string as it is, a Blob's bytes raw, and nothing at all for an operation without a result.
 *
 * @example
 * await resultOutput({ url: '/r/1' }) // '{"url":"/r/1"}\n'
 */
export async function resultOutput(result: unknown): Promise<string | Uint8Array | undefined> {
  if (result === undefined) return undefined
  if (typeof result === 'string') return result
  if (result instanceof Blob) return new Uint8Array(await result.arrayBuffer())
  return `${JSON.stringify(result)}\n`
}
