import { ProtocolError } from '../errors.js'
import { monitorHeaders } from '../locations.js'
import type { Protocol, ProtocolName, StatusResponse } from '../types/protocol.js'
import { autoDetect } from './auto.js'
import { genericJson } from './generic-json.js'
import { httpDriven, resultPolling } from './http-driven.js'
import { isRecord } from './json.js'

/** The built-in conventions by name: what every client knows without an import. */
export const protocols = {
  auto: autoDetect,
  generic: genericJson,
  http: httpDriven,
  result: resultPolling,
} as const satisfies Record<ProtocolName, Protocol>

/** The conventions shipped as imports of their own (`pollwise/azure`), by the name tokens record. */
const ownImports: readonly string[] = ['azure', 'google']

/** A built-in convention by name. */
export function builtInProtocol(name: string): Protocol | undefined {
  return Object.hasOwn(protocols, name) ? protocols[name as ProtocolName] : undefined
}

/** What to do about a convention name the client does not know, for a `TypeError`'s message. */
export function unknownConvention(name: string): string {
  return ownImports.includes(name)
    ? `import { ${name} } from 'pollwise/${name}' and pass it in the client's \`conventions: [${name}]\` (or as \`protocol: ${name}\`)`
    : "pass that convention in the client's `conventions` (or as `protocol`)"
}

/**
 * The convention a submit's answer speaks: the first registered convention whose `detect` says so,
 * else `auto` (generic JSON or HTTP-driven, read by the body and status code).
 *
 * An answer that names an Azure status monitor or is a Google Operation, when the client did not
 * register that convention, is a `ProtocolError` that says what to import: the built-in reading
 * would settle it wrong (a POST's monitor body taken for its result, an Operation's bare
 * `{name}` for the answer itself).
 */
export function detector(conventions: readonly Protocol[]): (answer: StatusResponse) => Protocol {
  const detectable = conventions.filter((protocol) => protocol.detect !== undefined)
  const names = new Set(conventions.map((protocol) => protocol.name))
  return (answer) => {
    const found = detectable.find((protocol) => protocol.detect?.(answer))
    if (found) return found
    const speaks = ownConventionOf(answer)
    if (speaks !== undefined && !names.has(speaks)) {
      throw new ProtocolError(
        `The answer speaks ${speaks === 'azure' ? "Azure's convention (a status monitor)" : "Google's convention (an Operation)"}, which this client did not register: ${unknownConvention(speaks)}`,
        answer.url,
        answer.excerpt,
      )
    }
    return autoDetect
  }
}

/** The convention of its own an answer plainly speaks: an Azure monitor header, a Google Operation. */
function ownConventionOf({ headers, body }: StatusResponse): string | undefined {
  if (monitorHeaders.some((name) => headers.has(name))) return 'azure'
  if (!isRecord(body) || typeof body.name !== 'string' || body.name === '') return undefined
  const operation =
    typeof body.done === 'boolean' ||
    isRecord(body.metadata) ||
    (/(?:^|\/)operations\/[^/]/.test(body.name) && !headers.has('location'))
  return operation ? 'google' : undefined
}
