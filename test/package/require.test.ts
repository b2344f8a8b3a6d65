import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('the published package', () => {
  it('loads with require() from a CommonJS file (Node >= 20.19)', async () => {
    expect(existsSync('dist/index.js'), 'run `npm run build` first (`npm test` does)').toBe(true)
    const { stdout } = await run(process.execPath, ['test/package/require.cjs'])
    expect(JSON.parse(stdout)).toEqual({
      names: [
        'CancelNotSupportedError',
        'HTTPError',
        'NetworkError',
        'Operation',
        'OperationCanceledError',
        'OperationFailedError',
        'PollTimeoutError',
        'PollwiseError',
        'ProtocolError',
        'ResponseValidationError',
        'TimeoutError',
        'createClient',
        'endsOperation',
        'googleOperations',
        'isHTTPError',
        'isTimeoutError',
      ],
      start: 'function',
      error: true,
    })
  })

  it('loads pollwise/azure and pollwise/google by name, the same conventions as the main entry', async () => {
    const { stdout } = await run(process.execPath, [
      '-e',
      "const { azure } = require('pollwise/azure'); const { google, googleOperations } = require('pollwise/google'); console.log(azure.name, google.name, googleOperations === require('pollwise').googleOperations)",
    ])
    expect(stdout.trim()).toBe('azure google true')
  })

  it('loads with import from an ES module', async () => {
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      "import { createClient } from 'pollwise'; console.log(typeof createClient)",
    ])
    expect(stdout.trim()).toBe('function')
  })
})
