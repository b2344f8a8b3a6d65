import { isRecord } from '../json.js'

/**
 * The value at a field path: names joined by dots (`status.state`, `links.self`, `jobs.0.id`). A
 * name that is all digits also indexes an array. `undefined` where any step is missing.
 *
 * @example
 * readField({ status: { state: 'RUNNING' } }, 'status.state') // 'RUNNING'
 */
export function readField(value: unknown, path: string): unknown {
  let current = value
  for (const name of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(name)) current = current[Number(name)]
    else if (isRecord(current) && Object.hasOwn(current, name)) current = current[name]
    else return undefined
  }
  return current
}

/** Whether a string is a field path: dot-separated names, none empty, no URL or template characters. */
export function isFieldPath(value: string): boolean {
  return /^[^./{}?#\s]+(\.[^./{}?#\s]+)*$/.test(value)
}

/** The object a field path's last name is read from: the body itself for a one-name path. */
export function parentOf(value: unknown, path: string): unknown {
  const names = path.split('.')
  return names.length === 1 ? value : readField(value, names.slice(0, -1).join('.'))
}

/** The last name of a field path: `'state.is_done'` gives `'is_done'`. */
export function lastName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1)
}
