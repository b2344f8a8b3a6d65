import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  HTTPError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
} from '../../src/index.js'
import {
  at,
  auto,
  azureDetected,
  type Convention,
  conventionServer,
  empty,
  escapeRegExp,
  everyConvention,
  generic,
  googleDetected,
  json,
  reasonOf,
  startOn,
} from '../support/conventions.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { nginxPage } from '../support/nginx-page.js'

// "Never a wrong result": whatever convention an operation speaks, a body that is not recognisably
// a status or a result is an error with a bounded excerpt, never something `wait()` resolves with.

const { server } = useTaskServer()
useFakeTime()
const serve = conventionServer(server)

describe('lock-in: once a status resource spoke its convention, every answer must', () => {
  const badBodies = (convention: Convention) => [
    {
      body: 'an nginx HTML page with 200',
      answer: (): Response => HttpResponse.html(nginxPage),
      excerpt: nginxPage,
    },
    {
      body: 'an empty 200 body labelled JSON',
      answer: (): Response =>
        new HttpResponse('', { status: 200, headers: { 'content-type': 'application/json' } }),
      excerpt: '',
    },
    ...(convention.withoutField === undefined
      ? []
      : [
          {
            body: `a JSON body without \`${convention.field}\``,
            answer: json(convention.withoutField),
            excerpt: JSON.stringify(convention.withoutField),
          },
        ]),
  ]
  const rows = everyConvention.flatMap((convention) =>
    badBodies(convention).map((bad) => ({ ...bad, name: convention.name, convention })),
  )

  it.each(rows)(
    '$name: rejects $body after two status bodies, with an excerpt of it',
    async ({ convention, answer, excerpt }) => {
      const status = serve(convention, [json(convention.running), json(convention.running), answer])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 10_000))
      expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
        true,
      )
      // At the answer that broke the convention, not later.
      expect(status.polls()).toBe(3)
      const { bodyExcerpt } = error as ProtocolError | ResponseValidationError
      if (excerpt === '') {
        expect(bodyExcerpt ?? '').toBe('')
      } else {
        expect(bodyExcerpt).toBeDefined()
        // A bounded start of the body (documented: at most 500 characters).
        expect(excerpt.startsWith(bodyExcerpt as string)).toBe(true)
        expect((bodyExcerpt as string).length).toBeGreaterThanOrEqual(Math.min(excerpt.length, 100))
        expect((bodyExcerpt as string).length).toBeLessThanOrEqual(500)
      }
    },
  )
})

describe('a status field that is present but not a status word', () => {
  const rows = everyConvention.flatMap((convention) =>
    convention.wrongTypes.map((value) => ({
      name: convention.name,
      convention,
      value,
      shown: JSON.stringify(value),
    })),
  )

  it.each(rows)(
    '$name: rejects `$shown` with a ProtocolError naming the field and the value',
    async ({ convention, value, shown }) => {
      const status = serve(convention, [json(convention.withField(value))])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 5_000))
      expect(error).toBeInstanceOf(ProtocolError)
      expect(status.polls()).toBe(1)
      const { message } = error as ProtocolError
      // The field, quoted or as "field is"; the body's own excerpt in the message cannot supply it,
      // as the padding pushes the field past any excerpt.
      expect(message).toMatch(new RegExp(`[\`'"]${convention.field}[\`'"]|${convention.field} is`))
      expect(message).toMatch(new RegExp(`(?<![\\w"])${escapeRegExp(shown)}(?![\\w"])`))
    },
  )
})

describe('only 2xx bodies are results', () => {
  const redirecting = [auto, generic, azureDetected, googleDetected]
  const rows = redirecting.flatMap((convention) =>
    [300, 304, 305].map((code) => ({ name: convention.name, convention, code })),
  )

  it.each(rows)(
    '$name: a status location answering $code is an error, never a result',
    async ({ convention, code }) => {
      let lured = 0
      server.use(
        http.get(at('/elsewhere/done'), () => {
          lured++
          return HttpResponse.json({ status: 'succeeded', result: { rows: 3 } })
        }),
      )
      const headers: Record<string, string> = code === 304 ? {} : { location: '/elsewhere/done' }
      serve(convention, [json(convention.running), empty(code, headers)])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 5_000))
      expect(error instanceof PollwiseError || error instanceof HTTPError).toBe(true)
      expect((error as Error).message).toContain(String(code))
      expect(lured).toBe(0)
    },
  )

  it('rejects a result link that answers 304', async () => {
    serve(auto, [json({ status: 'succeeded', result_url: '/auto/files/7' })])
    server.use(http.get(at('/auto/files/7'), empty(304)))
    const op = await startOn(auto)
    const error = reasonOf(await outcomeWithin(op.wait(), 5_000))
    expect(error instanceof PollwiseError || error instanceof HTTPError).toBe(true)
  })

  it.each([auto, generic])(
    '$name: fetches the result a 303 See Other points to',
    async (convention) => {
      let fetched = 0
      server.use(
        http.get(at('/elsewhere/report'), () => {
          fetched++
          return HttpResponse.json({ rows: 3 })
        }),
      )
      serve(convention, [json(convention.running), empty(303, { location: '/elsewhere/report' })])
      const op = await startOn(convention)
      expect(await outcomeWithin(op.wait(), 5_000)).toEqual({
        status: 'fulfilled',
        value: { rows: 3 },
      })
      expect(fetched).toBe(1)
    },
  )
})
