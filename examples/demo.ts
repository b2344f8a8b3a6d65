// npm run demo: a report task against the reference server on a real loopback socket, followed
// with pollwise to its result, with a progress bar in the terminal.
import * as z from 'zod'
import { startHttpServer } from '../mocks/http-server.js'
import { createTaskServer } from '../mocks/task-server.js'
import { createClient, type Snapshot } from '../src/index.js'

const Status = z.object({ status: z.string(), progress: z.number().optional() })

const server = await startHttpServer(createTaskServer().handlers)
console.log(`reference task server listening on ${server.url}`)

try {
  const api = createClient({
    baseUrl: server.url,
    backoff: { initialDelayMs: 200, factor: 1.3, maxDelayMs: 800 },
    timeoutMs: 30_000,
  })

  const op = await api.start('/start-report', {
    json: { month: '2026-10', job: { durationMs: 4000, steps: 20 } },
  })
  console.log(`submitted; polling ${op.statusUrl}`)

  const report = await op.wait({ status: Status, onProgress: drawProgress })
  if (process.stdout.isTTY) process.stdout.write('\n')

  const pdf = report as Blob
  console.log(`result: ${pdf.size} bytes of ${pdf.type}: ${JSON.stringify(await pdf.text())}`)
} finally {
  await server.close()
}

function drawProgress(snapshot: Snapshot<z.infer<typeof Status>>): void {
  const width = 30
  const fraction = snapshot.progress ?? 0
  const filled = Math.round(fraction * width)
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
  const line = `${bar} ${String(Math.round(fraction * 100)).padStart(3)}%  ${(snapshot.status?.status ?? snapshot.state).padEnd(11)} poll #${snapshot.attempt}`
  // On a terminal the bar redraws in place; in a log each observation gets its own line.
  process.stdout.write(process.stdout.isTTY ? `\r${line}` : `${line}\n`)
}
