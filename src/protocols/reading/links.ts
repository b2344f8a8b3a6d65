import { isRecord } from '../json.js'
import { keyWords, normalizeKey } from './keys.js'

/** A link value: a string, or a HAL-style `{ "href": … }`. */
function linkValue(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value
  return isRecord(value) && typeof value.href === 'string' ? linkValue(value.href) : undefined
}

/** The first link among `record`'s keys, in its own order, whose normalized name passes `test`. */
function findLink(
  record: Record<string, unknown>,
  test: (name: string) => boolean,
): string | undefined {
  for (const [key, value] of Object.entries(record)) {
    const link = test(normalizeKey(key)) ? linkValue(value) : undefined
    if (link !== undefined) return link
  }
  return undefined
}

/** The entry named `names` (in that order) of a `links`, `_links` or `urls` object. */
function findNamedLink(
  record: Record<string, unknown>,
  names: readonly string[],
): string | undefined {
  for (const holder of ['links', '_links', 'urls']) {
    const links = record[holder]
    if (!isRecord(links)) continue
    for (const name of names) {
      const link = linkValue(links[name])
      if (link !== undefined) return link
    }
  }
  return undefined
}

const linkEnding = /(url|uri|link|href|location)$/

/**
 * The status location a submit's answer names in its body, when no header does: a field whose name
 * says status, poll or monitor and ends in url, uri, link, href or location (`statusUrl`,
 * `status_url`, `statusQueryGetUri`, `poll_url`, `operationLocation`), a `status`, `poll` or
 * `monitor` entry of `links`, `_links` or `urls`, then `self`, `links.self` and `urls.get`.
 */
export function findStatusLink(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined
  return (
    findLink(body, (name) => /status|poll|monitor|operation/.test(name) && linkEnding.test(name)) ??
    findNamedLink(body, ['status', 'poll', 'monitor', 'operation']) ??
    linkValue(body.self) ??
    findNamedLink(body, ['self', 'get'])
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
/** What a result link's field name may start with: `file_url`, `outputUri`, `download_link`. */
const resultLink =
  /^(result|results|output|outputs|download|file|export|report|artifact|media|content|asset|archive|video|audio|image|document|signed|presigned)(url|uri|link|href|location)$/
const bareLink = /^(url|uri|link)$/

/**
 * The result link a finished status body names: the fields pollwise has always read
 * (`result_url`, `download_link`, `href`, `resourceLocation`…), then any field named for a result
 * and a link (`file_url`, `output_url`, `downloadUri`), then a bare `url`, `uri` or `link`, then a
 * `result`, `output` or `download` entry of `links` or `_links`.
 */
export function findResultLink(body: Record<string, unknown>): string | undefined {
  for (const name of knownResultLinks) {
    const link = findLink(body, (key) => key === name)
    if (link !== undefined) return link
  }
  return (
    findLink(body, (name) => resultLink.test(name)) ??
    findLink(body, (name) => bareLink.test(name)) ??
    findNamedLink(body, ['result', 'output', 'download', 'file', 'artifact'])
  )
}

const knownInline = ['result', 'response', 'output', 'data', 'results', 'outputs']

/**
 * The inline result a finished status body holds: `result`, `response`, `output`, `data`,
 * `results`, `outputs`, then any field whose name ends in result or output (`analyzeResult`,
 * `job_output`), never an error's (`errorResult`).
 */
export function findInlineResult(body: Record<string, unknown>): { value: unknown } | undefined {
  const known = knownInline.find((name) => body[name] !== undefined)
  if (known !== undefined) return { value: body[known] }
  const named = Object.keys(body).find((key) => {
    const name = normalizeKey(key)
    return /(result|results|output|outputs)$/.test(name) && !/error|fail/.test(name)
  })
  return named === undefined || body[named] === undefined ? undefined : { value: body[named] }
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
const timeWords = new Set(['at', 'time', 'timestamp', 'created', 'submitted', 'date'])

/**
 * Whether a body is only a job handle: an object whose fields are all identifiers (`id`, `name`,
 * `run_id`, `number_in_job`), and perhaps when it was made, each a string or a number. Such a body
 * says where the job is, not what it made.
 */
export function isJobHandle(body: unknown): boolean {
  if (!isRecord(body)) return false
  const entries = Object.entries(body)
  if (entries.length === 0) return false
  let identifiers = 0
  for (const [key, value] of entries) {
    if (typeof value !== 'string' && typeof value !== 'number') return false
    const words = keyWords(key)
    if (words.some((word) => identifierWords.has(word))) identifiers += 1
    else if (!words.some((word) => timeWords.has(word))) return false
  }
  return identifiers > 0
}
