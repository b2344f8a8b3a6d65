// npm run demo:browser: the example page and the reference task server on a loopback port, until
// Ctrl-C. PORT picks the port (default: a free one).
import { startPageServer } from './page-server.js'

const port = process.env.PORT === undefined ? undefined : Number(process.env.PORT)
const server = await startPageServer(port === undefined ? {} : { port })

console.log(`pollwise browser example: open ${server.url}/ in a browser`)
console.log(`  a longer task:               ${server.url}/?duration=30000&steps=60`)
console.log(`  a task that fails:           ${server.url}/?outcome=failed&duration=3000`)
console.log(
  `  a status URL on another origin: ${server.url}/?path=/remote-jobs (${server.remote.url})`,
)
console.log('Press Ctrl-C to stop.')

const stop = async () => {
  await server.close()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
