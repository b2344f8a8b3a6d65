/**
 * The cadence benchmark's chart: one panel per mode, each client a point at its requests per job
 * (x) and mean detection delay (y, log scale); in the panel without hints, the hindsight frontier
 * as a dashed line. Plain SVG, no dependencies.
 */

export interface ChartPoint {
  readonly mode: string
  readonly client: string
  readonly requestsPerJob: number
  readonly meanDelayS: number
}

const panel = { width: 300, height: 220, left: 48, top: 28, right: 16, bottom: 40 }
const colors: Record<string, string> = {
  pollwise: '#d6336c',
  google: '#1c7ed6',
  azure: '#0ca678',
  smithy: '#f08c00',
}
/** A point of the frontier's curve. */
export interface CurvePoint {
  readonly requestsPerJob: number
  readonly meanDelayS: number
}

const delayTicks = [0.1, 0.3, 1, 3, 10, 30, 100]

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * An SVG of `points`, one panel per mode in the order they first appear, with `frontier` in the
 * panel of the mode `none`.
 */
export function cadenceChart(
  points: readonly ChartPoint[],
  frontier: readonly CurvePoint[] = [],
): string {
  const modes = [...new Set(points.map((point) => point.mode))]
  const maxRequests = Math.ceil(Math.max(...points.map((p) => p.requestsPerJob)) / 5) * 5
  const innerWidth = panel.width - panel.left - panel.right
  const innerHeight = panel.height - panel.top - panel.bottom
  const [low, high] = [Math.log10(delayTicks[0] ?? 0.1), Math.log10(delayTicks.at(-1) ?? 100)]
  const x = (requests: number) => panel.left + (requests / maxRequests) * innerWidth
  const y = (delayS: number) => {
    const clamped = Math.min(high, Math.max(low, Math.log10(Math.max(delayS, 1e-3))))
    return panel.top + innerHeight - ((clamped - low) / (high - low)) * innerHeight
  }
  const panels = modes.map((mode, index) => {
    const body: string[] = [
      `<text x="${panel.width / 2}" y="16" text-anchor="middle" font-weight="bold">${escapeXml(mode)}</text>`,
      `<rect x="${panel.left}" y="${panel.top}" width="${innerWidth}" height="${innerHeight}" fill="none" stroke="#adb5bd"/>`,
    ]
    for (const tick of delayTicks) {
      body.push(
        `<line x1="${panel.left}" x2="${panel.left + innerWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#f1f3f5"/>`,
        `<text x="${panel.left - 4}" y="${y(tick) + 4}" text-anchor="end" font-size="10">${tick}</text>`,
      )
    }
    for (let requests = 0; requests <= maxRequests; requests += 5) {
      body.push(
        `<text x="${x(requests)}" y="${panel.top + innerHeight + 14}" text-anchor="middle" font-size="10">${requests}</text>`,
      )
    }
    body.push(
      `<text x="${panel.left + innerWidth / 2}" y="${panel.height - 8}" text-anchor="middle" font-size="11">requests per job</text>`,
      `<text transform="translate(12 ${panel.top + innerHeight / 2}) rotate(-90)" text-anchor="middle" font-size="11">mean delay (s)</text>`,
    )
    const curve = mode === 'none' ? frontier.filter((p) => p.requestsPerJob <= maxRequests) : []
    if (curve.length > 1) {
      const path = curve.map((p) => `${x(p.requestsPerJob)},${y(p.meanDelayS)}`).join(' ')
      const end = curve.at(-1) as CurvePoint
      body.push(
        `<polyline points="${path}" fill="none" stroke="#868e96" stroke-dasharray="4 3"><title>hindsight frontier: the least mean delay at each number of requests per job</title></polyline>`,
        `<text x="${x(end.requestsPerJob) - 4}" y="${y(end.meanDelayS) + 14}" text-anchor="end" font-size="10" fill="#868e96">frontier</text>`,
      )
    }
    const labels: { x: number; y: number }[] = []
    for (const point of points.filter((p) => p.mode === mode)) {
      const [cx, cy] = [x(point.requestsPerJob), y(point.meanDelayS)]
      const color = colors[point.client] ?? '#495057'
      // A label that would overlap one already placed goes a line lower.
      let labelY = cy - 5
      while (
        labels.some((label) => Math.abs(label.x - cx) < 50 && Math.abs(label.y - labelY) < 11)
      ) {
        labelY += 12
      }
      labels.push({ x: cx, y: labelY })
      body.push(
        `<circle cx="${cx}" cy="${cy}" r="4" fill="${color}"><title>${escapeXml(point.client)}: ${point.requestsPerJob} requests, ${point.meanDelayS} s</title></circle>`,
        `<text x="${cx + 6}" y="${labelY}" font-size="10" fill="${color}">${escapeXml(point.client)}</text>`,
      )
    }
    return `<g transform="translate(${index * panel.width} 0)">${body.join('')}</g>`
  })
  const width = modes.length * panel.width
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${panel.height}" viewBox="0 0 ${width} ${panel.height}" font-family="sans-serif">`,
    '<title>Cadence: requests per job against the mean delay in seeing the end, per client and progress mode</title>',
    `<rect width="${width}" height="${panel.height}" fill="white"/>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n')
}
