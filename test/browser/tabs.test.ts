import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type PageServer, startPageServer } from '../../examples/browser/page-server.js'
import {
  barAbove,
  hasText,
  launchChromium,
  type PageTraffic,
  pageState,
  polls,
  recordTraffic,
  screenshotFailed,
  skipBrowser,
  sleep,
  statusPath,
  textOf,
} from './support/chromium.js'

// One poller across tabs: two pages of one origin wait on the same operation (the same status
// URL); one of them polls and the other receives its snapshots, and when the polling page closes
// the other takes over and finishes the job.

let server: PageServer
let browser: Browser
let context: BrowserContext | undefined
const pages: Page[] = []

/** The backoff cap the pages use: a takeover must come within about one poll interval. */
const maxDelayMs = 300

describe.skipIf(skipBrowser)('two pages on one task in Chromium', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startPageServer(), launchChromium()])
  }, 30_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  afterEach(async ({ task }) => {
    await screenshotFailed(task, pages)
    await context?.close()
    context = undefined
    pages.length = 0
  })

  it('polls from one page only, and the other finishes the job when that page closes', async () => {
    context = await browser.newContext({ viewport: { width: 800, height: 640 } })
    const query = `?duration=6000&steps=30&initialDelayMs=150&maxDelayMs=${maxDelayMs}`
    const first = await context.newPage()
    pages.push(first)
    const firstTraffic = recordTraffic(first)
    await first.goto(`${server.url}/${query}`)
    await first.click('#start')
    await barAbove(first, 0)
    const path = await statusPath(first)

    // The second page of the origin resumes the first one's token from localStorage.
    const second = await context.newPage()
    pages.push(second)
    const secondTraffic = recordTraffic(second)
    await second.goto(`${server.url}/${query}`)
    await hasText(second, '#note', 'Resumed after a reload: no second submit.')
    expect(await statusPath(second)).toBe(path)

    // Both pages show the task moving; only one of them polls, and the server sees its polls only.
    const windowStart = Date.now()
    const secondShows = await barAbove(second, 0)
    await sleep(2000)
    const windowEnd = Date.now()
    expect(await barAbove(second, secondShows)).toBeGreaterThan(secondShows)
    expect(await barAbove(first, 0)).toBeGreaterThan(0)

    const isPoll = (url: string) => new URL(url).pathname === path
    const inWindow = (at: number) => at >= windowStart && at < windowEnd
    const sentInWindow = (traffic: PageTraffic) =>
      traffic.sent.filter((sent) => isPoll(sent.url) && inWindow(sent.at))
    // Which page polls is the pages' choice (the first one, holding the lock, in practice).
    const firstPolls = sentInWindow(firstTraffic).length >= sentInWindow(secondTraffic).length
    const [poller, listener] = firstPolls ? [first, second] : [second, first]
    const [pollerTraffic, listenerTraffic] = firstPolls
      ? [firstTraffic, secondTraffic]
      : [secondTraffic, firstTraffic]
    const byPoller = sentInWindow(pollerTraffic)
    expect(sentInWindow(listenerTraffic)).toEqual([])
    expect(byPoller.length).toBeGreaterThanOrEqual(2)
    const served = polls(server.tasks.requests, path).filter(
      (request) => request.at >= windowStart && request.at < windowEnd + 50,
    )
    // Not doubled: the server saw the one poller's requests (give or take one at an edge of the
    // window: the page reports a request a moment after the server logs it).
    expect(Math.abs(served.length - byPoller.length)).toBeLessThanOrEqual(1)

    // The polling page closes: the other takes over within about one poll interval, and finishes.
    const closedAt = Date.now()
    await poller.close()
    await pageState(listener, 'succeeded')
    expect(JSON.parse(await textOf(listener, '#result'))).toEqual({
      rows: 1204,
      file: 'report-2026-10.csv',
    })
    expect(await textOf(listener, '#percent')).toBe('100 %')

    const takenOver = listenerTraffic.sent.filter((sent) => isPoll(sent.url) && sent.at >= closedAt)
    expect(takenOver.length).toBeGreaterThanOrEqual(2)
    expect((takenOver[0]?.at ?? Number.POSITIVE_INFINITY) - closedAt).toBeLessThan(maxDelayMs + 700)
    const servedAfter = polls(server.tasks.requests, path).filter(
      (request) => request.at >= closedAt + 50,
    )
    expect(Math.abs(servedAfter.length - takenOver.length)).toBeLessThanOrEqual(1)
    // One submit for the two pages, one result download.
    expect(server.tasks.count('POST', '/jobs')).toBe(1)
    expect(server.tasks.count('GET', `${path}/result`)).toBe(1)
  })
})
