import { autoDetect } from './auto.js'
import { genericJson } from './generic-json.js'
import { httpDriven, resultPolling } from './http-driven.js'
import type { Protocol } from './types.js'

/** The built-in conventions by name. */
export const protocols = {
  auto: autoDetect,
  generic: genericJson,
  http: httpDriven,
  result: resultPolling,
} as const satisfies Record<string, Protocol>

export type ProtocolName = keyof typeof protocols
