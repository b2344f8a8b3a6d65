/**
 * `npm run bench`: every benchmark in turn, each in its own process, then docs/benchmarks.md and
 * its charts from the results. A few minutes on a 2-core machine.
 *
 *   node --import tsx bench/run.ts [--report-only]
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { flag } from './lib/args.js'
import { writeReport } from './lib/report.js'
import { root } from './lib/results.js'

const benches: Array<{ script: string; node: string[]; args: string[]; needs?: string }> = [
  { script: 'bench/bundle.ts', node: [], args: [] },
  { script: 'bench/overhead.ts', node: ['--expose-gc'], args: [] },
  { script: 'bench/scale.ts', node: [], args: ['--attribute'] },
  { script: 'bench/cadence.ts', node: [], args: [] },
  { script: 'bench/push.ts', node: ['--expose-gc'], args: [] },
  // Needs Debian's redis-server, which it starts itself.
  { script: 'bench/fleet.ts', node: [], args: [], needs: '/usr/bin/redis-server' },
]

if (!flag('report-only')) {
  for (const { script, node, args, needs } of benches) {
    if (!existsSync(new URL(script, root))) {
      console.log(`bench: ${script} is not there, skipped`)
      continue
    }
    if (needs !== undefined && !existsSync(needs)) {
      console.log(`bench: ${script} needs ${needs}, skipped`)
      continue
    }
    const began = performance.now()
    console.log(`\nbench: ${script}`)
    const { status } = spawnSync(process.execPath, [...node, '--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: 'inherit',
    })
    if (status !== 0) throw new Error(`${script} exited with ${status}`)
    console.log(`bench: ${script} took ${((performance.now() - began) / 1000).toFixed(0)} s`)
  }
}
console.log(`wrote ${writeReport().pathname}`)
