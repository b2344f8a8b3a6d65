// A CommonJS consumer: require('pollwise') (Node >= 20.19 loads the ES module synchronously)
// and follows an operation on a loopback server.
const { createClient, PollwiseError } = require('pollwise')
const { startServer } = require('./server.cjs')

async function main() {
  const { origin, seen, close } = await startServer()
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
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
