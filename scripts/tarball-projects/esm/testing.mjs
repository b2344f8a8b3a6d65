// pollwise/testing as a user's test suite loads it: msw (the optional peer) installed beside it,
// a simulated operation answering a real client.
import { setupServer } from 'msw/node'
import { createClient } from 'pollwise'
import { simulateOperation } from 'pollwise/testing'

const simulation = simulateOperation({
  convention: 'generic',
  baseUrl: 'https://api.test',
  submitPath: '/reports',
  polls: 2,
  result: { url: 'https://files.test/report.pdf' },
})
const server = setupServer(...simulation.handlers)
server.listen({ onUnhandledRequest: 'error' })
try {
  const api = createClient({
    baseUrl: 'https://api.test',
    backoff: { initialDelayMs: 10, minDelayMs: 10, jitter: 'none' },
  })
  const report = await api.run('/reports')
  console.log(JSON.stringify({ report, kinds: simulation.requests.map((request) => request.kind) }))
} finally {
  server.close()
}
