// An ES module consumer: imports pollwise and follows an operation on a loopback server.
import { createClient, PollwiseError } from 'pollwise'
import server from './server.cjs'

const { origin, seen, close } = await server.startServer()
try {
  const api = createClient({
    baseUrl: origin,
    backoff: { initialDelayMs: 20, minDelayMs: 10, jitter: 'none' },
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
