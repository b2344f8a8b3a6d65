import { createHttpPoller, type OperationResponse } from '@azure/core-lro'
import { checkExceptions, createWaiter, WaiterState } from '@smithy/util-waiter'

/**
 * The peers as an application would drive them against the bench server. Neither is an HTTP
 * client: @azure/core-lro asks for `sendInitialRequest` / `sendPollRequest` (an Azure SDK passes
 * its core-rest-pipeline; here a bare `fetch` + `JSON.parse`), and @smithy/util-waiter runs an
 * acceptor that makes the call itself. Their cost per poll is therefore "bare fetch + their loop".
 */

/** A request for @azure/core-lro's `RunningOperation`: a bare fetch, the body parsed as JSON. */
export async function azureSend(method: string, url: string): Promise<OperationResponse> {
  const response = await fetch(url, { method })
  const text = await response.text()
  const body: unknown = text === '' ? undefined : JSON.parse(text)
  return {
    flatResponse: body,
    rawResponse: {
      statusCode: response.status,
      request: { method, url },
      headers: Object.fromEntries(response.headers),
      body,
    },
  }
}

/**
 * One operation with @azure/core-lro 3: `createHttpPoller(...).pollUntilDone()`. Its first status
 * poll follows the submit at once; later ones wait `intervalInMs` (default 2000) or the server's
 * Retry-After.
 */
export function azureOperation(submitUrl: string, intervalInMs?: number): Promise<unknown> {
  const poller = createHttpPoller(
    {
      sendInitialRequest: () => azureSend('POST', submitUrl),
      sendPollRequest: (path) => azureSend('GET', new URL(path, submitUrl).href),
    },
    intervalInMs === undefined ? {} : { intervalInMs },
  )
  return poller.pollUntilDone()
}

/**
 * One operation with @smithy/util-waiter 4: a bare fetch submit, then `createWaiter` with an
 * acceptor that GETs the status location. Delays are in seconds and must be above 0; the first
 * check runs at once. It reads no Retry-After.
 */
export async function smithyOperation(submitUrl: string, delays: SmithyDelays): Promise<unknown> {
  return smithyWait(await smithySubmit(submitUrl), delays)
}

export interface SmithyDelays {
  minDelay: number
  maxDelay: number
  maxWaitTime?: number
}

/** The submit of a smithy-driven operation: a bare fetch POST; returns the status URL. */
export async function smithySubmit(submitUrl: string): Promise<string> {
  const submit = await fetch(submitUrl, { method: 'POST' })
  await submit.text()
  return new URL(submit.headers.get('location') ?? '', submitUrl).href
}

/** Waits on a status URL with `createWaiter`, until the body says `succeeded`. */
export async function smithyWait(statusUrl: string, delays: SmithyDelays): Promise<unknown> {
  const result = await createWaiter(
    { client: {}, maxWaitTime: 3_600, ...delays },
    statusUrl,
    async (_client, url) => {
      const response = await fetch(url)
      const body = JSON.parse(await response.text()) as { status: string }
      return {
        state: body.status === 'succeeded' ? WaiterState.SUCCESS : WaiterState.RETRY,
        reason: body,
      }
    },
  )
  return checkExceptions(result).reason
}
