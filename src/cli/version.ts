import { readFileSync } from 'node:fs'

/**
 * The version in package.json, read from the built bin's place (`dist/cli/main.js` ->
 * `package.json`), the file every install of the package carries.
 */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  const { version } = JSON.parse(text) as { version?: unknown }
  return typeof version === 'string' ? version : 'unknown'
}
