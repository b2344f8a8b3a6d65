import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/** `pollwise/testing` as the package ships it: dist/, imported by name from another process. */

const run = promisify(execFile)
const built = () =>
  expect(existsSync('dist/testing/index.js'), 'run `npm run build` first').toBe(true)

/** What a module imports or re-exports: each specifier of its `import … from` and `export … from`. */
const specifiers = (code: string) =>
  [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom ["']([^"']+)["']/gm)].map(
    ([, specifier]) => specifier as string,
  )

/** The modules a dist entry loads, itself included, following its relative imports. */
function filesOf(entry: string, seen = new Set<string>()): Set<string> {
  seen.add(entry)
  const code = readFileSync(`dist/${entry}`, 'utf8')
  for (const file of specifiers(code).filter((specifier) => specifier.startsWith('.'))) {
    const path = posix.join(posix.dirname(entry), file)
    if (!seen.has(path)) filesOf(path, seen)
  }
  return seen
}

/** The bare specifiers (packages) the modules import. */
const packagesOf = (files: Iterable<string>) =>
  new Set(
    [...files].flatMap((file) =>
      specifiers(readFileSync(`dist/${file}`, 'utf8')).filter((name) => !name.startsWith('.')),
    ),
  )

describe('the built pollwise/testing', () => {
  it('imports msw from the user, and bundles none of it', () => {
    built()
    const testing = filesOf('testing/index.js')
    expect(packagesOf(testing)).toContain('msw')
    for (const file of testing) {
      expect(readFileSync(`dist/${file}`, 'utf8'), file).not.toMatch(
        /class HttpResponse|function http\b/,
      )
    }
    expect(readFileSync('dist/testing/types.d.ts', 'utf8')).toMatch(/from 'msw'/)
  })

  it('is never loaded by pollwise itself: no module of the main entry names msw', () => {
    built()
    const main = filesOf('index.js')
    expect(main.size).toBeGreaterThan(20)
    expect([...packagesOf(main)].sort()).toEqual(['is-network-error', 'ky', 'p-retry'])
    for (const file of main) {
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
