/**
 * pollwise/azure: the Azure convention (the Azure REST API guidelines and ARM's asynchronous
 * operations: `Operation-Location` / `Azure-AsyncOperation` monitors, `Location` polling, a
 * resource's `provisioningState`). It is built in: every client detects it from a submit's answer
 * with `protocol: 'auto'`, and `protocol: 'azure'` forces it by name. This entry exports the same
 * object, for an app that passes the convention itself (`protocol: azure`, or composes it into one
 * of its own). Guide: docs/conventions/azure.md.
 *
 * @example
 * ```ts
 * import { createClient } from 'pollwise'
 * import { azure } from 'pollwise/azure'
 *
 * // A service that answers with `Location` alone is read as Azure's when told.
 * const api = createClient({ baseUrl: 'https://management.azure.com', protocol: azure })
 * const op = await api.start('/subscriptions/s/resourceGroups/g/providers/P/widgets/w1', {
 *   method: 'PUT',
 *   json: { color: 'blue' },
 * })
 * const widget = await op.wait()
 * ```
 *
 * @packageDocumentation
 */
export { azure } from './protocols/azure.js'
