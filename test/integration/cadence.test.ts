import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { type BackoffOptions, createClient, type Snapshot } from '../../src/index.js'
import { useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 10_000, steps: 0 })

useFakeTime(Date.parse('2026-11-22T12:00:00Z'))

/**
 * Runs one job of the reference server to its end under `backoff`, letting the fake clock run
 * `runForMs`, and returns the times of its status polls in milliseconds from the submit.
 */
async function pollTimesOf(
  backoff: BackoffOptions,
  job: object,
  runForMs = 20_000,
): Promise<number[]> {
  const started = Date.now()
  const op = await createClient({ baseUrl, backoff }).start('/jobs', { json: { job } })
  const waiting = op.wait()
  await vi.advanceTimersByTimeAsync(runForMs)
  await waiting
  const path = new URL(op.statusUrl).pathname
  return tasks()
    .requests.filter((request) => request.path === path)
    .map((request) => request.at - started)
}

describe('cadence', () => {
  it('backs off exponentially from the initial delay up to the cap', async () => {
    const backoff = { initialDelayMs: 500, factor: 2, maxDelayMs: 3000, jitter: 'none' } as const
    // Delays 500, 1000, 2000, 3000, 3000...: polls at 0.5, 1.5, 3.5, 6.5, 9.5 and 12.5 s.
    expect(await pollTimesOf(backoff, {})).toEqual([500, 1500, 3500, 6500, 9500, 12_500])
  })

  it("honours the submit's Retry-After for the first poll", async () => {
    const backoff = { initialDelayMs: 100, factor: 1, jitter: 'none' } as const
    const times = await pollTimesOf(backoff, { durationMs: 1000, retryAfterSec: 3 })
    expect(times[0]).toBe(3000)
  })

  it('spaces polls by Retry-After, over the backoff', async () => {
    const backoff = { initialDelayMs: 100, factor: 1, jitter: 'none' } as const
    const times = await pollTimesOf(backoff, { retryAfterSec: 2, durationMs: 7000 })
    expect(times).toEqual([2000, 4000, 6000, 8000])
  })

  /**
   * Serves `/{name}`: a 202 to `/{name}/1`, which answers `status(n)` to its n-th poll (from 1), and
   * `/{name}/out`. Returns the times of both, from the submit.
   */
  function serveJob(name: string, status: (n: number) => Response): number[] {
    const start = Date.now()
    const times: number[] = []
    server.use(
      http.post(
        `*/${name}`,
        () => new HttpResponse(null, { status: 202, headers: { location: `/${name}/1` } }),
      ),
      http.get(`*/${name}/1`, () => status(times.push(Date.now() - start))),
      http.get(`*/${name}/out`, () => {
        times.push(Date.now() - start)
        return HttpResponse.json({ ok: true })
      }),
    )
    return times
  }

  /** A job that answers "running" with the hint headers twice, then "done". */
  const serveHinted = (name: string, hint: () => Record<string, string>) =>
    serveJob(name, (n) =>
      n === 3
        ? HttpResponse.json({ status: 'done', result: n })
        : HttpResponse.json({ status: 'running' }, { headers: hint() }),
    )

  const hintedClient = () =>
    createClient({ baseUrl, backoff: { initialDelayMs: 1000, factor: 1, jitter: 'none' } })

  it('honours Retry-After as an HTTP-date', async () => {
    const times = serveHinted('dated', () => ({
      'retry-after': new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000).toUTCString(),
    }))
    const waiting = hintedClient().run('/dated')
    await vi.advanceTimersByTimeAsync(30_000)
    await expect(waiting).resolves.toBe(3)
    // 1 s, then the date 5 s on: 6 s, then 11 s.
    expect(times).toEqual([1000, 6000, 11_000])
  })

  it('honours retry-after-ms over Retry-After', async () => {
    const times = serveHinted('fine', () => ({ 'retry-after-ms': '250', 'retry-after': '10' }))
    const waiting = hintedClient().run('/fine')
    await vi.advanceTimersByTimeAsync(5000)
    await waiting
    expect(times).toEqual([1000, 1250, 1500])
  })

  /**
   * A job that answers X's media STATUS shape, pending with `check_after_secs: 3` (and `headers`)
   * twice, then done with a result link that also carries a hint.
   */
  function serveBodyHinted(name: string, headers: Record<string, string> = {}): number[] {
    const media = (state: string, more: object) => ({
      media_id_string: '710511363345354753',
      processing_info: { state, ...more },
    })
    return serveJob(name, (n) =>
      n === 3
        ? HttpResponse.json(
            media('succeeded', { check_after_secs: 30, result_url: `/${name}/out` }),
          )
        : HttpResponse.json(media('in_progress', { check_after_secs: 3 }), { headers }),
    )
  }

  it("spaces polls by a pending body's check_after_secs, and fetches the result of a done one at once", async () => {
    const times = serveBodyHinted('media')
    const waiting = hintedClient().run('/media')
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(waiting).resolves.toEqual({ ok: true })
    // 1 s (the backoff), then 3 s apart as the body asks; the done body's 30 s is not waited.
    expect(times).toEqual([1000, 4000, 7000, 7000])
  })

  it("lets a Retry-After header win over the body's hint", async () => {
    const times = serveBodyHinted('both', { 'retry-after-ms': '250' })
    const waiting = hintedClient().run('/both')
    await vi.advanceTimersByTimeAsync(5000)
    await waiting
    expect(times).toEqual([1000, 1250, 1500, 1500])
  })

  it('keeps jittered delays inside [floor, delay]', async () => {
    const backoff = {
      initialDelayMs: 1000,
      factor: 1,
      maxDelayMs: 1000,
      jitter: 'full',
      minDelayMs: 200,
    } as const
    const times = await pollTimesOf(backoff, { durationMs: 30_000 }, 60_000)
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000)
    expect(new Set(gaps).size).toBeGreaterThan(1)
  })
})

describe('cadence from progress', () => {
  const backoff = { initialDelayMs: 500, factor: 1.5, maxDelayMs: 8000, jitter: 'none' } as const

  async function pollsFor(steps: number): Promise<{ polls: number; lateMs: number }> {
    const times = await pollTimesOf(backoff, { durationMs: 20_000, steps }, 60_000)
    return { polls: times.length, lateMs: (times.at(-1) ?? 0) - 20_000 }
  }

  it('approaches the predicted finish in steps: fewer requests than plain backoff, found soon after the end', async () => {
    const plain = await pollsFor(0)
    // Plain backoff polls at 0.5, 1.25, 2.375, 4.063, 6.594, 10.391, 16.086 and 24.086 s.
    expect(plain).toEqual({ polls: 8, lateMs: 4086 })
    // Aimed: 2% at 0.5 s predicts 24.5 s to go, but a wait reaches at most 4 times the last (2 s);
    // 12% at 2.5 s: 60% of the way, capped at 8 s; 52% at 10.5 s: 60% of the way (5.8 s); 81% at
    // 16.3 s: 3.8 s to go, within 8 initial delays, aimed at directly: 0.24 s after the end.
    expect(await pollsFor(100)).toEqual({ polls: 5, lateMs: 242 })
    expect(await pollTimesOf(backoff, { durationMs: 20_000, steps: 100 }, 60_000)).toEqual([
      500, 2500, 10_500, 16_315, 20_242,
    ])
  })

  /**
   * Runs a job queued at 0 for 3 s, 50% in the next 3 s, then four times slower (done at 20 s)
   * under `backoff`, and returns what each status poll saw, in ms from the submit.
   */
  async function slowdownSeen(backoff: BackoffOptions): Promise<string[]> {
    const percentAt = (ms: number) =>
      ms < 3000
        ? 0
        : ms < 6000
          ? Math.floor(((ms - 3000) / 3000) * 50)
          : Math.floor(50 + ((ms - 6000) / 14_000) * 50)
    const start = Date.now()
    const seen: string[] = []
    server.use(
      http.post(
        '*/uneven',
        () => new HttpResponse(null, { status: 202, headers: { location: '/uneven/1' } }),
      ),
      http.get('*/uneven/1', () => {
        const ms = Date.now() - start
        if (ms >= 20_000) {
          seen.push(`${ms} done`)
          return HttpResponse.json({ status: 'done', result: 'ok' })
        }
        seen.push(`${ms} ${percentAt(ms)}%`)
        return HttpResponse.json({ status: 'running', progress: percentAt(ms) })
      }),
    )
    const waiting = createClient({ baseUrl, backoff }).run('/uneven')
    await vi.advanceTimersByTimeAsync(40_000)
    await expect(waiting).resolves.toBe('ok')
    return seen
  }

  it('pays for a slowdown with polls, not lateness', async () => {
    // The backoff while queued (x1.5); 29% aims at a finish 5.5 s on, which the slowdown moves;
    // each later reading aims at the finish it predicts, and the end is seen 0.14 s late.
    expect(
      await slowdownSeen({ initialDelayMs: 1000, factor: 1.5, maxDelayMs: 20_000, jitter: 'none' }),
    ).toEqual([
      '1000 0%',
      '2500 0%',
      '4750 29%',
      '10359 65%',
      '14691 81%',
      '17651 91%',
      '19249 97%',
      '19867 99%',
      '20142 done',
    ])
  })

  it('pays for a slowdown with polls, not lateness, with the default backoff', async () => {
    // 0% at 1 s; the second wait is the cap (8 s). 60% at 9 s, at the average rate since the last
    // 0%, predicts the end 5.3 s on, at 14.3 s: within 8 initial delays, aimed at directly. The
    // slowdown moves it; each later reading aims at the finish it predicts, and the end is seen
    // 0.23 s late.
    expect(await slowdownSeen({ jitter: 'none' })).toEqual([
      '1000 0%',
      '9000 60%',
      '14433 80%',
      '17891 92%',
      '19460 98%',
      '19937 99%',
      '20228 done',
    ])
  })

  it('lets Retry-After win over the predicted finish', async () => {
    const hinted = { initialDelayMs: 100, factor: 1, jitter: 'none' } as const
    const times = await pollTimesOf(hinted, { durationMs: 7000, steps: 100, retryAfterSec: 2 })
    expect(times).toEqual([2000, 4000, 6000, 8000])
  })

  it('reports the predicted time to completion in snapshots', async () => {
    const api = createClient({ baseUrl, backoff })
    const finishes: number[] = []
    const seen: Snapshot[] = []
    const waiting = api.run('/jobs', {
      json: { job: { durationMs: 10_000, steps: 20 } },
      onProgress: (snapshot) => {
        seen.push(snapshot)
        if (snapshot.etaMs !== undefined) finishes.push(snapshot.elapsedMs + snapshot.etaMs)
      },
    })
    await vi.advanceTimersByTimeAsync(30_000)
    await waiting
    // Each prediction of the finish lands within 1.5 s of the real one, at 10 s.
    expect(finishes.length).toBeGreaterThan(0)
    for (const finish of finishes) expect(Math.abs(finish - 10_000)).toBeLessThan(1500)
    expect(seen.at(-1)).toMatchObject({ state: 'succeeded' })
    expect(seen.at(-1)?.etaMs).toBeUndefined()
  })
})
