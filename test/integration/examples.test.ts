import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import { createClient, type Snapshot } from '../../src/index.js'
import { useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks } = useTaskServer()

useFakeTime()

const backoff = { initialDelayMs: 500, factor: 1.5, maxDelayMs: 5000, jitter: 'none' } as const

describe('the examples, verbatim', () => {
  it('1. follows a video conversion from "processing" to "done" and fetches its result_url', async () => {
    const api = createClient({ baseUrl, backoff })
    const op = await api.start('/convert-video')
    expect(op.statusUrl).toBe('https://api.example.com/status/convert-789')

    const result = op.wait()
    await vi.advanceTimersByTimeAsync(10_000)
    const video = await result
    expect(video).toBeInstanceOf(Blob)
    expect((video as Blob).type).toBe('video/mp4')
    expect(await (video as Blob).text()).toBe('converted video bytes')
    expect(tasks().count('POST', '/v2/convert-video')).toBe(1)
    expect(tasks().count('GET', '/videos/converted-789.mp4')).toBe(1)
    const statusBodies = tasks().requests.filter((r) => r.path === '/status/convert-789')
    expect(statusBodies.length).toBeGreaterThanOrEqual(2)
  })

  it('2. follows a report from "in_progress" to "completed" and fetches its download_link', async () => {
    const api = createClient({ baseUrl, backoff })
    const seen: Snapshot<{ status: string }>[] = []
    const report = api.run('/start-report', {
      json: { month: '2026-10' },
      status: z.object({ status: z.string(), download_link: z.string().optional() }),
      onProgress: (snapshot) => seen.push(snapshot),
    })
    await vi.advanceTimersByTimeAsync(10_000)

    const pdf = (await report) as Blob
    expect(pdf.type).toBe('application/pdf')
    expect(await pdf.text()).toBe('%PDF-1.7 report-555.pdf')
    expect(tasks().requests[0]?.body).toBe('{"month":"2026-10"}')
    expect(seen.map((s) => s.status?.status)).toContain('in_progress')
    expect(seen.at(-1)).toMatchObject({
      state: 'succeeded',
      status: { status: 'completed', download_link: '/reports/report-555.pdf' },
      resultUrl: 'https://api.example.com/reports/report-555.pdf',
      httpStatus: 200,
    })
  })

  it('3. reads progress-percent, then polls the download until it stops answering 404', async () => {
    const api = createClient({
      baseUrl,
      backoff,
      locateResult: (body) => `/video/download/${(body as { id: number }).id}`,
    })
    const op = await api.start('/video/convert')
    expect(op.statusUrl).toBe('https://api.example.com/video/status/123')

    const snapshots: Snapshot[] = []
    const video = op.wait({
      result: z.object({ id: z.number(), url: z.url() }),
      onProgress: (snapshot) => snapshots.push(snapshot),
    })
    await vi.advanceTimersByTimeAsync(15_000)
    const progress = snapshots.map((snapshot) => snapshot.progress)

    await expect(video).resolves.toEqual({ id: 123, url: 'https://cdn.example.com/video-123.mp4' })
    expect(snapshots[0]?.status).toEqual({
      id: 123,
      status: 'queued',
      priority: 2,
      'progress-percent': 0,
      'submitted-utc-time': '2016-04-19T13:59:22',
    })
    expect(progress[0]).toBe(0)
    expect(progress.some((p = 0) => p > 0 && p < 1)).toBe(true)
    expect(progress).toEqual([...progress].sort((a = 0, b = 0) => a - b))
    expect(progress.at(-1)).toBe(1)
    const downloads = tasks().requests.filter((r) => r.path === '/video/download/123')
    expect(downloads.length).toBeGreaterThan(1)
    expect(downloads.length).toBeLessThan(6)
  })
})
