import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

/**
 * What each operation asleep between polls holds, in a child process with full collections: the
 * built package, 4,000 operations after 500 already asleep. `npm run bench:scale` measures the
 * figure precisely (about 1.6 kB, the target 2 kB); this one reads about 2.05 kB, as its 4,000
 * are submitted at once and the code first run then is counted with them. The bound leaves room
 * for the noise of a busy machine and still catches a regression of a kilobyte (a controller held
 * through the sleep).
 */
// The target is Node 20's figure, the oldest Node pollwise runs on: Node 22's V8 lays the same
// objects out larger (3.7 kB measured), so this bound is checked on Node 20 alone.
const onNode20 = process.versions.node.startsWith('20.')

describe('heap per pending operation', () => {
  it.runIf(onNode20)(
    'stays under 2.5 kB for an operation asleep on Retry-After',
    async () => {
      const { stdout } = await run(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', 'test/e2e/fixtures/heap-per-operation.ts', '4000'],
        { timeout: 60_000 },
      )
      const { bytesPerOperation, held } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        bytesPerOperation: number
        held: number
      }
      expect(held).toBe(4500)
      expect(bytesPerOperation).toBeGreaterThan(0)
      expect(bytesPerOperation).toBeLessThan(2500)
    },
    60_000,
  )
})
