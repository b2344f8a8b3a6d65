/**
 * The child-process entry of the bench server: listens, reports its URLs to the parent over IPC,
 * and exits when the parent disconnects.
 */
import { createBenchServer, listen } from './server.js'

const { server, control } = createBenchServer()
const url = await listen(server)
const controlUrl = await listen(control)
process.send?.({ url, controlUrl })
process.on('disconnect', () => process.exit(0))
