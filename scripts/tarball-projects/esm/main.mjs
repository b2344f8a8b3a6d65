// An ES module consumer: imports pollwise (and the Azure convention, which the server does not
// speak: a registered convention changes nothing for an operation it does not detect) and follows
// an operation on a loopback server.
import { createClient, PollwiseError } from 'pollwise'
import { azure } from 'pollwise/azure'
import server from './server.cjs'

const { origin, seen, close } = await server.startServer()
try {
  const api = createClient({
    baseUrl: origin,
    backoff: { initialDelayMs: 20, minDelayMs: 10, jitter: 'none' },
    conventions: [azure],
  })
  const progress = []
  const report = await api.run('/reports', {
    json: { month: '2026-10' },
    onProgress: (snap) => progress.push(snap.progress ?? null),
  })
  console.log(
    JSON.stringify({ report, progress, seen, errorBase: typeof PollwiseError === 'function' }),
  )
} finally {
  await close()
}
