import { describe, expect, it } from 'vitest'
import {
  auto,
  azureDetected,
  type Convention,
  conventionServer,
  generic,
  googleDetected,
  json,
  startOn,
} from '../support/conventions.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

const { server } = useTaskServer()
useFakeTime()
const serve = conventionServer(server)

describe('progress scale', () => {
  /** The progress of every snapshot of a job whose status bodies carry `readings`, then succeed. */
  async function progressOf(
    convention: Convention,
    readings: readonly Record<string, unknown>[],
    final: Record<string, unknown>,
  ): Promise<(number | undefined)[]> {
    serve(convention, [...readings.map((reading) => json(reading)), json(final)])
    const op = await startOn(convention)
    const seen: (number | undefined)[] = []
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snap) => seen.push(snap.progress) }),
      (readings.length + 2) * 1000,
    )
    expect(outcome?.status).toBe('fulfilled')
    return seen
  }

  const bare = (values: readonly number[]) =>
    values.map((progress) => ({ status: 'running', progress }))

  it.each([auto, generic])(
    '$name: bare progress 0.2, 0.5, 1, 2, 50, 100 never goes backwards',
    async (convention) => {
      const seen = await progressOf(convention, bare([0.2, 0.5, 1, 2, 50]), {
        status: 'succeeded',
        progress: 100,
        result: { rows: 3 },
      })
      expect(seen).toHaveLength(6)
      const values = seen.map((value) => value ?? Number.NaN)
      expect(values.slice(0, 2)).toEqual([0.2, 0.5])
      for (const [index, value] of values.entries()) {
        expect(value).toBeGreaterThanOrEqual(0)
        expect(value).toBeLessThanOrEqual(1)
        if (index > 0) expect(value).toBeGreaterThanOrEqual(values[index - 1] as number)
      }
      expect(values.at(-1)).toBe(1)
    },
  )

  it.each([auto, generic])(
    '$name: bare progress above 1 from the start reads as percent',
    async (convention) => {
      const seen = await progressOf(convention, bare([5, 10, 50]), {
        status: 'succeeded',
        progress: 100,
        result: { rows: 3 },
      })
      expect(seen).toEqual([0.05, 0.1, 0.5, 1])
    },
  )

  it.each([auto, generic])(
    '$name: bare progress within 0..1 reads as a fraction',
    async (convention) => {
      const seen = await progressOf(convention, bare([0.25, 0.5]), {
        status: 'succeeded',
        progress: 1,
        result: { rows: 3 },
      })
      expect(seen).toEqual([0.25, 0.5, 1])
    },
  )

  const percentRows = [auto, generic].flatMap((convention) =>
    ['percentComplete', 'progress-percent'].map((field) => ({
      name: convention.name,
      convention,
      field,
    })),
  )

  it.each(percentRows)(
    '$name: `$field` reads as 0..100, so 1 is 1%',
    async ({ convention, field }) => {
      const seen = await progressOf(
        convention,
        [1, 50].map((value) => ({ status: 'running', [field]: value })),
        { status: 'succeeded', [field]: 100, result: { rows: 3 } },
      )
      expect(seen).toEqual([0.01, 0.5, 1])
    },
  )

  it("azure: a monitor's `percentComplete` reads as 0..100, so 1 is 1%", async () => {
    const seen = await progressOf(
      azureDetected,
      [1, 50].map((percentComplete) => ({ status: 'Running', percentComplete })),
      { status: 'Succeeded', percentComplete: 100 },
    )
    expect(seen).toEqual([0.01, 0.5, 1])
  })

  it("google: the metadata's `progressPercent` reads as 0..100, so 1 is 1%", async () => {
    const name = 'operations/google-detected-7'
    const seen = await progressOf(
      googleDetected,
      [1, 50].map((progressPercent) => ({ name, done: false, metadata: { progressPercent } })),
      { name, done: true, metadata: { progressPercent: 100 }, response: { rows: 3 } },
    )
    expect(seen).toEqual([0.01, 0.5, 1])
  })
})
