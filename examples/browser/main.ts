// The example page: a long task on the reference server, followed with pollwise, with a progress
// bar, a Cancel button that cancels on the server, and a reload that resumes instead of
// submitting again. `npm run demo:browser` serves it; test/browser/ drives it in Chromium.
//
// The query string tunes it (the tests use it too), for example `/?duration=20000&steps=50`:
//   duration, steps    the job: how long it runs (ms) and in how many progress steps
//   outcome            `done` (default) or `failed`
//   path               the submit path: `/jobs` (default), or `/remote-jobs` for a status URL on
//                      another origin
//   auth               an `authorization` header for the client (sent to the page's origin only)
//   initialDelayMs, maxDelayMs   the client's backoff
import {
  createClient,
  endsOperation,
  type Operation,
  OperationCanceledError,
  type Snapshot,
} from '../../src/index.js'

const storageKey = 'pollwise-example:operation'

const params = new URLSearchParams(location.search)
const number = (name: string, fallback: number) => {
  const value = Number(params.get(name) ?? Number.NaN)
  return Number.isFinite(value) ? value : fallback
}
const auth = params.get('auth')

const api = createClient({
  // No baseUrl: paths resolve against the page, so the page's origin is the API's.
  ...(auth === null ? {} : { headers: { authorization: auth } }),
  backoff: {
    initialDelayMs: number('initialDelayMs', 300),
    maxDelayMs: number('maxDelayMs', 1500),
  },
  timeoutMs: 5 * 60_000,
})

const element = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.getElementById(id)
  if (!found) throw new Error(`index.html has no #${id}`)
  return found as T
}
const startButton = element<HTMLButtonElement>('start')
const cancelButton = element<HTMLButtonElement>('cancel')
const bar = element<HTMLProgressElement>('bar')
const percent = element('percent')
const eta = element('eta')
const attempt = element('attempt')
const stateLine = element('state')
const network = element('network')
const note = element('note')
const statusUrl = element('status-url')
const errorBox = element('error')
const resultBox = element('result')

/** The operation this page follows, while it runs. */
let current: Operation | undefined
/** The user pressed Cancel on `current`: its OperationCanceledError is no error to show. */
let canceling = false

type PageState = 'idle' | 'running' | 'succeeded' | 'failed' | 'canceled'

function setState(state: PageState, text: string): void {
  document.body.dataset.state = state
  stateLine.textContent = text
  startButton.disabled = state === 'running'
  cancelButton.disabled = state !== 'running'
}

function render(snapshot: Snapshot): void {
  const progress = snapshot.progress ?? (snapshot.state === 'succeeded' ? 1 : undefined)
  if (progress !== undefined) {
    bar.value = progress
    percent.textContent = `${Math.round(progress * 100)} %`
  }
  eta.textContent =
    snapshot.state === 'pending' && snapshot.etaMs !== undefined
      ? `about ${Math.max(1, Math.ceil(snapshot.etaMs / 1000))} s left`
      : ''
  attempt.textContent = `poll #${snapshot.attempt}`
}

function showError(error: unknown): void {
  const { name, message } =
    error instanceof Error ? error : { name: 'Error', message: String(error) }
  element('error-name').textContent = name
  element('error-message').textContent = message
  errorBox.hidden = false
}

function reset(): void {
  errorBox.hidden = true
  resultBox.hidden = true
  resultBox.textContent = ''
  note.textContent = ''
  bar.value = 0
  percent.textContent = '0 %'
  eta.textContent = ''
  attempt.textContent = ''
}

/** Follows `op` to its end, keeping its token in localStorage meanwhile so a reload resumes it. */
async function follow(op: Operation): Promise<void> {
  current = op
  canceling = false
  statusUrl.textContent = op.statusUrl
  localStorage.setItem(storageKey, JSON.stringify(op))
  setState('running', 'Running on the server…')
  try {
    const result = await op.wait({
      onProgress: (snapshot) => {
        render(snapshot)
        // The token's schedule and attempt count move on with every poll.
        if (snapshot.state === 'pending') localStorage.setItem(storageKey, JSON.stringify(op))
      },
    })
    localStorage.removeItem(storageKey)
    resultBox.textContent = JSON.stringify(result, null, 2)
    resultBox.hidden = false
    setState('succeeded', 'Done: the result is below.')
  } catch (error) {
    // A server restart or a lost network is no outcome: the token stays, for a reload to go on.
    if (endsOperation(error)) localStorage.removeItem(storageKey)
    // A Cancel from this page is reported by its handler, with the server's answer.
    if (!(canceling && error instanceof OperationCanceledError)) {
      showError(error)
      setState(
        error instanceof OperationCanceledError ? 'canceled' : 'failed',
        error instanceof OperationCanceledError
          ? 'Canceled by the server.'
          : endsOperation(error)
            ? 'Failed.'
            : 'Interrupted: the task may still run. Reload to go on waiting.',
      )
    }
  } finally {
    current = undefined
  }
}

startButton.addEventListener('click', async () => {
  reset()
  setState('running', 'Submitting…')
  try {
    const op = await api.start(params.get('path') ?? '/jobs', {
      json: {
        job: {
          durationMs: number('duration', 8000),
          steps: number('steps', 20),
          outcome: params.get('outcome') ?? 'done',
          result: { rows: 1204, file: 'report-2026-10.csv' },
        },
      },
    })
    await follow(op)
  } catch (error) {
    showError(error)
    setState('failed', 'The submit failed.')
  }
})

cancelButton.addEventListener('click', async () => {
  const op = current
  if (!op) return
  canceling = true
  cancelButton.disabled = true
  stateLine.textContent = 'Canceling…'
  try {
    const accepted = await op.cancel()
    setState(
      'canceled',
      accepted ? 'Canceled: the server stopped the task.' : 'The task had already ended.',
    )
  } catch (error) {
    showError(error)
    setState('canceled', 'Stopped waiting; the server did not confirm the cancel.')
  }
})

const showNetwork = () => {
  network.textContent = navigator.onLine ? '' : 'Offline: polling waits for the network.'
}
addEventListener('online', showNetwork)
addEventListener('offline', showNetwork)
showNetwork()

// A reload mid-task: resume from the saved token instead of submitting again.
const saved = localStorage.getItem(storageKey)
if (saved !== null) {
  try {
    const op = api.resume(saved)
    note.textContent = 'Resumed after a reload: no second submit.'
    void follow(op)
  } catch (error) {
    localStorage.removeItem(storageKey)
    showError(error)
  }
}
