import { getResponse, HttpResponse, http, type RequestHandler } from 'msw'

/**
 * Jobs whose status lives on another origin, as when an API hands out status URLs on a separate
 * host: the submit starts a job on a second task server (called in process, with no socket and
 * none of the caller's headers) and names its status resource with an absolute URL there.
 *
 *   POST /remote-jobs -> 202, Location: {remote}/jobs/:id (the body goes to the remote's POST /jobs,
 *                        which the remote's request log records with `x-started-by: remote-jobs`)
 *
 * Put it after the task server's handlers: its path ends in neither `/jobs` nor an id.
 */
export function remoteJobRoutes(remote: {
  readonly url: string
  readonly handlers: RequestHandler[]
}): RequestHandler[] {
  return [
    http.post('*/remote-jobs', async ({ request }) => {
      const started = await getResponse(
        remote.handlers,
        new Request(`${remote.url}/jobs`, {
          method: 'POST',
          headers: {
            'content-type': request.headers.get('content-type') ?? 'application/json',
            'x-started-by': 'remote-jobs',
          },
          body: await request.text(),
        }),
      )
      const location = started?.headers.get('location')
      if (started?.status !== 202 || !location) {
        return HttpResponse.json({ error: 'the remote server refused the job' }, { status: 502 })
      }
      return new HttpResponse(null, {
        status: 202,
        headers: { location: new URL(location, remote.url).href },
      })
    }),
  ]
}
