import { afterAll, expect } from 'vitest'

/**
 * Runs around every test file: a process warning (a TimeoutOverflowWarning, a
 * MaxListenersExceededWarning...) fails the file, and so does a socket or timer left open when
 * its tests are done. Unhandled rejections already fail the run (vitest's own rule).
 */
const warnings: string[] = []
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
process.on('warning', onWarning)

const watched = new Set(['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'TTYWrap', 'Immediate'])
const openResources = () =>
  process.getActiveResourcesInfo().filter((name) => watched.has(name) && name !== 'TTYWrap')
const before = openResources().length

afterAll(async () => {
  // Warnings are emitted, and closed sockets released, on a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 100))
  process.off('warning', onWarning)
  expect(warnings, 'process warnings').toEqual([])
  expect(
    openResources().length,
    `resources left: ${openResources().join(', ')}`,
  ).toBeLessThanOrEqual(before)
})
