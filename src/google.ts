/**
 * pollwise/google: Google AIP-151 long-running operations (an Operation `{name, done, metadata}`
 * polled at `{version}/{name}` until `done`), an import of its own so that an app that does not
 * speak it does not carry it. Register `google` in a client's `conventions` for
 * `protocol: 'auto'` to detect it from a submit's answer and for resume tokens to name it, or
 * force it with `protocol: google`; `googleOperations({ operationUrl })` makes it for operations
 * served elsewhere. Guide: docs/conventions/google.md.
 *
 * @example
 * ```ts
 * import { createClient } from 'pollwise'
 * import { google } from 'pollwise/google'
 *
 * const api = createClient({ baseUrl: 'https://speech.example.com', conventions: [google] })
 * const transcript = await api.run('/v1/speech:longrunningrecognize', { json: { audio: {} } })
 * ```
 *
 * @packageDocumentation
 */
export { type GoogleOperationsOptions, google, googleOperations } from './protocols/google.js'
