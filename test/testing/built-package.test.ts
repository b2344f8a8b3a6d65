import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/** `pollwise/testing` as the package ships it: dist/, imported by name from another process. */

const run = promisify(execFile)
const built = () => expect(existsSync('dist/testing.js'), 'run `npm run build` first').toBe(true)

/** The files a dist entry loads, itself included, following its relative imports. */
function filesOf(entry: string, seen = new Set<string>()): Set<string> {
  seen.add(entry)
  const code = readFileSync(`dist/${entry}`, 'utf8')
  for (const [, file] of code.matchAll(/from '\.\/([^']+)'/g)) {
    if (file && !seen.has(file)) filesOf(file, seen)
  }
  return seen
}

describe('the built pollwise/testing', () => {
  it('imports msw from the user, and bundles none of it', () => {
    built()
    const testing = readFileSync('dist/testing.js', 'utf8')
    expect(testing).toMatch(/^import \{[^}]*\} from 'msw';$/m)
    expect(testing).not.toMatch(/class HttpResponse|function http\b/)
    expect(readFileSync('dist/testing.d.ts', 'utf8')).toMatch(/from 'msw'/)
  })

  it('is never loaded by pollwise itself: no file of the main entry names msw', () => {
    built()
    for (const file of filesOf('index.js')) {
      expect(readFileSync(`dist/${file}`, 'utf8'), file).not.toMatch(/msw/)
    }
  })

  it('runs an operation to its result with the built client, by package name', async () => {
    built()
    const script = `
      import { setupServer } from 'msw/node'
      import { createClient } from 'pollwise'
      import { simulateOperation } from 'pollwise/testing'

      const simulation = simulateOperation({
        convention: 'azure', baseUrl: 'https://api.test', submitPath: '/exports', polls: 2,
        result: { rows: 3 },
      })
      const server = setupServer(...simulation.handlers)
      server.listen({ onUnhandledRequest: 'error' })
      const api = createClient({ baseUrl: 'https://api.test', backoff: { initialDelayMs: 10, minDelayMs: 10 } })
      const result = await api.run('/exports')
      server.close()
      console.log(JSON.stringify({ result, kinds: simulation.requests.map((r) => r.kind) }))
    `
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script])
    expect(JSON.parse(stdout)).toEqual({
      result: { rows: 3 },
      kinds: ['submit', 'poll', 'poll', 'result'],
    })
  })
})
