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
