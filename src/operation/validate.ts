import type { Body } from '../answer.js'
import { ResponseValidationError } from '../errors.js'
import { beforeDeadline, type ClockDeadline } from '../time/deadline.js'
import type { StandardSchemaV1 } from '../types/standard-schema.js'

/**
 * Runs a Standard Schema over a body; no schema returns the body as it is. An asynchronous
 * validator that outlasts the operation's deadline ends with the deadline's error.
 */
export async function validateBody<T>(
  schema: StandardSchemaV1<unknown, T> | undefined,
  body: Body,
  url: string,
  deadline: ClockDeadline,
  note?: string,
): Promise<T> {
  if (!schema) return body.value as T
  const validating = schema['~standard'].validate(body.value)
  const outcome =
    validating instanceof Promise ? await beforeDeadline(validating, deadline) : validating
  if (outcome.issues) throw new ResponseValidationError(url, outcome.issues, body.excerpt, note)
  return outcome.value
}

/** Whether a value looks like a Standard Schema, for argument checks at the door. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    '~standard' in value &&
    typeof (value as StandardSchemaV1)['~standard']?.validate === 'function'
  )
}
