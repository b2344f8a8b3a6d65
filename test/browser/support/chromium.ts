import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { type Browser, chromium, type Page, type Request } from 'playwright-core'
import type { LoggedRequest } from '../../../mocks/task-server.js'

/**
 * Real headless Chromium for the browser tests: Debian's `chromium` package driven by
 * playwright-core, never a downloaded browser. Outside CI a machine without it skips the browser
 * suites (with a message saying so); in CI (`CI` set) they always run, and a missing browser fails.
 */

export const chromiumPath = '/usr/bin/chromium'

/** True when the browser suites should be skipped: no Chromium, and not in CI. */
export const skipBrowser = !existsSync(chromiumPath) && !process.env.CI

if (skipBrowser) {
  console.warn(
    `Skipping the browser tests: ${chromiumPath} is missing ` +
      '(install it with `apt-get install chromium`; in CI they always run).',
  )
}

/** `backForwardCache`: keep Chromium's back/forward cache, which playwright turns off by default. */
export function launchChromium(options: { backForwardCache?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Where screenshots go: test-results/ at the repository root (gitignored). */
export const resultsDir = new URL('../../../test-results/', import.meta.url)

/** Writes a screenshot of `page` to test-results/NAME.png, and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true })
  const path = new URL(`${name.replace(/[^\w.-]+/g, '-').slice(0, 120)}.png`, resultsDir).pathname
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * After a failed test, a screenshot of each of its pages still open, named after the test, and
 * where each went on stderr.
 */
export async function screenshotFailed(
  task: { readonly name: string; readonly result?: { readonly state?: string } },
  pages: readonly (Page | undefined)[],
): Promise<void> {
  if (task.result?.state !== 'fail') return
  for (const [index, page] of pages.entries()) {
    if (!page || page.isClosed()) continue
    const path = await screenshot(page, `failed-${task.name}-${index + 1}`)
    console.error(`screenshot of the failed test's page ${index + 1}: ${path}`)
  }
}

/** The page's progress bar, 0..1. */
export const barValue = (page: Page): Promise<number> =>
  page.locator('#bar').evaluate((bar) => (bar as HTMLProgressElement).value)

/** Waits until the bar shows more than `above`; returns what it shows then. */
export async function barAbove(page: Page, above: number, timeout = 10_000): Promise<number> {
  await page.waitForFunction(
    (min) => (document.getElementById('bar') as HTMLProgressElement).value > min,
    above,
    { timeout, polling: 50 },
  )
  return barValue(page)
}

/** Waits until the page's `data-state` is `state`. */
export async function pageState(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((wanted) => document.body.dataset.state === wanted, state, {
    timeout,
    polling: 50,
  })
}

/** The path of the status URL the page shows, such as `/jobs/3`. */
export async function statusPath(page: Page): Promise<string> {
  const text = await page.locator('#status-url').textContent()
  return new URL(text ?? '').pathname
}

/** The status requests (GETs of `path` itself) a server saw. */
export const polls = (requests: readonly LoggedRequest[], path: string): LoggedRequest[] =>
  requests.filter((request) => request.method === 'GET' && request.path === path)

/** Requests a page made, with the Node clock reading when each was sent or failed. */
export interface PageTraffic {
  readonly sent: { readonly at: number; readonly url: string; readonly method: string }[]
  readonly failed: { readonly at: number; readonly url: string; readonly error: string }[]
}

/** Records every request `page` sends (and every one that fails) from now on. */
export function recordTraffic(page: Page): PageTraffic {
  const traffic: PageTraffic = { sent: [], failed: [] }
  page.on('request', (request: Request) => {
    traffic.sent.push({ at: Date.now(), url: request.url(), method: request.method() })
  })
  page.on('requestfailed', (request: Request) => {
    traffic.failed.push({
      at: Date.now(),
      url: request.url(),
      error: request.failure()?.errorText ?? 'unknown',
    })
  })
  return traffic
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `check` holds, polling every 25 ms, or fails with `message` after `timeout` ms. */
export async function until(check: () => boolean, message: string, timeout = 5000): Promise<void> {
  const giveUp = Date.now() + timeout
  while (!check()) {
    if (Date.now() > giveUp) throw new Error(`timed out after ${timeout} ms: ${message}`)
    await sleep(25)
  }
}

/** Waits until the element's text is `text` (exactly, trimmed). */
export async function hasText(page: Page, selector: string, text: string, timeout = 5000) {
  await page.waitForFunction(
    ([css, wanted]) => document.querySelector(css ?? '')?.textContent?.trim() === wanted,
    [selector, text] as const,
    { timeout, polling: 50 },
  )
}

/** The element's text, trimmed. */
export const textOf = async (page: Page, selector: string): Promise<string> =>
  ((await page.locator(selector).textContent()) ?? '').trim()

/**
 * Makes the page hidden or visible as a browser does: `visibilityState`, then `visibilitychange`.
 * Headless Chromium keeps every page visible (a minimized window or a tab in the background
 * included), so the page's document says it instead.
 */
export async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((wanted) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => wanted })
    Object.defineProperty(document, 'hidden', {
      configurable: true,
      get: () => wanted === 'hidden',
    })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)
}
