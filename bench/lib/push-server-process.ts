/**
 * The child-process entry of the push benchmark's job server: listens, reports its URLs to the
 * parent over IPC, and exits when the parent disconnects.
 */
import { servePush } from './push-server.js'

process.send?.(await servePush())
process.on('disconnect', () => process.exit(0))
