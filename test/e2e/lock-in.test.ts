import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { type RunningServer, startHttpServer } from '../../mocks/http-server.js'
import { createClient, ProtocolError } from '../../src/index.js'
import { nginxPage } from '../support/nginx-page.js'

// Lock-in over a real socket: once a status resource spoke JSON status bodies, an HTML page or a
// status field that is not a word is a ProtocolError, never the result.

let server: RunningServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const backoff = {
  initialDelayMs: 20,
  factor: 1,
  maxDelayMs: 20,
  minDelayMs: 10,
  jitter: 'none',
} as const

/** A submit at `/reports` naming `/reports/7`, whose polls are answered by `answers` in turn. */
async function serveReport(answers: readonly (() => Response)[]): Promise<{ polls: () => number }> {
  let polls = 0
  server = await startHttpServer([
    http.post(
      '*/reports',
      () => new HttpResponse(null, { status: 202, headers: { location: '/reports/7' } }),
    ),
    http.get('*/reports/7', () => {
      const answer = answers[Math.min(polls, answers.length - 1)] as () => Response
      polls++
      return answer()
    }),
  ])
  return { polls: () => polls }
}

describe('lock-in over a real loopback socket', () => {
  it('rejects an HTML page that follows two status bodies, with the start of the page', async () => {
    const running = () => HttpResponse.json({ status: 'running' })
    const report = await serveReport([running, running, () => HttpResponse.html(nginxPage)])
    const api = createClient({ baseUrl: (server as RunningServer).url, backoff })
    const error = await api.run('/reports', { json: {} }).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ProtocolError)
    const protocolError = error as ProtocolError
    expect(protocolError.url).toBe(`${(server as RunningServer).url}/reports/7`)
    expect(protocolError.bodyExcerpt).toBeDefined()
    expect(
      protocolError.bodyExcerpt?.startsWith(
        '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>',
      ),
    ).toBe(true)
    expect(nginxPage.startsWith(protocolError.bodyExcerpt as string)).toBe(true)
    expect(protocolError.bodyExcerpt?.length).toBeLessThan(nginxPage.length)
    expect(report.polls()).toBe(3)
  }, 2000)

  it('rejects `{"status": null}` with a ProtocolError that names the field', async () => {
    const report = await serveReport([() => HttpResponse.json({ status: null })])
    const api = createClient({ baseUrl: (server as RunningServer).url, backoff })
    const error = await api.run('/reports', { json: {} }).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/[`'"]status[`'"]|status is/)
    expect((error as ProtocolError).message).toMatch(/\bnull\b/)
    expect(report.polls()).toBe(1)
  }, 2000)
})
