import { autoDetect } from './auto.js'
import { azure } from './azure.js'
import { genericJson } from './generic-json.js'
import { google } from './google.js'
import { httpDriven, resultPolling } from './http-driven.js'
import type { Protocol, StatusResponse } from './types.js'

/** The built-in conventions by name. */
export const protocols = {
  auto: autoDetect,
  generic: genericJson,
  http: httpDriven,
  result: resultPolling,
  azure,
  google,
} as const satisfies Record<string, Protocol>

/**
 * The name of a built-in convention, for the `protocol` option: `'auto'` (the default: Google and
 * Azure detected from the submit's answer, anything else read by its body and status code),
 * `'generic'`, `'http'`, `'result'`, `'azure'` or `'google'`.
 *
 * @example
 * createClient({ protocol: 'result' }) // the Location is the result itself: 404 until it exists
 */
export type ProtocolName = keyof typeof protocols

/** Conventions that announce themselves in the submit's answer, asked in this order. */
const detectable: readonly Protocol[] = [google, azure]

/** The convention a submit's answer speaks: Google or Azure when it says so, else `auto`. */
export function detectProtocol(answer: StatusResponse): Protocol {
  return detectable.find((protocol) => protocol.detect?.(answer)) ?? autoDetect
}

/** A built-in convention by the name it records in resume tokens. */
export function builtInProtocol(name: string): Protocol | undefined {
  return Object.hasOwn(protocols, name) ? protocols[name as ProtocolName] : undefined
}
