import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type PageServer, startPageServer } from '../../examples/browser/page-server.js'
import {
  barAbove,
  barValue,
  hasText,
  launchChromium,
  pageState,
  polls,
  recordTraffic,
  screenshot,
  screenshotFailed,
  skipBrowser,
  sleep,
  statusPath,
  textOf,
  until,
} from './support/chromium.js'

// examples/browser in real headless Chromium, against the reference server on loopback sockets.
// Each test asserts what the user sees on the page and what the server saw.

/** The result every job of the page returns (main.ts sends it in the job spec). */
const expectedResult = { rows: 1204, file: 'report-2026-10.csv' }

/** A brisk cadence, so that a few seconds of job hold many polls. */
const brisk = 'initialDelayMs=150&maxDelayMs=300'

let server: PageServer
let browser: Browser
let context: BrowserContext | undefined
let page: Page

describe.skipIf(skipBrowser)('the browser example in Chromium', { timeout: 20_000 }, () => {
  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startPageServer(), launchChromium()])
  }, 30_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** A fresh context (empty localStorage) and page for each test. */
  async function open(query: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 800, height: 640 } })
    page = await context.newPage()
    await page.goto(`${server.url}/?${query}`)
    return page
  }

  afterEach(async ({ task }) => {
    await screenshotFailed(task, [page])
    await context?.close()
    context = undefined
  })

  it('moves the bar as the task runs, then shows the result', async () => {
    const page = await open(`duration=3000&steps=10&${brisk}`)
    const submitsBefore = server.tasks.count('POST', '/jobs')
    await page.click('#start')

    // Read the bar as it moves; take the screenshot of the page mid-task on the way.
    const seen: number[] = []
    let etaShown = ''
    let midTaskShot = ''
    while ((await page.evaluate(() => document.body.dataset.state)) === 'running') {
      const value = await barValue(page)
      if (value !== seen.at(-1)) seen.push(value)
      const eta = await textOf(page, '#eta')
      if (eta) etaShown = eta
      if (!midTaskShot && value >= 0.3 && value <= 0.7) {
        midTaskShot = await screenshot(page, 'browser-mid-task')
      }
      await sleep(50)
    }

    expect(await page.evaluate(() => document.body.dataset.state)).toBe('succeeded')
    const path = await statusPath(page)
    expect(seen.filter((value) => value > 0 && value < 1).length).toBeGreaterThanOrEqual(3)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(await barValue(page)).toBe(1)
    expect(await textOf(page, '#percent')).toBe('100 %')
    expect(etaShown).toMatch(/^about \d+ s left$/)
    expect(midTaskShot).toMatch(/browser-mid-task\.png$/)
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(expectedResult)
    expect(await page.locator('#error').isHidden()).toBe(true)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)

    // The server: one submit, several polls of that task, one fetch of its result.
    expect(server.tasks.count('POST', '/jobs') - submitsBefore).toBe(1)
    expect(path).toMatch(/^\/jobs\/\d+$/)
    expect(polls(server.tasks.requests, path).length).toBeGreaterThanOrEqual(4)
    expect(server.tasks.count('GET', `${path}/result`)).toBe(1)
  })

  it('goes on after a reload mid-task, with one submit only', async () => {
    const page = await open(`duration=4000&steps=20&${brisk}`)
    const submitsBefore = server.tasks.count('POST', '/jobs')
    await page.click('#start')
    const beforeReload = await barAbove(page, 0.2)
    const path = await statusPath(page)
    expect(await page.evaluate(() => localStorage.length)).toBe(1)

    const reloadedAt = Date.now()
    await page.reload()
    // The reloaded page resumes from localStorage: the bar goes on from where the task is.
    await hasText(page, '#note', 'Resumed after a reload: no second submit.')
    const afterReload = await barAbove(page, 0)
    expect(afterReload).toBeGreaterThanOrEqual(beforeReload)
    expect(await statusPath(page)).toBe(path)
    await pageState(page, 'succeeded')
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(expectedResult)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)

    // The server: exactly one submit, and the same status resource polled on after the reload.
    expect(server.tasks.count('POST', '/jobs') - submitsBefore).toBe(1)
    const after = polls(server.tasks.requests, path).filter((request) => request.at > reloadedAt)
    expect(after.length).toBeGreaterThanOrEqual(2)
    expect(server.tasks.count('GET', `${path}/result`)).toBe(1)
  })

  it('cancels a second task on the server, and polls it no more', async () => {
    const page = await open(`duration=800&steps=4&${brisk}`)
    await page.click('#start')
    await pageState(page, 'succeeded')
    const first = await statusPath(page)

    // The second task runs for a minute unless canceled.
    await page.goto(`${server.url}/?duration=60000&steps=60&${brisk}`)
    await page.click('#start')
    await barAbove(page, 0)
    const second = await statusPath(page)
    expect(second).not.toBe(first)
    await page.click('#cancel')
    await pageState(page, 'canceled')
    expect(await textOf(page, '#state')).toBe('Canceled: the server stopped the task.')
    expect(await page.locator('#error').isHidden()).toBe(true)
    expect(await page.locator('#start').isEnabled()).toBe(true)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)

    // Three poll intervals later, the server has seen no poll of it after the cancel.
    await sleep(1000)
    const log = server.tasks.requests
    const deletes = log.filter((request) => request.method === 'DELETE')
    expect(deletes.map((request) => request.path)).toEqual([second])
    const deletedAt = log.indexOf(deletes[0] as (typeof log)[number])
    expect(polls(log.slice(0, deletedAt), second).length).toBeGreaterThanOrEqual(1)
    expect(polls(log.slice(deletedAt), second)).toEqual([])
    expect(server.tasks.count('GET', `${second}/result`)).toBe(0)
  })

  it('polls nothing while offline, and polls at once when back online', async () => {
    const page = await open(`duration=20000&steps=40&${brisk}`)
    const traffic = recordTraffic(page)
    await page.click('#start')
    const beforeOffline = await barAbove(page, 0)
    const path = await statusPath(page)
    const isPoll = (url: string) => new URL(url).pathname === path

    await context?.setOffline(true)
    const offlineAt = Date.now()
    await hasText(page, '#network', 'Offline: polling waits for the network.')
    await sleep(1500)
    const onlineAt = Date.now()
    await context?.setOffline(false)
    await hasText(page, '#network', '')

    await until(
      () => polls(server.tasks.requests, path).some((request) => request.at >= onlineAt),
      'a poll after coming back online',
    )
    // A request already on its way when the page went offline may land a moment later.
    const settled = offlineAt + 100
    const whileOffline = (at: number) => at > settled && at < onlineAt
    // The page: it did not even try while offline (a try would have failed at once).
    expect(traffic.sent.filter((sent) => isPoll(sent.url) && whileOffline(sent.at))).toEqual([])
    expect(traffic.failed.filter((failed) => isPoll(failed.url) && failed.at > settled)).toEqual([])
    // The server: no poll in the offline window, then one at once, not a burst.
    const log = polls(server.tasks.requests, path)
    expect(log.filter((request) => request.at < offlineAt).length).toBeGreaterThanOrEqual(2)
    expect(log.filter((request) => whileOffline(request.at))).toEqual([])
    const back = log.filter((request) => request.at >= onlineAt)
    const firstBack = back[0]?.at ?? Number.POSITIVE_INFINITY
    expect(firstBack - onlineAt).toBeLessThan(500)
    expect(back.filter((request) => request.at < firstBack + 90)).toHaveLength(1)
    // And the bar goes on.
    expect(await barAbove(page, beforeOffline)).toBeGreaterThan(beforeOffline)
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('running')
  })

  it('sends no credential header to a status location on another origin', async () => {
    const page = await open(
      `path=/remote-jobs&auth=${encodeURIComponent('Bearer page-secret')}&duration=1200&steps=6&${brisk}`,
    )
    const submitsBefore = server.tasks.count('POST', '/remote-jobs')
    await page.click('#start')
    await pageState(page, 'succeeded')
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(expectedResult)
    const statusUrl = new URL(await textOf(page, '#status-url'))
    expect(statusUrl.origin).toBe(server.remote.url)
    expect(statusUrl.origin).not.toBe(server.url)

    // The page's origin got the credential with the submit.
    const submits = server.tasks.requests.filter((request) => request.path === '/remote-jobs')
    expect(submits.length - submitsBefore).toBe(1)
    expect(submits.at(-1)?.headers.authorization).toBe('Bearer page-secret')
    // The other origin: polled, its result fetched, and never a credential, not even a preflight
    // asking whether it may send one.
    const remote = server.remote.tasks.requests.filter(
      (request) => request.path.startsWith(statusUrl.pathname) && request.method !== 'POST',
    )
    expect(polls(remote, statusUrl.pathname).length).toBeGreaterThanOrEqual(2)
    expect(
      remote.filter((request) => request.path === `${statusUrl.pathname}/result`),
    ).toHaveLength(1)
    for (const request of remote) {
      expect(request.headers).not.toHaveProperty('authorization')
      expect(request.headers).not.toHaveProperty('cookie')
      expect(request.headers).not.toHaveProperty('proxy-authorization')
      expect(request.headers['access-control-request-headers'] ?? '').not.toMatch(/authorization/i)
      expect(request.headers.origin).toBe(server.url)
    }
  })

  it('shows a failed task as an error, with its name and message', async () => {
    const page = await open(`outcome=failed&duration=600&steps=2&${brisk}`)
    await page.click('#start')
    await pageState(page, 'failed')
    const path = await statusPath(page)
    expect(await page.locator('#error').isVisible()).toBe(true)
    expect(await textOf(page, '#error-name')).toBe('OperationFailedError')
    expect(await textOf(page, '#error-message')).toBe(
      `Operation failed at ${server.url}${path}: job ${path.split('/').at(-1)} failed [JobFailed]`,
    )
    expect(await page.locator('#result').isHidden()).toBe(true)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)
    // The server: polled to the end, and no result asked for.
    expect(polls(server.tasks.requests, path).length).toBeGreaterThanOrEqual(1)
    expect(server.tasks.count('GET', `${path}/result`)).toBe(0)
  })
})
