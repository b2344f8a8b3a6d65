import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createContext, runInContext } from 'node:vm'
import { build, stop } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The built package (dist/index.js, with ky, p-retry and is-network-error from node_modules) as a
 * page's bundler sees it: esbuild for the browser, nothing external, so a Node built-in anywhere
 * in the graph fails the build.
 */

const root = fileURLToPath(new URL('../../', import.meta.url))
const dist = 'dist/index.js'

const errorClasses = [
  'CancelNotSupportedError',
  'HTTPError',
  'NetworkError',
  'OperationCanceledError',
  'OperationFailedError',
  'PollTimeoutError',
  'PollwiseError',
  'ProtocolError',
  'ResponseValidationError',
  'TimeoutError',
]

/** A page that starts a task, shows its progress and tells the errors apart. */
const page = `
import { createClient, ${errorClasses.join(', ')} } from './${dist}'

const errors = [${errorClasses.join(', ')}]

export function exportCsv(options = {}) {
  const api = createClient({ baseUrl: 'https://api.example.com', ...options })
  const progress = []
  return api
    .run('/exports', { json: { format: 'csv' }, onProgress: (snap) => progress.push(snap.progress) })
    .then(
      (result) => ({ result, progress }),
      (error) => {
        const known = errors.find((type) => error instanceof type)
        if (known) return { error: known.name, message: error.message }
        throw error
      },
    )
}
`

interface Bundle {
  readonly code: string
  /** The files with code in the output, relative to the project root. */
  readonly inputs: readonly string[]
}

async function bundle(contents: string, format: 'esm' | 'iife' = 'esm'): Promise<Bundle> {
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'page.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format,
    ...(format === 'iife' ? { globalName: 'page' } : {}),
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    // No `external` and no `packages: 'external'`: every import must resolve to browser code.
  })
  const [output] = result.outputFiles
  const [meta] = Object.values(result.metafile.outputs)
  if (!output || !meta) throw new Error('esbuild wrote no output')
  const inputs = Object.entries(meta.inputs).filter(([, input]) => input.bytesInOutput > 0)
  return { code: output.text, inputs: inputs.map(([path]) => path) }
}

/** Bundles `contents`, turning esbuild's failure into one readable message. */
async function bundleOrExplain(contents: string, format?: 'esm' | 'iife'): Promise<Bundle> {
  try {
    return await bundle(contents, format)
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] })
      .errors
    const lines = errors?.map((e) => `${e.location?.file ?? '?'}: ${e.text}`) ?? [String(error)]
    throw new Error(`The browser bundle does not build:\n${lines.join('\n')}`)
  }
}

/**
 * Bare references to a Node-only global: a name left unrenamed by the minifier, not a property
 * (`globalThis.process` is a guard a browser survives), with some context for the report.
 */
function nodeGlobals(code: string): string[] {
  const bare =
    /(?<![\w$.])(?:process|Buffer|__dirname|__filename|setImmediate)(?=\s*(?:\.|\?\.|\[|\())/g
  return [...code.matchAll(bare)].map((m) => code.slice(Math.max(0, m.index - 40), m.index + 40))
}

let full: Bundle

beforeAll(async () => {
  expect(
    existsSync(new URL(`../../${dist}`, import.meta.url)),
    `${dist} is missing: run \`npm run build\` first (\`npm test\` does)`,
  ).toBe(true)
  full = await bundleOrExplain(page)
})

afterAll(() => stop())

/**
 * A timer function as a browser has it: called as a method of anything but the window, it throws
 * "Illegal invocation".
 */
function asBrowser<F extends (...args: never[]) => unknown>(timer: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    const isWindow = typeof (this as { fetch?: unknown } | undefined)?.fetch === 'function'
    if (this !== undefined && !isWindow) throw new TypeError('Illegal invocation')
    return timer(...args)
  } as F
}

describe('the browser build', () => {
  it('bundles for platform browser with nothing external, so no Node built-in is resolvable', async () => {
    await expect(bundle(`import 'node:fs'`)).rejects.toThrow(/node:fs/)
    expect(full.inputs).toContain('dist/client.js')
    expect(full.inputs.filter((input) => input.startsWith('node:'))).toEqual([])
  })

  it('has no node: specifier and no require()', () => {
    expect(full.code).not.toMatch(/["'`]node:/)
    expect(full.code).not.toMatch(/(?<![\w$.])require\s*\(/)
  })

  it('reads no Node-only global such as process.env', () => {
    expect(nodeGlobals(full.code), 'bare Node globals in the bundle').toEqual([])
  })

  it('leaves zod out: pollwise never imports it', () => {
    expect(full.inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([])
    expect(full.code).not.toMatch(/ZodError|\$ZodType/)
  })

  it('runs an operation with progress where only web APIs exist', async () => {
    const { code } = await bundleOrExplain(page, 'iife')
    const requests: string[] = []
    let polls = 0
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      requests.push(`${request.method} ${new URL(request.url).pathname}`)
      if (request.method === 'POST') {
        return new Response(null, { status: 202, headers: { location: '/exports/1' } })
      }
      polls += 1
      const body = polls < 3 ? { status: 'running', progress: polls / 3 } : { status: 'done' }
      return Response.json(body)
    }
    // A browser's globals, and none of Node's: no process, Buffer, require or setImmediate.
    const web = {
      fetch,
      Request,
      Response,
      Headers,
      AbortController,
      AbortSignal,
      DOMException,
      EventTarget,
      Event,
      URL,
      Blob,
      TextDecoder,
      TextEncoder,
      ReadableStream,
      TransformStream,
      FormData,
      crypto,
      performance,
      setTimeout: asBrowser(setTimeout),
      clearTimeout: asBrowser(clearTimeout),
      queueMicrotask,
      console,
    }
    const context = createContext({ ...web })
    runInContext(code, context)
    const outcome = await context.page.exportCsv({
      backoff: { initialDelayMs: 1, minDelayMs: 1, maxDelayMs: 5, jitter: 'none' },
    })
    expect(outcome.error, outcome.message).toBeUndefined()
    expect(outcome.progress.at(-1)).toBe(1)
    expect(requests).toEqual([
      'POST /exports',
      'GET /exports/1',
      'GET /exports/1',
      'GET /exports/1',
    ])
  })
})

describe('tree-shaking', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))

  it('ships modules, not a bundle: the quick start carries only what it reaches', async () => {
    const quickStart = await bundleOrExplain(
      `import { createClient } from './${dist}'\nexport const api = createClient({ baseUrl: '/api' })`,
    )
    const shipped = quickStart.inputs.filter((input) => input.startsWith('dist/'))
    expect(shipped.length).toBeGreaterThan(20)
    // Azure's and Google's conventions are built in: every client detects them.
    expect(shipped).toContain('dist/protocols/azure.js')
    expect(shipped).toContain('dist/protocols/google.js')
    // The test helpers, the BullMQ worker and the CLI stay out.
    expect(shipped.filter((input) => /testing\/|bullmq\/|cli\//.test(input))).toEqual([])
  })

  it('adds no module for pollwise/azure or pollwise/google: they export the built-in conventions', async () => {
    const app = (extra: string) => `
      import { createClient } from './${dist}'
      ${extra}
      export const api = createClient({ baseUrl: '/api', protocol: convention })`
    const plain = await bundleOrExplain(app(`const convention = 'azure'`))
    const azure = await bundleOrExplain(
      app(`import { azure as convention } from './dist/azure.js'`),
    )
    const google = await bundleOrExplain(
      app(`import { google as convention } from './dist/google.js'`),
    )
    const modules = (output: Bundle) =>
      output.inputs.filter(
        (input) => input.startsWith('dist/') && !/^dist\/(azure|google)\.js$/.test(input),
      )
    expect(modules(azure).sort()).toEqual(modules(plain).sort())
    expect(modules(google).sort()).toEqual(modules(plain).sort())
  })

  it('leaves ky and p-retry out of a page that imports only googleOperations', async () => {
    for (const entry of [`./${dist}`, './dist/google.js']) {
      const google = await bundleOrExplain(
        `import { googleOperations } from '${entry}'\nexport const protocol = googleOperations()`,
      )
      expect(google.code.length).toBeLessThan(full.code.length)
      expect(google.inputs.filter((input) => input.includes('node_modules/'))).toEqual([])
    }
  })

  it('says honestly which modules act when imported: the CLI entry alone', () => {
    expect(manifest.sideEffects).toEqual(['./dist/cli/main.js'])
  })

  it('has no module but the CLI entry that does anything when imported: no global, listener or timer', async () => {
    const modules = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })
      .map((file) => file.replaceAll('\\', '/'))
      .filter((file) => file.endsWith('.js') && file !== 'cli/main.js')
    // Each module imported in a fresh Node process: what it leaves behind besides its exports. The
    // packages they import are loaded first: what those do (bullmq's tslib sets globals) is theirs.
    const script = `
      for (const name of ['ky', 'p-retry', 'is-network-error', 'msw', 'bullmq']) await import(name)
      const timers = () => process.getActiveResourcesInfo().filter((name) => /Timeout|Immediate/.test(name))
      const before = { globals: Object.getOwnPropertyNames(globalThis), events: process.eventNames() }
      for (const file of ${JSON.stringify(modules)}) await import('./dist/' + file)
      const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.globals.includes(name))
      const events = process.eventNames().filter((name) => !before.events.includes(name))
      console.log(JSON.stringify({ added, events, timers: timers() }))
    `
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: root },
    )
    expect(modules.length).toBeGreaterThan(50)
    expect(JSON.parse(stdout)).toEqual({ added: [], events: [], timers: [] })
  })
})
