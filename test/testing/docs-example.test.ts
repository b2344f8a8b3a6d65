import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * Runs the complete example of docs/testing.md, as the doc shows it: the ```ts block after the
 * marker is extracted, its two pollwise imports are pointed at the source (the only change), and
 * the result is written to test-results/ (gitignored) and imported here, which registers its
 * tests in this file. It is type-checked against the source too.
 */

const root = new URL('../../', import.meta.url)
const marker = '<!-- This example runs as test/testing/docs-example.test.ts'
const imports = {
  "from 'pollwise'": "from '../../src/index.js'",
  "from 'pollwise/testing'": "from '../../src/testing/index.js'",
}

/** The ```ts block that follows the marker line in `markdown`. */
function exampleAfterMarker(markdown: string): string {
  const lines = markdown.split('\n')
  const at = lines.findIndex((line) => line.startsWith(marker))
  if (at === -1) throw new Error(`docs/testing.md has no line starting "${marker}"`)
  if (lines[at + 1] !== '```ts') throw new Error('The marker must be followed by a ```ts block')
  const end = lines.indexOf('```', at + 2)
  if (end === -1) throw new Error('The example block is not closed')
  return `${lines.slice(at + 2, end).join('\n')}\n`
}

const example = exampleAfterMarker(readFileSync(new URL('docs/testing.md', root), 'utf8'))
let runnable = example
for (const [from, to] of Object.entries(imports)) runnable = runnable.replaceAll(from, to)

const directory = new URL('test-results/docs-example/', root)
const file = new URL('testing-md.ts', directory)
mkdirSync(directory, { recursive: true })
writeFileSync(file, runnable)
afterAll(() => rmSync(directory, { recursive: true, force: true }))

// Registers the example's own tests (shows the progress, the error, the cancel) in this file.
await import(/* @vite-ignore */ file.href)

describe('the example of docs/testing.md', () => {
  it('imports pollwise and pollwise/testing once each, as a user would', () => {
    for (const from of Object.keys(imports)) {
      expect(example.split(from)).toHaveLength(2)
    }
    expect(runnable).not.toMatch(/from 'pollwise/)
  })

  it('type-checks against the source', () => {
    const path = fileURLToPath(file)
    const config = ts.readConfigFile(fileURLToPath(new URL('tsconfig.json', root)), ts.sys.readFile)
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, fileURLToPath(root))
    const program = ts.createProgram([path], { ...options, noEmit: true })
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file?.fileName === path)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    expect(errors).toEqual([])
  }, 60_000)
})
