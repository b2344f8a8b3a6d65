import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { within } from '../support/real-time.js'
import {
  launchChromium,
  pageState,
  screenshotFailed,
  setVisibility,
  skipBrowser,
  sleep,
  until,
} from './support/chromium.js'
import type { PushLog } from './support/push-page.js'
import {
  type ApiRequest,
  heartbeat,
  openStream,
  type PushServer,
  sseEvent,
  startPushServer,
  writeEvents,
} from './support/push-server.js'

// A page that follows a status stream (Server-Sent Events) in real headless Chromium, against a
// node:http server on loopback: each event reaches the page as it is sent; a page that is hidden
// closes its stream and opens it again, from its last event, when shown; a Cancel closes it at once.

let server: PushServer
let browser: Browser
let context: BrowserContext | undefined
let page: Page

/** The page's record of its wait. */
const logOf = (page: Page): Promise<PushLog> =>
  page.evaluate(() => (globalThis as unknown as { pushLog: PushLog }).pushLog)

/** The status reads (`GET /jobs/N`) the server saw. */
const statusReads = (): ApiRequest[] =>
  server.requests.filter(
    (request) => request.method === 'GET' && /^\/jobs\/\d+$/.test(request.path),
  )

/** How long after `since` the request's connection closed; `Infinity` if still open after 2 s. */
async function closedAfter(request: ApiRequest, since: number): Promise<number> {
  const closedAt = await within(request.closed, 2000, 'still open')
  return typeof closedAt === 'number' ? closedAt - since : Number.POSITIVE_INFINITY
}

/** A running status event: `progress` in percent. */
const running = (progress: number, id: string) => sseEvent({ status: 'running', progress }, id)
/** The terminal event: succeeded, the result at its link. */
const succeeded = (path: string) => sseEvent({ status: 'succeeded', resultUrl: `${path}/result` })

describe.skipIf(skipBrowser)(
  'a page following a status stream in Chromium',
  { timeout: 10_000 },
  () => {
    beforeAll(async () => {
      ;[server, browser] = await Promise.all([startPushServer(), launchChromium()])
    }, 30_000)

    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    beforeEach(async () => {
      server.requests.length = 0
      context = await browser.newContext()
      page = await context.newPage()
      await page.goto(`${server.url}/`)
    })

    afterEach(async ({ task }) => {
      await screenshotFailed(task, [page])
      await context?.close()
      context = undefined
    })

    it('sees each streamed event as it comes, then resolves with the result from the link', async () => {
      let written: number[] = []
      server.status = (response, request) => {
        openStream(response)
        const events = [
          running(25, '1'),
          running(50, '2'),
          running(75, '3'),
          succeeded(request.path),
        ]
        written = writeEvents(response, events, 200)
      }
      await page.click('#start')
      await pageState(page, 'succeeded', 5000)

      const log = await logOf(page)
      expect(log.outcome).toEqual({ result: server.result })
      expect(log.seen.map((seen) => [seen.state, seen.progress])).toEqual([
        ['pending', 0.25],
        ['pending', 0.5],
        ['pending', 0.75],
        ['succeeded', 1],
      ])
      // Each event reached the page soon after it was sent (200 ms apart), not all at the end.
      expect(written).toHaveLength(4)
      for (const [index, seen] of log.seen.slice(0, 3).entries()) {
        expect(seen.at - (written[index] ?? 0)).toBeLessThan(400)
      }
      expect(log.seen[0]?.at).toBeLessThan(written[3] ?? 0)
      // One stream, one result download, and no poll besides.
      const path = statusReads()[0]?.path
      expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        'POST /jobs',
        `GET ${path}`,
        `GET ${path}/result`,
      ])
      expect(server.requests[1]?.headers['last-event-id']).toBeUndefined()
    })

    it('closes the stream while hidden, and opens it again from its last event when shown', async () => {
      server.status = (response, request, read) => {
        openStream(response)
        if (read === 1) {
          // Two events, then the stream stays open, alive with heartbeats.
          writeEvents(response, [running(10, '1'), running(20, '2')], 100, () =>
            heartbeat(response),
          )
          return
        }
        // A server that replays what follows the client's Last-Event-ID (everything without one).
        const events = [
          running(10, '1'),
          running(20, '2'),
          running(30, '3'),
          succeeded(request.path),
        ]
        const from = events.findIndex((event) =>
          event.startsWith(`id: ${request.headers['last-event-id']}\n`),
        )
        writeEvents(response, events.slice(from + 1), 100)
      }
      await page.click('#start')
      await until(() => statusReads().length === 1, 'the stream opened')
      const stream = statusReads()[0] as ApiRequest
      await page.waitForFunction(
        () => (globalThis as unknown as { pushLog: PushLog }).pushLog.seen.length === 2,
        undefined,
        { polling: 25, timeout: 2000 },
      )

      const hiddenAt = Date.now()
      await setVisibility(page, 'hidden')
      expect(await closedAfter(stream, hiddenAt)).toBeLessThan(500)
      // Hidden for a while: nothing is read, the page waits.
      await sleep(800)
      expect(statusReads()).toHaveLength(1)
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('running')

      const shownAt = Date.now()
      await setVisibility(page, 'visible')
      await pageState(page, 'succeeded', 3000)
      const reads = statusReads()
      expect(reads).toHaveLength(2)
      expect((reads[1]?.at ?? Number.POSITIVE_INFINITY) - shownAt).toBeLessThan(500)
      const log = await logOf(page)
      expect(log.outcome).toEqual({ result: server.result })
      expect(server.requests.filter((request) => request.path.endsWith('/result'))).toHaveLength(1)
      // The stream went on from the last event the page had: no progress seen twice, none missed.
      expect(reads[1]?.headers['last-event-id']).toBe('2')
      expect(log.seen.map((seen) => seen.progress)).toEqual([0.1, 0.2, 0.3, 1])
    })

    it('closes the stream at once when Cancel aborts the wait, and reads no more', async () => {
      server.status = (response) => {
        openStream(response)
        const events = Array.from({ length: 40 }, (_, n) => running(n + 1, String(n + 1)))
        writeEvents(response, events, 100)
      }
      await page.click('#start')
      await until(() => statusReads().length === 1, 'the stream opened')
      const stream = statusReads()[0] as ApiRequest
      await page.waitForFunction(
        () => (globalThis as unknown as { pushLog: PushLog }).pushLog.seen.length >= 2,
        undefined,
        { polling: 25, timeout: 2000 },
      )
      expect(stream.closedAt).toBeUndefined()

      const canceledAt = Date.now()
      await page.click('#cancel')
      expect(await closedAfter(stream, canceledAt)).toBeLessThan(300)
      await pageState(page, 'aborted', 2000)
      const log = await logOf(page)
      expect(log.outcome).toMatchObject({ error: { name: 'AbortError' } })
      // The operation is left alone: no read, no cancel request, no result download after it.
      const seenAtAbort = log.seen.length
      await sleep(600)
      expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        'POST /jobs',
        `GET ${stream.path}`,
      ])
      expect((await logOf(page)).seen).toHaveLength(seenAtAbort)
    })
  },
)
