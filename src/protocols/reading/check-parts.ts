import type { ConventionParts } from '../../types/conventions.js'
import { isFieldPath } from './field-path.js'
import { isUriTemplate } from './uri-template.js'

/** The parts of a convention a client names: each a field path, a URI template or a function. */
export function checkConventionParts<T extends ConventionParts>(options: T): T {
  if (options.classifyStatus !== undefined && typeof options.classifyStatus !== 'function') {
    throw new TypeError('Expected `classifyStatus` to be a function')
  }
  checkPart('statusLocation', options.statusLocation, true)
  checkPart('stateField', options.stateField, false)
  checkPart('progressField', options.progressField, false)
  checkPart('locateResult', options.locateResult, true)
  checkPart('resultField', options.resultField, false)
  checkPart('failureField', options.failureField, false)
  checkPart('streamLocation', options.streamLocation, true)
  const scale = options.progressScale
  if (scale !== undefined && scale !== 'fraction' && scale !== 'percent') {
    throw new TypeError(
      `Expected \`progressScale\` to be 'fraction' or 'percent', got ${JSON.stringify(scale)}`,
    )
  }
  return options
}

function checkPart(name: string, value: unknown, template: boolean): void {
  if (value === undefined || typeof value === 'function') return
  const valid =
    typeof value === 'string' && (isFieldPath(value) || (template && isUriTemplate(value)))
  if (!valid) {
    const expected = template
      ? "a field path ('links.status'), a URI template ('/jobs/{id}') or a function"
      : "a field path ('status.state') or a function"
    throw new TypeError(`Expected \`${name}\` to be ${expected}, got ${JSON.stringify(value)}`)
  }
}
