import { isRecord } from '../json.js'
import { findKey, keyWords, normalizeKey } from './keys.js'

/**
 * A link value: a string, or a HAL-style `{ "href": … }`, that is an http(s) URL or a relative
 * reference. Anything else (`gs://bucket/out`, `javascript:…`, text with spaces) names nothing
 * pollwise can fetch, and stays in the body. `strict` also asks a relative one to be a path
 * (`/files/1`, `./1`): a bare `url` may hold a host name (`app.example.com`).
 */
function linkValue(value: unknown, strict = false): string | undefined {
  if (isRecord(value))
    return typeof value.href === 'string' ? linkValue(value.href, strict) : undefined
  // A fragment (`#/runs/1`) names a place in a page for a person: an app's screen, not its API.
  if (typeof value !== 'string' || value.trim() === '' || /[\s#]/.test(value.trim()))
    return undefined
  if (/^https?:\/\//i.test(value.trim())) return value
  if (/^[a-z][a-z\d+.-]*:/i.test(value.trim())) return undefined
  return !strict || /^\.{0,2}\//.test(value.trim()) ? value : undefined
}

/** The first link among `record`'s keys, in its own order, whose normalized name passes `test`. */
function findLink(
  record: Record<string, unknown>,
  test: (name: string) => boolean,
  strict = false,
): string | undefined {
  // `for…in` walks the keys in their own order without building an array of entries per body.
  for (const key in record) {
    if (!Object.hasOwn(record, key) || !test(normalizeKey(key))) continue
    const link = linkValue(record[key], strict)
    if (link !== undefined) return link
  }
  return undefined
}

/**
 * The entry named `names` (in that order) of a `links`, `_links` or `urls` object, or of a
 * `links` or `_links` array of link objects by their relation (`[{"rel": "self", "href": …}]`, as
 * RFC 8288 names them: Mailchimp's and PayPal's links).
 */
function findNamedLink(
  record: Record<string, unknown>,
  names: readonly string[],
): string | undefined {
  for (const holder of ['links', '_links', 'urls']) {
    const links = record[holder]
    const byName = isRecord(links) ? links : Array.isArray(links) ? byRelation(links) : undefined
    if (byName === undefined) continue
    for (const name of names) {
      const link = linkValue(byName[name])
      if (link !== undefined) return link
    }
  }
  return undefined
}

/** Link objects keyed by their `rel`, the first of each relation. */
function byRelation(links: readonly unknown[]): Record<string, unknown> {
  const named: Record<string, unknown> = {}
  for (const link of links) {
    if (isRecord(link) && typeof link.rel === 'string') named[link.rel] ??= link
  }
  return named
}

/** The `links.self` of a resource under `data` (a JSON:API document's: `{"data": {"id", "links"}}`). */
function resourceSelf(body: Record<string, unknown>): string | undefined {
  const { data } = body
  return isRecord(data) && data.id !== undefined ? findNamedLink(data, ['self']) : undefined
}

/**
 * The status location a submit's answer names in its body, when no header does: a field whose name
 * says status, poll or monitor and ends in url, uri, link, href, location or path (`statusUrl`,
 * `status_url`, `statusQueryGetUri`, `poll_url`, `operationLocation`), a `status`, `poll` or
 * `monitor` entry of `links`, `_links` or `urls` (an object, or an array of link objects by their
 * `rel`), then `self` (`selfLink`), `links.self` and `urls.get`, then the `links.self` of a
 * resource under `data`; last, the result link of a job handle (`{"id": "j-1", "result_url": …}`): the job
 * says where its result will be, and that is where to look.
 */
export function findStatusLink(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined
  return (
    findLink(
      body,
      (name) => isStatusLinkName(name) && /(url|uri|link|href|location|path)$/.test(name),
    ) ??
    findNamedLink(body, ['status', 'poll', 'monitor', 'operation']) ??
    findLink(body, (name) => /^self(url|uri|link|href)?$/.test(name), true) ??
    findNamedLink(body, ['self', 'get']) ??
    resourceSelf(body) ??
    promisedResult(body)
  )
}

/** The result link of a body that, that link aside, is only a job handle. */
function promisedResult(body: Record<string, unknown>): string | undefined {
  const named = Object.keys(body).filter(
    (key) => isResultLinkName(normalizeKey(key)) && linkValue(body[key]) !== undefined,
  )
  const [first] = named
  if (first === undefined) return undefined
  const rest = Object.fromEntries(Object.entries(body).filter(([key]) => !named.includes(key)))
  return isJobHandle(rest) ? linkValue(body[first]) : undefined
}

/**
 * A field named for the status (`statusUrl`), not for a callback the server makes
 * (`statusCallbackUrl`) nor for a stream of it (`statusStreamUrl`).
 */
function isStatusLinkName(name: string): boolean {
  return (
    /status|poll|monitor|operation/.test(name) &&
    !/callback|webhook|hook|notify|stream|^sse/.test(name)
  )
}

/**
 * A status stream a body names: a field whose name says stream (or starts with sse) and ends in
 * url, uri, link or href (`streamUrl`, `status_stream_url`, `sseUrl`), or a `stream` or `sse`
 * entry of `links`, `_links` or `urls`.
 */
export function findStreamLink(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined
  return (
    findLink(body, (name) => /stream|^sse/.test(name) && /(url|uri|link|href)$/.test(name)) ??
    findNamedLink(body, ['stream', 'sse'])
  )
}

/** Link fields pollwise has always read, best first. */
const knownResultLinks = [
  'resulturl',
  'downloadlink',
  'downloadurl',
  'href',
  'resourcelocation',
  'resultlocation',
]
/**
 * What a result link's field name may start with: a word for what the work made (`outputUri`,
 * `download_link`, `export_url`), or a link word before the result (Scaleway's `href_result`). A
 * kind of content (`audio_url`, `media_url`, `file_url`) names the input a job was given as often
 * as what it made, and is never fetched as the result.
 */
const resultLink =
  /^(result|results|response|output|outputs|download|export|report|artifact)(url|uri|link|href|location)$|^(url|uri|link|href)(result|output)$/
const bareLink = /^(url|uri|link)$/

/** A body's bare `url`, `uri` or `link` that is a path or an http(s) URL, and its field. */
export function findBareLink(
  body: Record<string, unknown>,
): { key: string; link: string } | undefined {
  const key = findKey(body, (name) => bareLink.test(name))
  const link = key === undefined ? undefined : linkValue(body[key], true)
  return key === undefined || link === undefined ? undefined : { key, link }
}

/** A field named for a result link: `result_url`, `download_link`, `output_uri`. */
function isResultLinkName(name: string): boolean {
  return knownResultLinks.includes(name) || resultLink.test(name)
}

/**
 * The result links a finished status body names, best first: the fields pollwise has always read
 * (`result_url`, `download_link`, `href`, `resourceLocation`…), then any field named for a result
 * and a link (`output_url`, `downloadUri`, `export_url`), then a bare `url`, `uri` or `link`, then a
 * `result`, `output` or `download` entry of `links` or `_links`.
 */
export function findResultLinks(body: Record<string, unknown>): string[] {
  const links = knownResultLinks.map((name) => findLink(body, (key) => key === name))
  links.push(
    findLink(body, (name) => resultLink.test(name)),
    findLink(body, (name) => bareLink.test(name), true),
    findNamedLink(body, ['result', 'output', 'download', 'file', 'files', 'artifact']),
  )
  return links.filter((link) => link !== undefined)
}

const knownInline = ['result', 'response', 'output', 'data', 'results', 'outputs']

/**
 * The inline result a finished status body holds: `result`, `response`, `output`, `data`,
 * `results`, `outputs`, then any field whose name ends in result or output (`analyzeResult`,
 * `job_output`) and holds something, never an error's (`errorResult`).
 */
export function findInlineResult(body: Record<string, unknown>): { value: unknown } | undefined {
  const known = knownInline.find((key) => body[key] !== undefined)
  if (known !== undefined) return { value: body[known] }
  // A name's ending is only a guess: an empty one there (Judge0's `"compile_output": null` beside
  // a program that ran) is some stage's, not the work's result.
  const named = Object.keys(body).find((key) => {
    const name = normalizeKey(key)
    const value = body[key]
    return (
      /(result|results|output|outputs)$/.test(name) &&
      !/error|fail/.test(name) &&
      value !== undefined &&
      value !== null &&
      value !== ''
    )
  })
  return named === undefined ? undefined : { value: body[named] }
}

/** Words of a field name that make it an identifier, or the time a handle was made. */
const identifierWords = new Set([
  'id',
  'ids',
  'uuid',
  'guid',
  'name',
  'key',
  'number',
  'num',
  'no',
  'ref',
  'reference',
  'handle',
  'token',
  'ticket',
])
/**
 * Names of the work itself: a field named only that, holding a string or a number, identifies it
 * (`{"task": "oTUltX4IQMOUUVeiohTt8A:12345"}`, Elasticsearch's and OpenSearch's tasks).
 */
const workNames = new Set(['task', 'job', 'operation'])
/** Words of a field name that say when a handle was made or how long the job may take. */
const timeWords = new Set([
  'at',
  'time',
  'timestamp',
  'created',
  'submitted',
  'date',
  'duration',
  'eta',
  'expected',
  'estimated',
  'expires',
  'ttl',
  'sec',
  'secs',
  'seconds',
  'ms',
  'position',
  'cost',
  'credit',
  'credits',
  'price',
  'usage',
])
/** Fields an API puts on every answer, beside the content: a handle wrapped in them is one. */
const answerMeta = /^(error|errors|message|msg|code|success|ok|requestid|traceid|object|type|kind)$/

/**
 * Whether a body is only a job handle: an object whose fields are all identifiers (`id`, `name`,
 * `run_id`, `number_in_job`, a bare `task`, `job` or `operation`), and perhaps when it was made or how long it may take, each a string
 * or a number; or such an object under one key, beside the answer's own fields (`error: null`,
 * `code`, `message`). Such a body says where the job is, not what it made.
 */
export function isJobHandle(body: unknown): boolean {
  if (!isRecord(body)) return false
  const entries = contentOf(body)
  // `{"request_id": "r-1"}`: nothing but the answer's own fields, one of them the request's id.
  if (entries.length === 0) return isFlatHandle(Object.entries(body).filter(isIdentifier))
  const [only, other] = entries
  // `{"error": null, "data": {"video_id": "v1"}}`: the handle under one key, beside the answer's own fields.
  if (only && !other && isRecord(only[1])) return isFlatHandle(contentOf(only[1]))
  return isFlatHandle(entries)
}

/** A body's fields less those an API puts on every answer (`error: null`, `success`, `message`). */
function contentOf(body: Record<string, unknown>): [string, unknown][] {
  return Object.entries(body).filter(
    ([key, value]) => value !== null && value !== '' && !answerMeta.test(normalizeKey(key)),
  )
}

function isIdentifier([key, value]: [string, unknown]): boolean {
  const isValue = typeof value === 'string' || typeof value === 'number'
  return isValue && value !== '' && keyWords(key).some((word) => identifierWords.has(word))
}

function isFlatHandle(entries: readonly [string, unknown][]): boolean {
  if (entries.length === 0) return false
  let identifiers = 0
  for (const [key, value] of entries) {
    if (typeof value !== 'string' && typeof value !== 'number') return false
    const words = keyWords(key)
    const [only, other] = words
    const named = only !== undefined && other === undefined && workNames.has(only)
    if (named || words.some((word) => identifierWords.has(word))) identifiers += 1
    else if (!words.some((word) => timeWords.has(word))) return false
  }
  return identifiers > 0
}
