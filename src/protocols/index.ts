import type { Protocol, ProtocolName, StatusResponse } from '../types/protocol.js'
import { autoDetect } from './auto.js'
import { azure } from './azure.js'
import { genericJson } from './generic-json.js'
import { google } from './google.js'
import { httpDriven, resultPolling } from './http-driven.js'

/** The built-in conventions by name. */
export const protocols = {
  auto: autoDetect,
  generic: genericJson,
  http: httpDriven,
  result: resultPolling,
  azure,
  google,
} as const satisfies Record<ProtocolName, Protocol>

/** Built-in conventions that announce themselves in the submit's answer, asked in this order. */
const detectable: readonly Protocol[] = [google, azure]

/** The convention a submit's answer speaks: Google or Azure when it says so, else `auto`. */
export function detectProtocol(answer: StatusResponse): Protocol {
  return detectable.find((protocol) => protocol.detect?.(answer)) ?? autoDetect
}

/**
 * Detection for a client with conventions of its own (its `conventions` option): the first of
 * them whose `detect` says the answer speaks it, asked in order before the built-in ones; else
 * {@link detectProtocol}.
 */
export function detector(conventions: readonly Protocol[]): (answer: StatusResponse) => Protocol {
  const own = conventions.filter((protocol) => protocol.detect !== undefined)
  if (own.length === 0) return detectProtocol
  return (answer) => own.find((protocol) => protocol.detect?.(answer)) ?? detectProtocol(answer)
}

/** A built-in convention by the name it records in resume tokens. */
export function builtInProtocol(name: string): Protocol | undefined {
  return Object.hasOwn(protocols, name) ? protocols[name as ProtocolName] : undefined
}
