import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, HTTPError } from '../../src/index.js'
import {
  at,
  auto,
  azureDetected,
  azureForced,
  backoff,
  type Convention,
  conventionServer,
  empty,
  everyConvention,
  generic,
  googleDetected,
  googleForced,
  json,
  origin,
  quick,
  reasonOf,
  startOn,
} from '../support/conventions.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, submitTo, useTaskServer } from '../support/msw.js'
import { fastBackoff } from '../support/real-time.js'

const { server } = useTaskServer()
useFakeTime()
const serve = conventionServer(server)

describe('404 and 409: "not yet" only during a short grace, or under result polling', () => {
  const withGrace = [auto, generic, googleDetected, googleForced]
  const graceRows = withGrace.flatMap((convention) =>
    [404, 409].map((code) => ({ name: convention.name, convention, code })),
  )

  it.each(graceRows)(
    '$name: a status URL answering $code from the start is an HTTPError soon after the grace',
    async ({ convention, code }) => {
      const status = serve(convention, [empty(code)])
      const op = await startOn(convention, { backoff: quick })
      const waiting = op.wait()
      // Still within the default 5 s grace: not yet an error.
      expect(await outcomeWithin(waiting, 4_000)).toBeUndefined()
      // Past it: an HTTPError long before the 10-minute deadline.
      const error = reasonOf(await outcomeWithin(waiting, 2_000))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(code)
      expect((error as HTTPError).message).toContain(convention.statusUrl)
      const polls = status.polls()
      await vi.advanceTimersByTimeAsync(10_000)
      expect(status.polls()).toBe(polls)
    },
  )

  it.each(graceRows)(
    '$name: with `notReadyGraceMs: 0`, the first $code is an HTTPError',
    async ({ convention, code }) => {
      const status = serve(convention, [empty(code)])
      const op = await startOn(convention, { notReadyGraceMs: 0 })
      const error = reasonOf(await outcomeWithin(op.wait(), 1_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(code)
      expect(status.polls()).toBe(1)
    },
  )

  it.each([azureDetected, azureForced])(
    '$name: a monitor answering 404 from the start is an HTTPError at once (no grace)',
    async (convention) => {
      const status = serve(convention, [empty(404)])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 1_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(404)
      expect((error as HTTPError).message).toContain(convention.statusUrl)
      expect(status.polls()).toBe(1)
    },
  )

  const answeredRows = everyConvention.flatMap((convention) =>
    [404, 409].map((code) => ({ name: convention.name, convention, code })),
  )

  it.each(answeredRows)(
    '$name: a status URL that answered once and then $code is an HTTPError at once',
    async ({ convention, code }) => {
      const status = serve(convention, [json(convention.running), empty(code)])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 2_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(code)
      expect((error as HTTPError).message).toContain(convention.statusUrl)
      expect(status.polls()).toBe(2)
    },
  )

  it.each([404, 409])(
    "`protocol: 'result'` waits through %i, past any grace, until 200",
    async (code) => {
      let polls = 0
      server.use(
        http.post(at('/results'), empty(202, { location: '/results/7' })),
        http.get(at('/results/7'), () => {
          polls++
          return polls <= 20
            ? new HttpResponse(null, { status: code })
            : HttpResponse.json({ rows: 3 })
        }),
      )
      const op = await createClient({ baseUrl: origin, backoff, protocol: 'result' }).start(
        '/results',
      )
      expect(await outcomeWithin(op.wait(), 30_000)).toEqual({
        status: 'fulfilled',
        value: { rows: 3 },
      })
      expect(polls).toBe(21)
    },
  )

  /** A status body naming a result link that answers 404 for `notFoundMs` after it was named. */
  function serveResultLink(convention: Convention, notFoundMs: number) {
    let namedAt: number | undefined
    let downloads = 0
    const link = `/${convention.name}/files/7`
    server.use(
      http.get(at(link), () => {
        downloads++
        const ready = namedAt !== undefined && Date.now() - namedAt >= notFoundMs
        return ready ? HttpResponse.json({ rows: 3 }) : new HttpResponse(null, { status: 404 })
      }),
    )
    serve(convention, [
      json(convention.running),
      () => {
        namedAt ??= Date.now()
        return HttpResponse.json({ status: 'succeeded', result_url: link })
      },
    ])
    return { url: at(link), downloads: () => downloads }
  }

  it.each([auto, generic])(
    '$name: a result link that answers 404 for 1 s, then 200, resolves',
    async (convention) => {
      const link = serveResultLink(convention, 1_000)
      const op = await startOn(convention)
      expect(await outcomeWithin(op.wait(), 10_000)).toEqual({
        status: 'fulfilled',
        value: { rows: 3 },
      })
      expect(link.downloads()).toBeGreaterThan(1)
    },
  )

  it.each([auto, generic])(
    '$name: a result link that answers 404 forever is an HTTPError after the grace',
    async (convention) => {
      const link = serveResultLink(convention, Number.POSITIVE_INFINITY)
      const op = await startOn(convention, { backoff: quick })
      const waiting = op.wait()
      // The link is named at the second poll (1 s); the grace runs to about 6 s.
      expect(await outcomeWithin(waiting, 5_000)).toBeUndefined()
      const error = reasonOf(await outcomeWithin(waiting, 2_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(404)
      expect((error as HTTPError).message).toContain(link.url)
    },
  )

  it('azure: a final GET that answers 404 is an HTTPError at once', async () => {
    let finalGets = 0
    server.use(
      http.post(
        at('/azure-final/jobs'),
        empty(202, {
          'operation-location': '/azure-final/operations/7',
          location: '/azure-final/results/7',
        }),
      ),
      http.get(at('/azure-final/operations/7'), json({ status: 'Succeeded' })),
      http.get(at('/azure-final/results/7'), () => {
        finalGets++
        return new HttpResponse(null, { status: 404 })
      }),
    )
    const op = await createClient({ baseUrl: origin, backoff }).start('/azure-final/jobs', {
      json: {},
    })
    const error = reasonOf(await outcomeWithin(op.wait(), 3_000))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(404)
    expect(finalGets).toBe(1)
  })
})

describe('a 404 inside the grace, over real timers', () => {
  beforeEach(() => {
    vi.useRealTimers()
  })
  it('reads the body of a 404 under grace as an answer and goes on polling', async () => {
    let polls = 0
    server.use(
      submitTo('/grace/1'),
      http.get('https://api.example.com/grace/1', () => {
        polls += 1
        return polls === 1
          ? HttpResponse.json({ error: 'not yet' }, { status: 404 })
          : HttpResponse.json({ status: 'completed', result: 'done' })
      }),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff })
    expect(await api.run('/submit', { json: {} })).toBe('done')
    expect(polls).toBe(2)
  })
})
