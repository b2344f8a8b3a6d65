import { Session } from 'node:inspector/promises'
import { getHeapSnapshot } from 'node:v8'
import { sourceLine } from './source-map.js'

/** Live objects by kind (`Promise`, `(closure) onAbort`, `(string)`…): how many and their bytes. */
export type HeapCensus = Map<string, { count: number; bytes: number }>

/** Two counts of one heap: objects by their own kind, and bytes folded into their owner. */
export interface HeapCounts {
  /** Every object by its own kind. */
  readonly byKind: HeapCensus
  /**
   * Internal objects (property and element stores, shapes, closure contexts, promise reactions)
   * counted with the first JavaScript object or closure that holds them, so that the bytes read as
   * "an AbortSignal with its listeners", "a closure with its context".
   */
  readonly byOwner: HeapCensus
}

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[]
      node_types: [string[]]
      edge_fields: string[]
      edge_types: [string[]]
      location_fields: string[]
    }
  }
  nodes: number[]
  edges: number[]
  locations: number[]
  strings: string[]
}

/** The URL of every script loaded, by V8 script id, to name where a closure was created. */
async function scriptUrls(): Promise<Map<number, string>> {
  const session = new Session()
  session.connect()
  const urls = new Map<number, string>()
  session.on('Debugger.scriptParsed', ({ params }) => urls.set(Number(params.scriptId), params.url))
  await session.post('Debugger.enable')
  await session.post('Debugger.disable')
  session.disconnect()
  return urls
}

/** Kinds that are a JavaScript value in their own right; the rest are folded into an owner. */
const ownTypes = new Set([
  'object',
  'closure',
  'string',
  'concatenated string',
  'sliced string',
  'number',
])

/**
 * Takes a V8 heap snapshot of this process and counts its objects by constructor (objects), by
 * function name (closures) or by kind (strings, arrays, code...). Self sizes only.
 */
export async function heapCensus(): Promise<HeapCounts> {
  const urls = await scriptUrls()
  const chunks: string[] = []
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk))
  const parsed = JSON.parse(chunks.join('')) as Snapshot
  chunks.length = 0
  const { meta } = parsed.snapshot
  const width = meta.node_fields.length
  const typeAt = meta.node_fields.indexOf('type')
  const nameAt = meta.node_fields.indexOf('name')
  const sizeAt = meta.node_fields.indexOf('self_size')
  const edgeCountAt = meta.node_fields.indexOf('edge_count')
  const edgeWidth = meta.edge_fields.length
  const edgeTypeAt = meta.edge_fields.indexOf('type')
  const edgeToAt = meta.edge_fields.indexOf('to_node')
  const weak = meta.edge_types[0].indexOf('weak')
  const types = meta.node_types[0]
  const { nodes, edges, strings } = parsed
  const count = nodes.length / width
  const kinds: string[] = new Array(count)
  const owned: boolean[] = new Array(count)
  for (let node = 0; node < count; node += 1) {
    const type = types[nodes[node * width + typeAt] as number] ?? 'unknown'
    kinds[node] = kindOf(type, strings[nodes[node * width + nameAt] as number] ?? '')
    owned[node] = ownTypes.has(type) && !kinds[node]?.startsWith('(system)')
  }
  // Plain objects are told apart by their first property names: `Object {state, status, …}`.
  const edgeNameAt = meta.edge_fields.indexOf('name_or_index')
  const property = meta.edge_types[0].indexOf('property')
  for (let node = 0, edge = 0; node < count; node += 1) {
    const edgeCount = nodes[node * width + edgeCountAt] as number
    if (kinds[node] === 'Object') {
      const names: string[] = []
      for (let i = 0; i < edgeCount && names.length < 5; i += 1) {
        const at = edge + i * edgeWidth
        if (edges[at + edgeTypeAt] !== property) continue
        const name = strings[edges[at + edgeNameAt] as number] ?? ''
        if (name !== '__proto__') names.push(name)
      }
      kinds[node] = `Object {${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}}`
    }
    edge += edgeCount * edgeWidth
  }
  // Closures are told apart by where their function is written (mapped back to the source).
  const locationWidth = meta.location_fields.length
  const locations = parsed.locations ?? []
  for (let i = 0; i < locations.length; i += locationWidth) {
    const node = (locations[i] as number) / width
    if (!kinds[node]?.startsWith('(closure)')) continue
    const url = urls.get(locations[i + 1] as number) ?? '?'
    kinds[node] =
      `${kinds[node]} ${sourceLine(url, locations[i + 2] as number, locations[i + 3] as number)}`
  }
  // The first retainer that is a value of its own becomes an internal object's owner. Internal
  // objects retained by internal objects (a context's parent, a shape's descriptors) inherit.
  const owner: Int32Array = new Int32Array(count).fill(-1)
  for (let pass = 0; pass < 3; pass += 1) {
    let edge = 0
    for (let node = 0; node < count; node += 1) {
      const edgeCount = nodes[node * width + edgeCountAt] as number
      const from = owned[node] ? node : (owner[node] as number)
      for (let i = 0; i < edgeCount; i += 1, edge += edgeWidth) {
        if (from === -1 || edges[edge + edgeTypeAt] === weak) continue
        const to = (edges[edge + edgeToAt] as number) / width
        if (!owned[to] && owner[to] === -1) owner[to] = from
      }
    }
  }
  const byKind: HeapCensus = new Map()
  const byOwner: HeapCensus = new Map()
  const add = (census: HeapCensus, key: string, bytes: number, objects: number) => {
    const entry = census.get(key) ?? { count: 0, bytes: 0 }
    entry.count += objects
    entry.bytes += bytes
    census.set(key, entry)
  }
  for (let node = 0; node < count; node += 1) {
    const bytes = nodes[node * width + sizeAt] as number
    const kind = kinds[node] as string
    add(byKind, kind, bytes, 1)
    const holder = owned[node] ? node : (owner[node] as number)
    add(byOwner, holder === -1 ? kind : (kinds[holder] as string), bytes, holder === node ? 1 : 0)
  }
  return { byKind, byOwner }
}

function kindOf(type: string, name: string): string {
  switch (type) {
    case 'object':
      return name.startsWith('system / ') ? `(system) ${name.slice(9, 60)}` : name.slice(0, 60)
    case 'closure':
      return `(closure) ${name || 'anonymous'}`
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)'
    case 'number':
      return '(heap number)'
    case 'code':
      return '(compiled code)'
    default:
      return `(${type}) ${name.slice(0, 40)}`
  }
}

/** What `after` holds beyond `before`, per one of `n` units, the largest first. */
export function censusDiff(
  before: HeapCensus,
  after: HeapCensus,
  n: number,
  top = 25,
): Array<{ kind: string; perOp: number; bytesPerOp: number }> {
  return [...after]
    .map(([kind, { count, bytes }]) => {
      const was = before.get(kind) ?? { count: 0, bytes: 0 }
      return {
        kind,
        perOp: Math.round(((count - was.count) / n) * 100) / 100,
        bytesPerOp: Math.round((bytes - was.bytes) / n),
      }
    })
    .filter((entry) => entry.bytesPerOp > 0)
    .sort((a, b) => b.bytesPerOp - a.bytesPerOp)
    .slice(0, top)
}
