// A CommonJS consumer: Node >= 20.19 loads the ESM-only package through require().
const pollwise = require('pollwise')

const names = Object.keys(pollwise).sort()
const client = pollwise.createClient({ baseUrl: 'https://api.example.com' })
console.log(
  JSON.stringify({
    names,
    start: typeof client.start,
    error: new pollwise.ProtocolError('x', 'u') instanceof pollwise.PollwiseError,
  }),
)
