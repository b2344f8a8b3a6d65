#!/usr/bin/env node
// The package as its users get it: packs it with `npm pack`, checks what the tarball holds and
// that the README's links land in it, then installs it into scratch projects that import and run
// it (ESM, CommonJS with require()) or type-check against it (TypeScript with moduleResolution
// node16 and bundler). Prints one line per check; exits 1 if any failed. Run after `npm run build`.
//
//   node scripts/check-tarball.mjs [--keep]   (--keep leaves the scratch directory for a look)
import { execFile } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, normalize, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const exec = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(root, 'scripts/tarball-projects')
const keep = process.argv.includes('--keep')
const tsc = join(root, 'node_modules/typescript/bin/tsc')

/** The version the repository's lock installed, so that a scratch install finds it in the cache. */
const lockedVersion = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version

/** Runs a command; resolves with its output, or rejects with its output in the message. */
async function run(command, args, cwd) {
  try {
    return await exec(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim()
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${output}`)
  }
}

/** `npm install` of the tarball and extras into a fresh project, from the cache where it can. */
async function install(dir, tarball, extras = []) {
  await run(
    'npm',
    [
      'install',
      tarball,
      ...extras,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    dir,
  )
}

/** A scratch project: a package.json and the fixture files named, copied from tarball-projects/. */
function project(dir, manifest, files) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ private: true, ...manifest }, null, 2)}\n`,
  )
  for (const file of files) cpSync(join(fixtures, file), join(dir, posix.basename(file)))
  return dir
}

const expectedRun = {
  report: { id: 7, rows: 3 },
  seen: ['POST /reports', 'GET /reports/7/status', 'GET /reports/7/status'],
  errorBase: true,
}

/** Runs a scratch project's example with this Node and checks what it printed. */
async function runExample(dir, file) {
  const { stdout } = await run(process.execPath, [file], dir)
  const { progress, ...printed } = JSON.parse(stdout)
  if (JSON.stringify(printed) !== JSON.stringify(expectedRun) || !progress.includes(0.5)) {
    throw new Error(`${file} printed ${stdout.trim()}, expected ${JSON.stringify(expectedRun)}`)
  }
  return `resolved ${JSON.stringify(printed.report)} after ${printed.seen.length} requests, progress ${progress.join(' ')}`
}

/** Runs the pollwise/testing example (msw answering a real client) and checks what it printed. */
async function runTesting(dir, file) {
  const { stdout } = await run(process.execPath, [file], dir)
  const { report, kinds } = JSON.parse(stdout)
  const expected = ['submit', 'poll', 'poll', 'result']
  if (
    report?.url !== 'https://files.test/report.pdf' ||
    JSON.stringify(kinds) !== JSON.stringify(expected)
  ) {
    throw new Error(`${file} printed ${stdout.trim()}`)
  }
  return `simulateOperation answered ${kinds.join(', ')}`
}

/** Runs the installed bin against the loopback server: exit 0 and the result alone on stdout. */
async function runCli(dir, file) {
  if (!existsSync(join(dir, 'node_modules/.bin/pollwise')))
    throw new Error('npm linked no pollwise bin')
  const { stdout } = await run(process.execPath, [file], dir)
  const outcome = JSON.parse(stdout)
  const printed = outcome.code === 0 ? JSON.parse(outcome.stdout) : undefined
  if (JSON.stringify(printed) !== JSON.stringify(expectedRun.report)) {
    throw new Error(
      `pollwise exited ${outcome.code}, stdout ${JSON.stringify(outcome.stdout)}, stderr ${JSON.stringify(outcome.stderr)}`,
    )
  }
  return `pollwise POST …/reports exited 0 and printed ${outcome.stdout.trim()}`
}

/** Every relative link in a Markdown file, outside code blocks, without its #fragment. */
function relativeLinks(markdown) {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '')
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1].replace(/[#?].*$/, ''))
    .filter(
      (target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('/'),
    )
}

/** The checks of the tarball's contents; each returns its line or throws. */
function contentChecks(unpacked, shipped) {
  const required = [
    'package.json',
    'README.md',
    'LICENSE',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/azure.js',
    'dist/azure.d.ts',
    'dist/google.js',
    'dist/google.d.ts',
    'dist/testing/index.js',
    'dist/testing/index.d.ts',
    'dist/bullmq/index.js',
    'dist/bullmq/index.d.ts',
    'dist/cli/main.js',
  ]
  const missing = required.filter((file) => !shipped.has(file))
  if (missing.length > 0) throw new Error(`the tarball lacks ${missing.join(', ')}`)
  const docs = [...shipped].filter((file) => file.startsWith('docs/') && file.endsWith('.md'))
  if (docs.length === 0) throw new Error('the tarball holds no docs/*.md')
  const stray = [...shipped].filter(
    (file) =>
      !/^(dist|docs)\//.test(file) && !['package.json', 'README.md', 'LICENSE'].includes(file),
  )
  if (stray.length > 0)
    throw new Error(`the tarball holds files nobody asked for: ${stray.join(', ')}`)
  const license = readFileSync(join(unpacked, 'LICENSE'), 'utf8')
  if (!license.startsWith('MIT License')) throw new Error('LICENSE is not the MIT license')

  // The README's links into docs/ must land in the tarball: node_modules/pollwise is all a reader
  // has. Links between docs may also name repository files (tests, mocks): those must exist in the
  // repository, where GitHub resolves them.
  const readmeLinks = [...new Set(relativeLinks(readFileSync(join(unpacked, 'README.md'), 'utf8')))]
  const notShipped = readmeLinks.filter((link) => !shipped.has(posix.normalize(link)))
  if (notShipped.length > 0)
    throw new Error(`README links to ${notShipped.join(', ')}, not in the tarball`)
  let docLinks = 0
  const repositoryOnly = new Set()
  for (const doc of docs) {
    for (const link of relativeLinks(readFileSync(join(unpacked, doc), 'utf8'))) {
      docLinks += 1
      const target = posix.normalize(posix.join(posix.dirname(doc), link)).replace(/\/$/, '')
      if (shipped.has(target) || [...shipped].some((file) => file.startsWith(`${target}/`)))
        continue
      if (!existsSync(join(root, normalize(target))))
        throw new Error(`${doc} links to ${link}, which does not exist`)
      repositoryOnly.add(target)
    }
  }
  return [
    `contents: ${shipped.size} files, LICENSE, dist (${[...shipped].filter((file) => /^dist\/.*\.js$/.test(file)).length} modules: index, azure, google, testing, bullmq, cli), ${docs.length} docs pages`,
    `links: README's ${readmeLinks.length} links into docs/ all in the tarball; ${docLinks} links between docs resolve` +
      (repositoryOnly.size > 0
        ? ` (${repositoryOnly.size} to repository-only files: ${[...repositoryOnly].join(', ')})`
        : ''),
  ]
}

async function main() {
  if (!existsSync(join(root, 'dist/index.js')))
    throw new Error('no dist/: run `npm run build` first')
  const scratch = mkdtempSync(join(tmpdir(), 'pollwise-tarball-'))
  let failed = false
  const report = (ok, name, detail) => {
    if (!ok) failed = true
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`)
  }
  try {
    const started = Date.now()
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--pack-destination', scratch, '--loglevel=error'],
      root,
    )
    const [packed] = JSON.parse(stdout)
    const tarball = join(scratch, packed.filename)
    const unpacked = join(scratch, 'unpacked')
    mkdirSync(unpacked)
    await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], scratch)
    const shipped = new Set(packed.files.map((file) => file.path))
    report(
      true,
      'pack',
      `${packed.filename}, ${(packed.size / 1024).toFixed(1)} kB packed, ${packed.entryCount} entries`,
    )
    try {
      const [contents, links] = contentChecks(unpacked, shipped)
      report(true, 'tarball', contents)
      report(true, 'tarball', links)
    } catch (error) {
      report(false, 'tarball', error.message)
    }

    const msw = `msw@${lockedVersion('msw')}`
    const typesNode = `@types/node@${lockedVersion('@types/node')}`
    const typecheck = (tsconfig) => async (dir) => {
      await run(process.execPath, [tsc, '-p', tsconfig], dir)
      return 'tsc --noEmit clean'
    }
    const projects = [
      {
        name: 'esm project',
        dir: project(join(scratch, 'esm'), { type: 'module' }, [
          'esm/main.mjs',
          'esm/testing.mjs',
          'esm/cli.mjs',
          'shared/server.cjs',
        ]),
        extras: [msw],
        checks: {
          import: (dir) => runExample(dir, 'main.mjs'),
          'pollwise/testing with msw': (dir) => runTesting(dir, 'testing.mjs'),
          'the pollwise bin': (dir) => runCli(dir, 'cli.mjs'),
        },
      },
      {
        name: 'commonjs project',
        dir: project(join(scratch, 'cjs'), { type: 'commonjs' }, [
          'cjs/main.cjs',
          'shared/server.cjs',
        ]),
        checks: { require: (dir) => runExample(dir, 'main.cjs') },
      },
      {
        name: 'typescript project',
        dir: project(join(scratch, 'ts-node16'), { type: 'module' }, [
          'typescript/main.ts',
          'typescript/tsconfig.node16.json',
        ]),
        extras: [msw, typesNode],
        checks: {
          // msw's own types need the DOM lib, so a test suite using pollwise/testing has it.
          'moduleResolution node16, lib DOM and @types/node, skipLibCheck off':
            typecheck('tsconfig.node16.json'),
        },
      },
      {
        name: 'typescript project',
        dir: project(join(scratch, 'ts-bundler'), { type: 'module' }, [
          'typescript/main.ts',
          'typescript/tsconfig.bundler.json',
        ]),
        extras: [msw],
        checks: {
          'moduleResolution bundler, lib DOM, no @types/node, skipLibCheck off':
            typecheck('tsconfig.bundler.json'),
        },
      },
    ]
    // The installs run side by side; each project then reports its checks in order.
    const outcomes = await Promise.all(
      projects.map(async ({ dir, extras = [], checks }) => {
        const t0 = Date.now()
        try {
          await install(dir, tarball, extras)
        } catch (error) {
          return [['install', { ok: false, detail: error.message }]]
        }
        const installed = `installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`
        const results = [['install', { ok: true, detail: installed }]]
        for (const [name, check] of Object.entries(checks)) {
          try {
            results.push([name, { ok: true, detail: await check(dir) }])
          } catch (error) {
            results.push([name, { ok: false, detail: error.message }])
          }
        }
        return results
      }),
    )
    outcomes.forEach((results, i) => {
      const install = results[0][1]
      if (!install.ok) report(false, `${projects[i].name}: install`, install.detail)
      for (const [name, { ok, detail }] of results.slice(1)) {
        report(ok, `${projects[i].name} (${name})`, ok ? `${detail}; ${install.detail}` : detail)
      }
    })
    console.log(
      `${failed ? 'tarball check FAILED' : 'tarball check passed'} with Node ${process.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
  } finally {
    if (keep) console.log(`scratch projects kept in ${scratch}`)
    else rmSync(scratch, { recursive: true, force: true })
  }
  if (failed) process.exitCode = 1
}

await main()
