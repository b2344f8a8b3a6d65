import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/index.js'
import { baseUrl, submitTo, useTaskServer } from '../support/msw.js'

const { server } = useTaskServer()

const fast = { initialDelayMs: 0, minDelayMs: 0, maxDelayMs: 0, factor: 1, jitter: 'none' } as const

describe('each status body is read once', () => {
  it("asks the app's classifyStatus once per body, detection included", async () => {
    const bodies = [{ status: 'brewing' }, { status: 'brewing' }, { status: 'poured', result: 7 }]
    let polls = 0
    server.use(
      submitTo(`${baseUrl}/jobs/1`),
      http.get(`${baseUrl}/jobs/1`, () => HttpResponse.json(bodies[polls++])),
    )
    const asked: string[] = []
    const api = createClient({
      baseUrl,
      backoff: fast,
      classifyStatus: (word) => {
        asked.push(word)
        return word === 'brewing' ? 'pending' : word === 'poured' ? 'succeeded' : undefined
      },
    })
    await expect(api.run('/submit', { json: {} })).resolves.toBe(7)
    expect(polls).toBe(3)
    expect(asked).toEqual(['brewing', 'brewing', 'poured'])
  })

  it('reads a body again where detection found no state in it', async () => {
    let polls = 0
    server.use(
      submitTo(`${baseUrl}/jobs/2`),
      http.get(`${baseUrl}/jobs/2`, () => {
        polls += 1
        return polls === 1
          ? new HttpResponse(null, { status: 202 })
          : HttpResponse.json({ status: 'succeeded', result: 'done' })
      }),
    )
    const api = createClient({ baseUrl, backoff: fast })
    await expect(api.run('/submit', { json: {} })).resolves.toBe('done')
    expect(polls).toBe(2)
  })
})
