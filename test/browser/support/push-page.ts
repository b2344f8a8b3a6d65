// The page of the push tests (bundled with pollwise from src/ by push-server.ts): Start submits a
// job to the page's origin and waits on it, Cancel aborts that wait with an AbortController. What
// the wait saw is kept on `window.pushLog` (see `PushLog`) and `document.body.dataset.state`.
import { createClient } from '../../../src/index.js'

/** What the page's wait saw, for the test to read. */
export interface PushLog {
  /** Every snapshot `onProgress` got: when (the page's `Date.now()`), its state and progress. */
  readonly seen: { at: number; state: string; progress: number | null }[]
  /** How the wait ended, once it has. */
  outcome?: { result: unknown } | { error: { name: string; message: string } }
}

const log: PushLog = { seen: [] }
;(globalThis as unknown as { pushLog: PushLog }).pushLog = log

const api = createClient({
  // A first read 100 ms after the submit, then polls 5 s apart: only push moves the page sooner.
  backoff: { initialDelayMs: 100, factor: 50, maxDelayMs: 5000, jitter: 'none' },
  // A hidden page reads nothing during a test.
  hiddenDelayMs: 60_000,
})

const button = (id: string) => document.getElementById(id) as HTMLButtonElement
let controller: AbortController | undefined

button('start').addEventListener('click', async () => {
  controller = new AbortController()
  document.body.dataset.state = 'running'
  button('cancel').disabled = false
  try {
    const op = await api.start('/jobs', { json: { report: 'monthly' } })
    const result = await op.wait({
      signal: controller.signal,
      onProgress: (snapshot) => {
        log.seen.push({
          at: Date.now(),
          state: snapshot.state,
          progress: snapshot.progress ?? null,
        })
      },
    })
    log.outcome = { result }
    document.body.dataset.state = 'succeeded'
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error))
    log.outcome = { error: { name, message } }
    document.body.dataset.state = controller.signal.aborted ? 'aborted' : 'failed'
  } finally {
    button('cancel').disabled = true
  }
})

button('cancel').addEventListener('click', () => controller?.abort())
