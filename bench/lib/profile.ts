import { Session } from 'node:inspector/promises'
import { sourceLine } from './source-map.js'

/** The parts of a V8 `.cpuprofile` this summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    hitCount?: number
  }>
  startTime: number
  endTime: number
  samples?: number[]
}

/** Profiles `task` in this process (the `node --cpu-prof` format, limited to the task itself). */
export async function profile(task: () => Promise<void>, intervalUs = 100): Promise<CpuProfile> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs })
    await session.post('Profiler.start')
    await task()
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }
    return profile
  } finally {
    session.disconnect()
  }
}

export interface SelfTime {
  readonly name: string
  /** Self time in ms. */
  readonly ms: number
  /** Share of the busy (non-idle) time, in percent. */
  readonly percent: number
}

/** Where an url's code comes from: pollwise, a dependency, undici (fetch), Node, V8. */
export function origin(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC'
    if (functionName === '(program)') return 'V8 (program)'
    return 'V8 / C++ builtins (socket writes, microtasks...)'
  }
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (dependency) return dependency[1] as string
  if (url.includes('/src/') || url.includes('/dist/')) return 'pollwise'
  if (url.includes('undici')) return 'undici (fetch)'
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:')
  if (url.includes('/bench/')) return 'bench harness'
  return url
}

/** Self time per function and per origin, busiest first; `(idle)` is left out of the shares. */
export function summarize(
  profile: CpuProfile,
  top = 20,
): { busyMs: number; functions: SelfTime[]; origins: SelfTime[] } {
  const samples = profile.samples?.length ?? 0
  const msPerSample = samples === 0 ? 0 : (profile.endTime - profile.startTime) / 1000 / samples
  const byFunction = new Map<string, number>()
  const byOrigin = new Map<string, number>()
  let busyMs = 0
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    if (functionName === '(idle)' || !node.hitCount) continue
    const ms = node.hitCount * msPerSample
    busyMs += ms
    const name =
      url === ''
        ? functionName
        : `${functionName || '(anonymous)'} ${sourceLine(url, lineNumber, columnNumber)}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
    const from = origin(url, functionName)
    byOrigin.set(from, (byOrigin.get(from) ?? 0) + ms)
  }
  const list = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => ({
        name,
        ms: Math.round(ms * 10) / 10,
        percent: Math.round((ms / busyMs) * 1000) / 10,
      }))
  return {
    busyMs: Math.round(busyMs),
    functions: list(byFunction, top),
    origins: list(byOrigin, 15),
  }
}
