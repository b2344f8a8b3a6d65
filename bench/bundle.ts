/**
 * Browser bundle size (issue 19: the README's quick start at most 16 kB, ky and p-retry included;
 * 12 kB the longer aim): app entries that import pollwise by its package name and use it, bundled
 * by esbuild for the browser (ESM, minified), measured minified and gzipped (zlib level 9), and
 * broken down by package with esbuild's metafile; the quick start also by part of pollwise; what
 * the subpaths add (pollwise/azure, pollwise/google: the built-in conventions, exported alone);
 * the peers' equivalents beside it; and a check that no `node:` or Node built-in import reaches the
 * bundle.
 *
 *   node --import tsx bench/bundle.ts
 *
 * Builds dist/ first (npm run build) when it is missing or older than src/.
 */
import { builtinModules } from 'node:module'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { ensureBuilt } from './lib/build.js'
import { root, writeResults } from './lib/results.js'

/** The budget: 16 kB read strictly, as size-limit reads it (1 kB = 1000 bytes). */
const targetBytes = 16_000
/** The longer aim. */
const aimBytes = 12_000

/** The README's browser quick start: a progress bar, a Cancel button, a timeout told apart. */
const quickStart = (imports = '', options = '') => `
    import { createClient, PollTimeoutError } from 'pollwise'
    ${imports}
    const api = createClient({ baseUrl: '/api'${options} })
    export async function exportCsv(signal, onProgress) {
      try {
        const op = await api.start('/exports', { json: { format: 'csv' }, signal })
        return await op.wait({ signal, onProgress })
      } catch (error) {
        if (error instanceof PollTimeoutError) return 'still running'
        throw error
      }
    }`

/**
 * Apps, one per row: pollwise's quick start alone and forcing a built-in convention imported from
 * its subpath, then the peers, each the least code that gets an operation polled to its end.
 */
const entries: Record<string, string> = {
  'pollwise, quick start': quickStart(),
  'quick start + pollwise/azure': quickStart(
    `import { azure } from 'pollwise/azure'`,
    ', protocol: azure',
  ),
  'quick start + pollwise/google': quickStart(
    `import { google } from 'pollwise/google'`,
    ', protocol: google',
  ),
  'pollwise, every export': `export * from 'pollwise'`,
  '@azure/core-lro': `
    import { createHttpPoller } from '@azure/core-lro'
    // core-lro brings no HTTP client: the app (or an Azure SDK's core-rest-pipeline) sends.
    async function send(method, url) {
      const response = await fetch(url, { method })
      const body = await response.json()
      const headers = Object.fromEntries(response.headers)
      return { flatResponse: body, rawResponse: { statusCode: response.status, request: { method, url }, headers, body } }
    }
    export const report = () => createHttpPoller({
      sendInitialRequest: () => send('POST', '/start-report'),
      sendPollRequest: (path) => send('GET', path),
    }).pollUntilDone()`,
  '@smithy/util-waiter': `
    import { checkExceptions, createWaiter, WaiterState } from '@smithy/util-waiter'
    // A waiter brings no HTTP client either: the acceptor makes the call.
    export async function report() {
      const submit = await fetch('/start-report', { method: 'POST' })
      const statusUrl = submit.headers.get('location')
      const result = await createWaiter({ client: {}, maxWaitTime: 600, minDelay: 1, maxDelay: 30 }, statusUrl,
        async () => {
          const body = await (await fetch(statusUrl)).json()
          return { state: body.status === 'succeeded' ? WaiterState.SUCCESS : WaiterState.RETRY, reason: body }
        })
      return checkExceptions(result).reason
    }`,
  'ky alone (reference)': `
    import ky from 'ky'
    export const get = (url) => ky.get(url).json()`,
}

/**
 * pollwise's modules by the part of the product they serve, for the quick start's breakdown: what
 * each part costs, and so what would have to go or shrink to reach the budget. The first pattern
 * that matches a module (its path under dist/) names its part.
 */
const parts: ReadonlyArray<readonly [part: string, pattern: RegExp]> = [
  ['tab sharing (BroadcastChannel, Web Locks)', /^operation\/tab-sharing\.js$/],
  ['page lifecycle (hidden pages, offline)', /^time\/page-sleep\.js$/],
  ['timer queue (one timer for many operations)', /^time\/timer-queue\.js$/],
  [
    'push: status streams, long-poll, notifications',
    /^(http\/stream-(records|body)|operation\/status-stream|state\/(stream-plan|notification)|time\/long-poll)\.js$/,
  ],
  ['resume tokens (api.resume, api.check)', /^state\/resume-token\.js$/],
  ["Azure's and Google's conventions (built in)", /^protocols\/(azure|google)\.js$/],
  ['one-step check (api.check)', /^operation\/check\.js$/],
  ['zero-config reading (status, state words, links, progress)', /^protocols\//],
  [
    'option and argument checks, error classes and messages',
    /^(check-options|error-messages|errors|operation\/check-wait-options)\.js$/,
  ],
  ['state machine (submit answer, each answer, outages)', /^state\//],
  ['HTTP (transport, bodies, redirects, credentials, limiter)', /^(http\/|answer|locations|urls)/],
  ['poll loop, waits and the Operation', /^operation\//],
  ['cadence and time (backoff, Retry-After, deadline, sleep)', /^time\//],
  ['client (createClient, start, follow)', /./],
]

const partOf = (module: string) => parts.find(([, pattern]) => pattern.test(module))?.[0] ?? 'other'

/** Which package an input file of the metafile belongs to. */
function packageOf(input: string): string {
  if (input === 'app.js') return 'app code'
  if (input.startsWith('dist/') || input.startsWith('src/')) return 'pollwise'
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
  return match ? (match[1] as string) : input
}

async function measure(name: string, contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: root.pathname, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    // Any Node import stays outside the bundle, to be reported rather than to fail the build.
    external: ['node:*', ...builtinModules],
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const gzipBytes = gzipSync(code, { level: 9 }).length
  const output = Object.values(result.metafile.outputs)[0] as Metafile['outputs'][string]
  const perPackage = new Map<string, number>()
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input)
    perPackage.set(name, (perPackage.get(name) ?? 0) + bytesInOutput)
  }
  const counted = [...perPackage.values()].reduce((sum, bytes) => sum + bytes, 0)
  const estimate = (minBytes: number) => Math.round((gzipBytes * minBytes) / counted)
  // pollwise's own modules (dist/…), by part, each with its modules.
  const perPart = new Map<string, Array<{ module: string; minBytes: number }>>()
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (!input.startsWith('dist/') || bytesInOutput === 0) continue
    const module = input.slice('dist/'.length)
    const part = partOf(module)
    perPart.set(part, [...(perPart.get(part) ?? []), { module, minBytes: bytesInOutput }])
  }
  const nodeImports = output.imports
    .filter((entry) => entry.external)
    .map((entry) => entry.path)
    .filter((path) => path.startsWith('node:') || builtinModules.includes(path))
  return {
    name,
    minBytes: code.length,
    gzipBytes,
    // Gzip does not add up by part: each package's share of the gzipped size is estimated from
    // its share of the minified bytes.
    breakdown: [...perPackage]
      .sort((a, b) => b[1] - a[1])
      .map(([name, minBytes]) => ({
        name,
        minBytes,
        gzipBytesEstimate: estimate(minBytes),
      })),
    parts: [...perPart]
      .map(([part, modules]) => {
        const minBytes = modules.reduce((sum, entry) => sum + entry.minBytes, 0)
        return {
          name: part,
          minBytes,
          gzipBytesEstimate: estimate(minBytes),
          modules: modules
            .sort((a, b) => b.minBytes - a.minBytes)
            .map((entry) => `${entry.module} ${entry.minBytes}`),
        }
      })
      .sort((a, b) => b.minBytes - a.minBytes),
    nodeImports,
  }
}

async function main() {
  const built = ensureBuilt()
  const results = []
  for (const [name, contents] of Object.entries(entries))
    results.push(await measure(name, contents))
  const file = writeResults('bundle', {
    built,
    targetBytes,
    aimBytes,
    note: "esbuild, platform browser, ESM, minified, target es2022; gzip: zlib level 9. Per-package and per-part gzip bytes are the gzipped total split by the share of minified bytes (gzip does not add up by part). pollwise's parts group its modules (dist/…) by what they serve. The peers bring no HTTP client: their rows include the fetch code the app writes.",
    results,
  })
  for (const result of results) {
    const parts = result.breakdown.map((part) => `${part.name} ${part.minBytes}`).join(', ')
    console.log(
      `${result.name.padEnd(30)} ${String(result.gzipBytes).padStart(6)} B min+gzip  ${String(result.minBytes).padStart(6)} B min  (${parts})${result.nodeImports.length > 0 ? `  NODE IMPORTS: ${result.nodeImports.join(', ')}` : ''}`,
    )
  }
  const [quick] = results
  for (const part of quick?.parts ?? []) {
    console.log(
      `  ${String(part.minBytes).padStart(6)} B min  ≈${String(part.gzipBytesEstimate).padStart(5)} B gz  ${part.name}`,
    )
  }
  console.log(`wrote ${file.pathname}`)
}

await main()
