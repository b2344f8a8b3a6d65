/**
 * Browser bundle size (issue 9, target 1): an app entry that imports `createClient` from the built
 * package and calls it, bundled by esbuild for the browser (ESM, minified), measured minified and
 * gzipped (zlib level 9), and broken down by package with esbuild's metafile; the peers'
 * equivalents beside it; and a check that no `node:` or Node built-in import reaches the bundle.
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

/** The budget: 10 kB read strictly, as size-limit reads it (1 kB = 1000 bytes). */
const targetBytes = 10_000

/** Apps, one per row: each the least code that gets an operation polled to its end. */
const entries: Record<string, string> = {
  pollwise: `
    import { createClient } from 'pollwise'
    const api = createClient({ baseUrl: location.origin })
    export const report = () => api.run('/start-report', { json: {} })`,
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
  'pollwise, every export': `export * from 'pollwise'`,
  'ky alone (reference)': `
    import ky from 'ky'
    export const get = (url) => ky.get(url).json()`,
}

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
        gzipBytesEstimate: Math.round((gzipBytes * minBytes) / counted),
      })),
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
    note: 'esbuild, platform browser, ESM, minified, target es2022; gzip: zlib level 9. Per-package gzip bytes are the gzipped total split by the share of minified bytes (gzip does not add up by part). The peers bring no HTTP client: their rows include the fetch code the app writes.',
    results,
  })
  for (const result of results) {
    const parts = result.breakdown.map((part) => `${part.name} ${part.minBytes}`).join(', ')
    console.log(
      `${result.name.padEnd(24)} ${String(result.gzipBytes).padStart(6)} B min+gzip  ${String(result.minBytes).padStart(6)} B min  (${parts})${result.nodeImports.length > 0 ? `  NODE IMPORTS: ${result.nodeImports.join(', ')}` : ''}`,
    )
  }
  console.log(`wrote ${file.pathname}`)
}

await main()
