/**
 * CPU per poll (issue 9, target 4; issue 19, requirement 3): the client's CPU time per HTTP request
 * against one loopback server that answers a small JSON status at once, for a bare fetch loop, a
 * plain ky loop, pollwise and the peers. Interleaved rounds, medians; the server runs in a child
 * process, so `process.cpuUsage()` counts the client alone. `--runs` repeats the whole set of
 * rounds: each run's ratio of pollwise to plain ky is its own medians', and the tables pool the
 * rounds of every run.
 *
 *   node --expose-gc --import tsx bench/overhead.ts [--polls 2000] [--rounds 7] [--runs 5] [--no-profile]
 */
import { writeFileSync } from 'node:fs'
import ky from 'ky'
import type { PollwiseClient } from '../src/index.js'
import { flag, numberArg } from './lib/args.js'
import { ensureBuilt, loadPollwise } from './lib/build.js'
import { type ChildServer, control, freshStart, startChildServer } from './lib/child-server.js'
import { azureOperation, smithyOperation } from './lib/peers.js'
import { profile, summarize } from './lib/profile.js'
import { resultFile, writeResults } from './lib/results.js'
import { median, round } from './lib/stats.js'

const built = ensureBuilt()
const { createClient } = await loadPollwise()
const polls = numberArg('polls', 2000)
const rounds = numberArg('rounds', 7)
const runs = numberArg('runs', 5)

/** Each case makes `n` requests: a loop of n GETs, or one operation of a submit and n-1 polls. */
type Case = (server: ChildServer, n: number) => Promise<unknown>

/** One pollwise client for the whole run, as an application would hold it. */
let client: PollwiseClient | undefined

const zeroBackoff = {
  initialDelayMs: 0,
  minDelayMs: 0,
  maxDelayMs: 0,
  factor: 1,
  jitter: 'none',
} as const

const cases: Record<string, Case> = {
  'bare fetch': async ({ url }, n) => {
    for (let i = 0; i < n; i += 1) {
      const response = await fetch(`${url}/status`)
      JSON.parse(await response.text())
    }
  },
  'plain ky': async ({ url }, n) => {
    for (let i = 0; i < n; i += 1) await ky.get(`${url}/status`).json()
  },
  pollwise: async ({ url }, n) => {
    client ??= createClient({ baseUrl: url, backoff: zeroBackoff })
    await client.run(`/jobs?polls=${n - 1}`)
  },
  '@azure/core-lro': ({ url }, n) => azureOperation(`${url}/azure/jobs?polls=${n - 1}`, 0),
  // Its delays are seconds above 0: 1 µs, which Node's setTimeout rounds up to 1 ms of idle time.
  '@smithy/util-waiter': ({ url }, n) =>
    smithyOperation(`${url}/jobs?polls=${n - 1}`, { minDelay: 1e-6, maxDelay: 1e-6 }),
}

interface Sample {
  cpuUs: number
  wallMs: number
  requests: number
  /** Connections the server accepted: a client that reuses its keep-alive socket opens one. */
  connections: number
}

async function measure(server: ChildServer, run: Case, n: number): Promise<Sample> {
  await freshStart(server)
  globalThis.gc?.()
  const wall = performance.now()
  const cpu = process.cpuUsage()
  await run(server, n)
  const used = process.cpuUsage(cpu)
  const wallMs = performance.now() - wall
  const { requests, connections } = await control(server)
  if (requests !== n) throw new Error(`Expected ${n} requests, the server saw ${requests}`)
  return { cpuUs: used.user + used.system, wallMs, requests, connections }
}

async function main() {
  if (!globalThis.gc) console.warn('Run with --expose-gc for a collected heap before each case')
  const server = await startChildServer()
  const names = Object.keys(cases)
  const samples = new Map<string, Sample[]>(names.map((name) => [name, []]))
  try {
    // Warm-up: JIT, the fetch pool, module state. Not recorded.
    for (const name of names) await measure(server, cases[name] as Case, 200)
    const perRun: Array<{ pollwiseUs: number; kyUs: number; vsKy: number }> = []
    for (let run = 0; run < runs; run += 1) {
      const ofRun = new Map<string, number[]>(names.map((name) => [name, []]))
      for (let round = 0; round < rounds; round += 1) {
        // Each round starts with another case, so that no case always follows the same one.
        for (let i = 0; i < names.length; i += 1) {
          const name = names[(round + i) % names.length] as string
          const sample = await measure(server, cases[name] as Case, polls)
          samples.get(name)?.push(sample)
          ofRun.get(name)?.push(sample.cpuUs / sample.requests)
        }
        process.stdout.write(`overhead: run ${run + 1}/${runs}, round ${round + 1}/${rounds}\n`)
      }
      const pollwiseUs = median(ofRun.get('pollwise') ?? [])
      const kyUs = median(ofRun.get('plain ky') ?? [])
      perRun.push({
        pollwiseUs: round(pollwiseUs, 1),
        kyUs: round(kyUs, 1),
        vsKy: round(pollwiseUs / kyUs),
      })
      process.stdout.write(
        `overhead: run ${run + 1}: pollwise ${round(pollwiseUs / kyUs)}x plain ky\n`,
      )
    }

    const perPoll = (name: string) =>
      median((samples.get(name) ?? []).map((sample) => sample.cpuUs / sample.requests))
    const bare = perPoll('bare fetch')
    const plainKy = perPoll('plain ky')
    const results = names.map((name) => {
      const list = samples.get(name) ?? []
      const cpuUsPerPoll = perPoll(name)
      return {
        name,
        cpuUsPerPoll: round(cpuUsPerPoll, 1),
        wallMsPerPoll: round(median(list.map((sample) => sample.wallMs / sample.requests)), 3),
        vsBare: round(cpuUsPerPoll / bare),
        vsKy: round(cpuUsPerPoll / plainKy),
        connections: median(list.map((sample) => sample.connections)),
        samplesUsPerPoll: list.map((sample) => round(sample.cpuUs / sample.requests, 1)),
      }
    })

    let profileSummary: ReturnType<typeof summarize> | undefined
    if (!flag('no-profile')) {
      await freshStart(server)
      const recorded = await profile(async () => {
        await cases.pollwise?.(server, polls)
      })
      writeFileSync(resultFile('overhead-pollwise.cpuprofile'), JSON.stringify(recorded))
      profileSummary = summarize(recorded)
    }

    const file = writeResults('overhead', {
      polls,
      rounds,
      built,
      runs: perRun,
      note: 'CPU time (user + system) of the client process per HTTP request, median of the rounds; the server runs in a child process. pollwise, @azure/core-lro and @smithy/util-waiter run one operation of a submit and polls-1 status polls with a zero delay; the peers send their requests with a bare fetch + JSON.parse.',
      results,
      profile: profileSummary,
    })
    for (const result of results) {
      console.log(
        `${result.name.padEnd(20)} ${String(result.cpuUsPerPoll).padStart(7)} µs/poll  ${result.vsBare}x bare  ${result.vsKy}x ky  ${result.connections} connections`,
      )
    }
    if (profileSummary) {
      console.log('pollwise profile, self time by origin:')
      for (const entry of profileSummary.origins) console.log(`  ${entry.percent}%  ${entry.name}`)
    }
    console.log(
      `pollwise vs plain ky by run: ${perRun.map((run) => `${run.vsKy}x`).join(', ')}; median ${round(median(perRun.map((run) => run.vsKy)))}x`,
    )
    console.log(`wrote ${file.pathname}`)
  } finally {
    await server.stop()
  }
}

await main()
