// A tiny long-running operation on a loopback port: POST /reports answers 202 with a Location,
// the status answers "running" at half way, then "done" with the report inline.
const { createServer } = require('node:http')

/** Starts the server; resolves with its origin, the requests it saw, and a close function. */
async function startServer() {
  const seen = []
  let polls = 0
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`)
    request.resume()
    if (request.method === 'POST' && request.url === '/reports') {
      response.writeHead(202, { location: '/reports/7/status' }).end()
    } else if (request.method === 'GET' && request.url === '/reports/7/status') {
      polls += 1
      const body =
        polls === 1
          ? { status: 'running', progress: 0.5 }
          : { status: 'done', result: { id: 7, rows: 3 } }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    } else {
      response.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

module.exports = { startServer }
