import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createTaskServer, type JobSpec, type TaskServer } from '../../mocks/task-server.js'

export const baseUrl = 'https://api.example.com/v2'

/**
 * Serves a fresh reference task server over msw for each test; `onUnhandledRequest: 'error'` turns
 * any request nobody expected into a failure.
 */
export function useTaskServer(defaults: Partial<JobSpec> = {}): {
  tasks: () => TaskServer
  /** The msw server, for `server.use()` of handlers a test adds on top. */
  server: ReturnType<typeof setupServer>
} {
  const server = setupServer()
  let tasks: TaskServer
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => {
    tasks = createTaskServer(defaults)
    server.resetHandlers(...tasks.handlers)
  })
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return { tasks: () => tasks, server }
}

/** A submit, `POST /submit`, answered 202 with `path` as its status location. */
export function submitTo(path: string) {
  return http.post(
    `${baseUrl}/submit`,
    () => new HttpResponse(null, { status: 202, headers: { location: path } }),
  )
}
