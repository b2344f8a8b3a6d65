/**
 * A small SVG writer for the benchmark charts: horizontal bars, optionally stacked, with value
 * labels, a dashed target line and a legend. No chart library; plain strings.
 */

export interface Segment {
  readonly value: number
  /** The legend entry; segments of the same name share a colour across bars. */
  readonly name?: string
}

export interface Bar {
  readonly label: string
  readonly segments: readonly Segment[]
  /** Shown after the bar; defaults to the total with the unit. */
  readonly note?: string
  /** Draws the bar in the highlight colour (the library under test). */
  readonly highlight?: boolean
}

export interface BarChart {
  readonly title: string
  readonly unit: string
  readonly bars: readonly Bar[]
  readonly target?: { readonly value: number; readonly label: string }
  /** The axis's end; defaults to the largest bar or target with some room. */
  readonly max?: number
}

const palette = ['#2f6fbd', '#e08a2e', '#4e9f50', '#b94a48', '#7d5ba6', '#8c8c8c', '#c7a233']
const plain = '#9aa5b1'
const highlight = '#2f6fbd'

const width = 760
const labelWidth = 190
const noteWidth = 150
const barHeight = 22
const gap = 10
const top = 60

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function format(value: number): string {
  if (value >= 100) return String(Math.round(value))
  if (value >= 10) return value.toFixed(1).replace(/\.0$/, '')
  return value.toFixed(2).replace(/\.?0+$/, '')
}

/** A horizontal bar chart as an SVG document. */
export function barChart(chart: BarChart): string {
  const names = [
    ...new Set(chart.bars.flatMap((bar) => bar.segments.map((segment) => segment.name))),
  ].filter((name): name is string => name !== undefined)
  const colourOf = (name: string | undefined, bar: Bar) =>
    name === undefined
      ? bar.highlight
        ? highlight
        : plain
      : (palette[names.indexOf(name) % palette.length] as string)
  const totals = chart.bars.map((bar) => bar.segments.reduce((sum, s) => sum + s.value, 0))
  const max = chart.max ?? Math.max(...totals, chart.target?.value ?? 0) * 1.05
  const plotWidth = width - labelWidth - noteWidth
  const x = (value: number) => labelWidth + (max === 0 ? 0 : (value / max) * plotWidth)
  // The legend flows in rows under the plot.
  const legend: Array<{ name: string; x: number; row: number }> = []
  let legendX = labelWidth
  let legendRow = 0
  for (const name of names) {
    const itemWidth = 16 + name.length * 7.5 + 18
    if (legendX + itemWidth > width - 10 && legendX > labelWidth) {
      legendX = labelWidth
      legendRow += 1
    }
    legend.push({ name, x: legendX, row: legendRow })
    legendX += itemWidth
  }
  const legendHeight = names.length > 0 ? 22 * (legendRow + 1) + 4 : 0
  const plotHeight = chart.bars.length * (barHeight + gap)
  const height = top + plotHeight + legendHeight + 24

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="15" font-weight="600" fill="#1f2933">${escapeXml(chart.title)}</text>`,
  ]
  chart.bars.forEach((bar, index) => {
    const y = top + index * (barHeight + gap)
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + barHeight / 2 + 4}" text-anchor="end" fill="#1f2933"${bar.highlight ? ' font-weight="600"' : ''}>${escapeXml(bar.label)}</text>`,
    )
    let start = 0
    for (const segment of bar.segments) {
      const x0 = x(start)
      const x1 = x(start + segment.value)
      parts.push(
        `<rect x="${x0.toFixed(1)}" y="${y}" width="${Math.max(0, x1 - x0).toFixed(1)}" height="${barHeight}" fill="${colourOf(segment.name, bar)}"><title>${escapeXml(`${segment.name ?? bar.label}: ${format(segment.value)} ${chart.unit}`)}</title></rect>`,
      )
      start += segment.value
    }
    const note = bar.note ?? `${format(totals[index] as number)} ${chart.unit}`
    parts.push(
      `<text x="${(x(start) + 6).toFixed(1)}" y="${y + barHeight / 2 + 4}" fill="#1f2933">${escapeXml(note)}</text>`,
    )
  })
  const axisY = top + plotHeight
  parts.push(
    `<line x1="${labelWidth}" y1="${top - 6}" x2="${labelWidth}" y2="${axisY}" stroke="#52606d"/>`,
  )
  if (chart.target) {
    const tx = x(chart.target.value).toFixed(1)
    parts.push(
      `<line x1="${tx}" y1="${top - 10}" x2="${tx}" y2="${axisY}" stroke="#b94a48" stroke-width="1.5" stroke-dasharray="5 4"/>`,
      `<text x="${tx}" y="${top - 14}" text-anchor="middle" font-size="12" fill="#b94a48">${escapeXml(chart.target.label)}</text>`,
    )
  }
  for (const item of legend) {
    const y = axisY + 14 + item.row * 22
    parts.push(
      `<rect x="${item.x}" y="${y}" width="12" height="12" fill="${colourOf(item.name, { label: '', segments: [] })}"/>`,
      `<text x="${item.x + 16}" y="${y + 10}" fill="#1f2933">${escapeXml(item.name)}</text>`,
    )
  }
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
