import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type AppRequest,
  type AppServer,
  appResult,
  startAppServer,
} from './support/apps-server.js'
import {
  barAbove,
  barValue,
  hasText,
  launchChromium,
  pageState,
  recordTraffic,
  screenshotFailed,
  setVisibility,
  skipBrowser,
  sleep,
  statusPath,
  textOf,
  until,
} from './support/chromium.js'

// A polling app as its users build one (the reload recipe, a progress bar, a Cancel button), with
// pollwise from dist/ in real headless Chromium against a node:http API on loopback: reloads,
// several tabs, a hidden page, a lost network, Cancel, a status location on another origin, and a
// status answer the browser would like to cache. Each test asserts what the user sees and what the
// server saw.

/** The cadence the apps poll at: every 200 ms, no jitter. */
const cadenceMs = 200
const brisk = { backoff: { initialDelayMs: cadenceMs, maxDelayMs: cadenceMs, jitter: 'none' } }

let server: AppServer
let browser: Browser
let context: BrowserContext | undefined
const pages: Page[] = []

/** Opens the app in `context` with these client options and submit path. */
async function openApp(
  client: Record<string, unknown>,
  submit: string,
  into?: BrowserContext,
): Promise<Page> {
  context = into ?? (await browser.newContext({ viewport: { width: 800, height: 480 } }))
  const page = await context.newPage()
  pages.push(page)
  const query = new URLSearchParams({ client: JSON.stringify(client), submit })
  await page.goto(`${server.url}/?${query}`)
  await page.waitForFunction(() => document.body.dataset.ready === 'yes')
  return page
}

/** The status GETs the server saw of `path` (on either origin), from `since`. */
const statusReads = (path: string, since = 0): AppRequest[] =>
  server.requests.filter((r) => r.method === 'GET' && r.path === path && r.at >= since)

const gaps = (reads: readonly AppRequest[]): number[] =>
  reads.slice(1).map((read, index) => read.at - (reads[index] as AppRequest).at)

/** Opens the app, clicks Start and waits for the first progress; returns the page and its status path. */
async function startApp(
  client: Record<string, unknown>,
  submit: string,
): Promise<{ page: Page; path: string }> {
  const page = await openApp(client, submit)
  await page.click('#start')
  await barAbove(page, 0)
  return { page, path: await statusPath(page) }
}

/** Opens the app in another tab of the same context, which resumes the saved operation. */
async function openResumed(client: Record<string, unknown>, submit: string): Promise<Page> {
  const page = await openApp(client, submit, context)
  await hasText(page, '#note', 'Resumed')
  await barAbove(page, 0)
  return page
}

/**
 * Hides `polling`: the server must go on seeing the shown cadence, from one tab, and the bar of
 * `front` must move.
 */
async function expectFrontTabPolls(polling: Page, front: Page, path: string): Promise<void> {
  const hiddenAt = Date.now()
  await setVisibility(polling, 'hidden')
  await sleep(1500)
  const reads = statusReads(path, hiddenAt + 400)
  expect(reads.length).toBeGreaterThanOrEqual(3)
  expect(Math.min(...gaps(reads))).toBeGreaterThan(cadenceMs / 2)
  const shown = await barValue(front)
  expect(await barAbove(front, shown, 2000)).toBeGreaterThan(shown)
}

describe.skipIf(skipBrowser)('polling apps in Chromium', { timeout: 25_000 }, () => {
  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startAppServer(), launchChromium()])
  }, 30_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  afterEach(async ({ task }) => {
    await screenshotFailed(task, pages)
    server.statusDelayMs = 0
    await context?.close()
    server.requests.length = 0
    context = undefined
    pages.length = 0
  })

  it('resumes after reloads mid-poll from the saved token: one submit, progress goes on', async () => {
    const page = await openApp(brisk, '/jobs?duration=3000')
    // A slow API: each reload lands while a poll is in flight.
    server.statusDelayMs = 120
    await page.click('#start')
    const before = await barAbove(page, 0.1)
    const path = await statusPath(page)
    const token = await page.evaluate(() => localStorage.getItem('export'))
    expect(JSON.parse(token ?? '{}')).toMatchObject({ statusUrl: `${server.url}${path}` })

    await page.reload()
    await page.reload()
    await hasText(page, '#note', 'Resumed')
    // The bar goes on from where the job stands, not from zero.
    expect(await barAbove(page, 0)).toBeGreaterThanOrEqual(before)
    await pageState(page, 'succeeded')
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(appResult)
    expect(await textOf(page, '#percent')).toBe('100 %')
    expect(await page.evaluate(() => localStorage.getItem('export'))).toBeNull()
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    // No page polled faster than the cadence: a reload does not add a burst of polls.
    const reads = statusReads(path)
    expect(reads.length).toBeLessThan(3000 / cadenceMs + 6)
  })

  it('two tabs on one operation: the server sees one cadence, and both show the result', async () => {
    const { page: first, path } = await startApp(brisk, '/jobs?duration=2500')
    const second = await openApp(brisk, '/jobs?duration=2500', context)
    await hasText(second, '#note', 'Resumed')
    const sharedFrom = Date.now()

    await Promise.all([pageState(first, 'succeeded'), pageState(second, 'succeeded')])
    for (const page of [first, second]) {
      expect(JSON.parse(await textOf(page, '#result'))).toEqual(appResult)
      expect(await textOf(page, '#percent')).toBe('100 %')
    }
    const shared = statusReads(path, sharedFrom + 100)
    expect(shared.length).toBeGreaterThanOrEqual(3)
    // One poller: no two polls closer than half the cadence (two tabs would interleave).
    expect(Math.min(...gaps(shared))).toBeGreaterThan(cadenceMs / 2)
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('closing the polling tab hands over to the other within about one cadence', async () => {
    const { page: first, path } = await startApp(brisk, '/jobs?duration=4000')
    const firstTraffic = recordTraffic(first)
    const second = await openApp(brisk, '/jobs?duration=4000', context)
    await hasText(second, '#note', 'Resumed')
    const secondShows = await barAbove(second, 0)
    await sleep(600)
    const isPoll = (url: string) => new URL(url).pathname === path
    // The first tab, holding the lock since its submit, is the poller.
    expect(firstTraffic.sent.filter((sent) => isPoll(sent.url)).length).toBeGreaterThanOrEqual(2)

    const closedAt = Date.now()
    const lastBefore = statusReads(path).at(-1)?.at ?? closedAt
    await first.close()
    await until(
      () => statusReads(path, closedAt + 1).length > 0,
      'a poll from the second tab',
      5000,
    )
    const firstAfter = statusReads(path, closedAt + 1)[0] as AppRequest
    // No gap longer than the cadence, give or take a loaded machine.
    expect(firstAfter.at - lastBefore).toBeLessThan(cadenceMs + 900)
    expect(await barAbove(second, secondShows)).toBeGreaterThan(secondShows)
    await pageState(second, 'succeeded')
    expect(JSON.parse(await textOf(second, '#result'))).toEqual(appResult)
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('a tab in front keeps its bar moving while the polling tab is hidden', async () => {
    // The user opens a second tab on the export and looks at it: the first tab, which polls, is
    // now in the background.
    const client = { ...brisk, hiddenDelayMs: 20_000 }
    const { page: first, path } = await startApp(client, '/jobs?duration=6000')
    const second = await openResumed(client, '/jobs?duration=6000')
    await expectFrontTabPolls(first, second, path)

    // Both in the background, polling slowly; then the user comes back to the first tab, which
    // polls no more: the job is read at once, and the first tab's bar moves on.
    await setVisibility(second, 'hidden')
    await sleep(800)
    const backAt = Date.now()
    const firstShows = await barValue(first)
    await setVisibility(first, 'visible')
    await until(() => statusReads(path, backAt).length > 0, 'a poll for the tab shown again', 3000)
    expect((statusReads(path, backAt)[0] as AppRequest).at - backAt).toBeLessThan(700)
    expect(await barAbove(first, firstShows, 2000)).toBeGreaterThan(firstShows)
    await pageState(second, 'succeeded')
    await pageState(first, 'succeeded')
    expect(JSON.parse(await textOf(first, '#result'))).toEqual(appResult)
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('with three tabs, the lock reaches the tab in front, not a hidden one queued before it', async () => {
    // The export is open in three tabs; the user looks at the newest. The lock queue is first come,
    // first served, so the tab that polls must not hand it to a tab in the background.
    const client = { ...brisk, hiddenDelayMs: 20_000 }
    const { page: first, path } = await startApp(client, '/jobs?duration=8000')
    const second = await openResumed(client, '/jobs?duration=8000')
    await setVisibility(second, 'hidden')
    const third = await openResumed(client, '/jobs?duration=8000')
    await expectFrontTabPolls(first, third, path)
    await Promise.all([first, second, third].map((page) => pageState(page, 'succeeded')))
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  describe('with the back/forward cache', () => {
    // Playwright turns the cache off by default; these pages are not no-store, so they may enter it.
    let cachingBrowser: Browser
    beforeAll(async () => {
      cachingBrowser = await launchChromium({ backForwardCache: true })
    })
    afterAll(async () => {
      await cachingBrowser?.close()
    })

    /** Opens the app in the caching browser, in `into` or a new context. */
    async function openCacheable(client: Record<string, unknown>, into?: BrowserContext) {
      context = into ?? (await cachingBrowser.newContext())
      const page = await context.newPage()
      pages.push(page)
      const query = new URLSearchParams({
        client: JSON.stringify(client),
        submit: '/jobs?duration=5000&maxAge=0',
        cacheable: '',
      })
      await page.goto(`${server.url}/?${query}`)
      await page.evaluate(() => {
        addEventListener('pagehide', (event) => {
          if (event.persisted) localStorage.setItem('cached', 'yes')
        })
        addEventListener('pageshow', (event) => {
          if (event.persisted) localStorage.setItem('restored', 'yes')
        })
      })
      return page
    }

    it('a polling page put in the cache lets the other tab poll', async () => {
      // The user follows a link away from the polling tab while another tab waits in the
      // background. The cached page runs nothing: the other tab must poll, not wait on it.
      const client = { ...brisk, hiddenDelayMs: 300 }
      const first = await openCacheable(client)
      await first.click('#start')
      await barAbove(first, 0)
      const path = await statusPath(first)
      const second = await openCacheable(client, context)
      await hasText(second, '#note', 'Resumed')
      await setVisibility(second, 'hidden')
      const leftAt = Date.now()
      await first.goto(`${server.remoteUrl}/jobs/0`)
      expect(await second.evaluate(() => localStorage.getItem('cached'))).toBe('yes')
      await until(
        () => statusReads(path, leftAt + 100).length >= 2,
        'polls from the other tab',
        3000,
      )
      // Back in the page (restored, or loaded again and resumed), which waits on with the other.
      await first.goBack({ waitUntil: 'commit' })
      await Promise.all([pageState(first, 'succeeded'), pageState(second, 'succeeded')])
      expect(JSON.parse(await textOf(second, '#result'))).toEqual(appResult)
      expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    })

    it('a page restored from the cache polls again at once', async () => {
      const page = await openCacheable(brisk)
      await page.click('#start')
      await barAbove(page, 0)
      const path = await statusPath(page)
      await page.goto(`${server.remoteUrl}/jobs/0`)
      await sleep(500)
      const backAt = Date.now()
      await page.goBack({ waitUntil: 'commit' })
      await until(() => statusReads(path, backAt).length > 0, 'a poll after the restore', 3000)
      expect(await page.evaluate(() => localStorage.getItem('restored'))).toBe('yes')
      expect((statusReads(path, backAt)[0] as AppRequest).at - backAt).toBeLessThan(700)
      await pageState(page, 'succeeded')
      expect(JSON.parse(await textOf(page, '#result'))).toEqual(appResult)
    })
  })

  it('Cancel in the tab that does not poll: one DELETE, both tabs show canceled, no more polls', async () => {
    const { page: first, path } = await startApp(brisk, '/jobs?duration=60000')
    const second = await openApp(brisk, '/jobs?duration=60000', context)
    await hasText(second, '#note', 'Resumed')
    await barAbove(second, 0)
    await second.click('#cancel')
    await Promise.all([pageState(second, 'canceled'), pageState(first, 'canceled', 5000)])
    expect(await textOf(second, '#cancel-answer')).toBe('true;')
    expect(await textOf(first, '#error-name')).toBe('OperationCanceledError')
    const deletes = server.requests.filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => r.path)).toEqual([path])
    const settledAt = Date.now()
    await sleep(cadenceMs * 4)
    expect(statusReads(path, settledAt)).toEqual([])
    for (const page of [first, second]) {
      expect(await page.evaluate(() => localStorage.getItem('export'))).toBeNull()
    }
  })

  it('a hidden page polls every hiddenDelayMs, and at once when shown', async () => {
    const hiddenDelayMs = 1500
    const { page, path } = await startApp({ ...brisk, hiddenDelayMs }, '/jobs?duration=20000')
    await until(() => statusReads(path).length >= 3, 'three polls while shown')

    const hiddenAt = Date.now()
    await setVisibility(page, 'hidden')
    await sleep(3400)
    const shownAt = Date.now()
    const whileHidden = statusReads(path, hiddenAt + cadenceMs + 150).filter((r) => r.at < shownAt)
    // About two in 3.4 s (not 17 at the shown cadence), each hiddenDelayMs after the last.
    expect(whileHidden.length).toBeGreaterThanOrEqual(1)
    expect(whileHidden.length).toBeLessThanOrEqual(3)
    for (const gap of gaps(whileHidden)) expect(gap).toBeGreaterThan(hiddenDelayMs - 100)
    const shownBar = await barValue(page)

    await setVisibility(page, 'visible')
    await until(() => statusReads(path, shownAt).length > 0, 'a poll when shown', 3000)
    expect((statusReads(path, shownAt)[0] as AppRequest).at - shownAt).toBeLessThan(600)
    // And the shown cadence again.
    await until(() => statusReads(path, shownAt).length >= 4, 'polls at the shown cadence', 3000)
    expect(await barAbove(page, shownBar)).toBeGreaterThan(shownBar)
  })

  it('rides out a lost network within maxOutageMs: no retries spent, no error, the result', async () => {
    const { page, path } = await startApp(
      { ...brisk, retries: 1, maxOutageMs: 10_000 },
      '/jobs?duration=1500',
    )

    // Offline as the browser reports it (navigator.onLine false), past the job's end.
    await context?.setOffline(true)
    const offlineAt = Date.now()
    await sleep(1800)
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('running')
    const onlineAt = Date.now()
    await context?.setOffline(false)
    await pageState(page, 'succeeded')
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(appResult)
    expect(await textOf(page, '#error-name')).toBe('')
    expect(statusReads(path, offlineAt + 150).filter((r) => r.at < onlineAt)).toEqual([])

    // Then an outage the browser does not see (the API unreachable, navigator.onLine true).
    await page.click('#start')
    await pageState(page, 'running')
    await barAbove(page, 0)
    const second = await statusPath(page)
    await page.route(`**${second}`, (route) => route.abort('connectionrefused'))
    await sleep(1500)
    await page.unroute(`**${second}`)
    await pageState(page, 'succeeded')
    expect(await textOf(page, '#error-name')).toBe('')
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2)
  })

  it('an outage past maxOutageMs shows an error, keeps the token, and a reload goes on', async () => {
    const { page, path } = await startApp({ ...brisk, maxOutageMs: 800 }, '/jobs?duration=2500')
    await page.route(`**${path}`, (route) => route.abort('connectionrefused'))
    await pageState(page, 'failed', 8000)
    expect(await textOf(page, '#error-name')).toBe('NetworkError')
    // No outcome: the recipe keeps the token, so a reload resumes rather than submits again.
    expect(await page.evaluate(() => localStorage.getItem('export'))).not.toBeNull()
    await page.unroute(`**${path}`)
    await page.reload()
    await hasText(page, '#note', 'Resumed')
    await pageState(page, 'succeeded')
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(appResult)
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('Cancel sends one DELETE, even when clicked twice, shows canceled and polls no more', async () => {
    const { page, path } = await startApp(brisk, '/jobs?duration=60000')
    await page.evaluate(() => {
      const cancel = document.getElementById('cancel') as HTMLButtonElement
      cancel.click()
      cancel.click()
    })
    await pageState(page, 'canceled')
    await page.waitForFunction(
      () => (document.getElementById('cancel-answer')?.textContent ?? '').split(';').length === 3,
      undefined,
      { timeout: 3000 },
    )
    // The first click asked the server; the second found the operation ended here already.
    expect((await textOf(page, '#cancel-answer')).split(';').sort()).toEqual(['', 'false', 'true'])
    expect(await textOf(page, '#error-name')).toBe('OperationCanceledError')
    const deletes = server.requests.filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => r.path)).toEqual([path])
    await sleep(cadenceMs * 4)
    expect(statusReads(path, (deletes[0] as AppRequest).at + 50)).toEqual([])
  })

  it('sends Authorization to a status origin only when trusted', async () => {
    const auth = { authorization: 'Bearer page-secret' }
    const untrusted = await openApp({ ...brisk, headers: auth }, '/jobs?duration=600&remote=1')
    await untrusted.click('#start')
    await pageState(untrusted, 'succeeded')
    const remote = () => server.requests.filter((r) => r.origin === 'remote')
    expect(remote().length).toBeGreaterThanOrEqual(2)
    for (const request of remote()) {
      expect(request.headers).not.toHaveProperty('authorization')
      expect(request.method).toBe('GET')
    }
    expect(server.requests.find((r) => r.method === 'POST')?.headers.authorization).toBe(
      'Bearer page-secret',
    )
    await context?.close()

    const seenBefore = remote().length
    const trusted = await openApp(
      { ...brisk, headers: auth, trustedOrigins: [server.remoteUrl] },
      '/jobs?duration=600&remote=1',
    )
    await trusted.click('#start')
    await pageState(trusted, 'succeeded')
    const polls = remote()
      .slice(seenBefore)
      .filter((r) => r.method === 'GET')
    expect(polls.length).toBeGreaterThanOrEqual(2)
    for (const poll of polls) expect(poll.headers.authorization).toBe('Bearer page-secret')
  })

  it('names Access-Control-Expose-Headers when a cross-origin 202 hides its Location', async () => {
    const page = await openApp({ ...brisk, baseUrl: server.remoteUrl }, '/jobs?expose=0')
    await page.click('#start')
    await pageState(page, 'failed')
    expect(await textOf(page, '#error-name')).toBe('ProtocolError')
    expect(await textOf(page, '#error-message')).toContain(
      '202 Accepted without a status location: a cross-origin server must list Location ' +
        '(and Operation-Location, Azure-AsyncOperation, Retry-After) in ' +
        // A message hides query values (docs/security.md); the error's `url` keeps them.
        `Access-Control-Expose-Headers (${server.remoteUrl}/jobs?expose=REDACTED)`,
    )
  })

  it('re-fetches a status answered with max-age=60 at every poll, and adds no preflight', async () => {
    const page = await openApp(brisk, '/jobs?duration=1500&remote=1&maxAge=60')
    const traffic = recordTraffic(page)
    await page.click('#start')
    await pageState(page, 'succeeded')
    expect(JSON.parse(await textOf(page, '#result'))).toEqual(appResult)
    const path = await statusPath(page)
    const sent = traffic.sent.filter((s) => new URL(s.url).pathname === path && s.method === 'GET')
    const reads = statusReads(path)
    // Every poll the page made reached the server: none was answered from the cache.
    expect(reads.length).toBeGreaterThanOrEqual(4)
    expect(reads).toHaveLength(sent.length)
    const seen = await page.evaluate(
      () => (window as unknown as { seen: { progress: number }[] }).seen,
    )
    expect(new Set(seen.map((s) => s.progress)).size).toBeGreaterThanOrEqual(3)
    for (const read of reads) {
      expect(read.headers['cache-control']).toBe('no-cache')
      expect(read.headers.pragma).toBe('no-cache')
    }
    // A simple cross-origin GET: the browser asked no preflight.
    expect(server.requests.filter((r) => r.method === 'OPTIONS')).toEqual([])
  })
})
