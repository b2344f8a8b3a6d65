/**
 * pollwise/azure: the Azure convention (the Azure REST API guidelines and ARM's asynchronous
 * operations: `Operation-Location` / `Azure-AsyncOperation` monitors, `Location` polling, a
 * resource's `provisioningState`), an import of its own so that an app that does not speak it
 * does not carry it. Register it in a client's `conventions` for `protocol: 'auto'` to detect it
 * from a submit's answer and for resume tokens to name it, or force it with `protocol: azure`.
 * Guide: docs/conventions/azure.md.
 *
 * @example
 * ```ts
 * import { createClient } from 'pollwise'
 * import { azure } from 'pollwise/azure'
 *
 * const api = createClient({ baseUrl: 'https://management.azure.com', conventions: [azure] })
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
