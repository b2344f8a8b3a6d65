import { HttpResponse, http } from 'msw'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as z from 'zod'
import { createClient, type PollwiseClient, type Snapshot } from '../../src/index.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const accepted = (location: string) => () =>
  new HttpResponse(null, { status: 202, headers: { location } })

describe('Snapshot.status is undefined where no status body came', () => {
  function serveHttpDriven(final: () => Response) {
    let polls = 0
    server.use(
      http.post(at('/renders'), accepted('/renders/7')),
      http.get(at('/renders/7'), () => {
        polls++
        return polls <= 2 ? new HttpResponse(null, { status: 202 }) : final()
      }),
      http.get(at('/renders/7/output'), () => HttpResponse.json({ frames: 24 })),
    )
  }

  it.each([
    ['200 with the result itself', () => HttpResponse.json({ frames: 24 })],
    [
      '303 to the result',
      () => new HttpResponse(null, { status: 303, headers: { location: '/renders/7/output' } }),
    ],
  ])('202 without a body, then %s', async (_, final) => {
    serveHttpDriven(final)
    const snapshots: Snapshot[] = []
    const run = createClient({ baseUrl: origin, backoff }).run('/renders', {
      json: {},
      onProgress: (snap) => snapshots.push(snap),
    })
    expect(await outcomeWithin(run, 10_000)).toEqual({
      status: 'fulfilled',
      value: { frames: 24 },
    })
    expect(snapshots.map((snap) => snap.state)).toEqual(['pending', 'pending', 'succeeded'])
    expect(snapshots.slice(0, 2).map((snap) => snap.httpStatus)).toEqual([202, 202])
    for (const snap of snapshots) expect(snap.status).toBeUndefined()
  })

  it('stays undefined with a status schema, which has no status body to validate', async () => {
    serveHttpDriven(() => HttpResponse.json({ frames: 24 }))
    const statuses: unknown[] = []
    const run = createClient({ baseUrl: origin, backoff }).run('/renders', {
      json: {},
      status: z.object({ status: z.string() }),
      onProgress: (snap) => statuses.push(snap.status),
    })
    expect(await outcomeWithin(run, 10_000)).toEqual({
      status: 'fulfilled',
      value: { frames: 24 },
    })
    expect(statuses).toEqual([undefined, undefined, undefined])
  })

  it('is typed as possibly undefined, so reading through it does not compile', () => {
    expectTypeOf<undefined>().toExtend<Snapshot['status']>()
    expectTypeOf<Snapshot<{ status: string }>['status']>().toEqualTypeOf<
      { status: string } | undefined
    >()
    // Functions, never called: the types are the point.
    const render = (snap: Snapshot<{ status: string }>) =>
      // @ts-expect-error `status` is undefined for a 202 without a body or a 200 with the result
      snap.status.status
    const waitAndRender = (api: PollwiseClient) =>
      api.run('/r', {
        status: z.object({ status: z.string() }),
        onProgress: (snap) => {
          expectTypeOf(snap.status).toEqualTypeOf<{ status: string } | undefined>()
          // @ts-expect-error the demo's pattern: it must not compile, since it would crash
          return snap.status.status
        },
      })
    expectTypeOf(render).toBeFunction()
    expectTypeOf(waitAndRender).toBeFunction()
  })
})
