import type { Body } from '../answer.js'
import { ResponseValidationError } from '../errors.js'
import type { StandardSchemaV1 } from '../types/standard-schema.js'

/** Runs a Standard Schema over a body; no schema returns the body as it is. */
export async function validateBody<T>(
  schema: StandardSchemaV1<unknown, T> | undefined,
  body: Body,
  url: string,
  note?: string,
): Promise<T> {
  if (!schema) return body.value as T
  const outcome = await schema['~standard'].validate(body.value)
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
