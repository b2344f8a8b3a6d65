// The installed `pollwise` bin (node_modules/.bin/pollwise) following an operation on the loopback
// server: prints the exit code and what it wrote to stdout.
import { execFile } from 'node:child_process'
import server from './server.cjs'

const { origin, close } = await server.startServer()
try {
  const outcome = await new Promise((resolve) => {
    execFile(
      'node_modules/.bin/pollwise',
      [
        'POST',
        `${origin}/reports`,
        '--json',
        '{"month":"2026-10"}',
        '--backoff-initial',
        '20ms',
        '--quiet',
      ],
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
    )
  })
  console.log(JSON.stringify(outcome))
} finally {
  await close()
}
