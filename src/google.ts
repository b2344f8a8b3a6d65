/**
 * pollwise/google: Google AIP-151 long-running operations (an Operation `{name, done, metadata}`
 * polled at `{version}/{name}` until `done`). The convention is built in: every client detects it
 * from a submit's answer with `protocol: 'auto'`, `protocol: 'google'` forces it by name, and
 * `googleOperations` is exported from `pollwise` too. This entry exports the same objects: `google`
 * (the convention with the default operation URL) and `googleOperations({ operationUrl })`, which
 * makes it for operations served elsewhere. Guide: docs/conventions/google.md.
 *
 * @example
 * ```ts
 * import { createClient } from 'pollwise'
 * import { googleOperations } from 'pollwise/google'
 *
 * const api = createClient({
 *   baseUrl: 'https://speech.example.com',
 *   protocol: googleOperations({ operationUrl: (name) => `https://ops.example.com/v1beta/${name}` }),
 * })
 * const transcript = await api.run('/v1/speech:longrunningrecognize', { json: { audio: {} } })
 * ```
 *
 * @packageDocumentation
 */
export { type GoogleOperationsOptions, google, googleOperations } from './protocols/google.js'
