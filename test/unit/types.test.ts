import { describe, expectTypeOf, it } from 'vitest'
import * as z from 'zod'
import { createClient, type Operation, type Snapshot } from '../../src/index.js'

// Checked by `npm run typecheck`: the schemas a caller passes decide the types it gets back.
describe('types', () => {
  const api = createClient({ baseUrl: 'https://api.example.com' })
  const Report = z.object({ url: z.string() })
  const Status = z.object({ status: z.string(), progress: z.number().optional() })

  it('infers the result type from the result schema', () => {
    // Functions, never called: the types are the point, not a request.
    expectTypeOf(() => api.run('/r', { result: Report })).returns.resolves.toEqualTypeOf<{
      url: string
    }>()
    expectTypeOf(() => api.run('/r')).returns.resolves.toBeUnknown()
  })

  it('types snapshots by the status schema', () => {
    const wait = (op: Operation) =>
      op.wait({
        status: Status,
        onProgress: (snapshot) => {
          expectTypeOf(snapshot).toEqualTypeOf<
            Snapshot<{ status: string; progress?: number | undefined }>
          >()
        },
      })
    expectTypeOf(wait).returns.resolves.toBeUnknown()
  })
})
