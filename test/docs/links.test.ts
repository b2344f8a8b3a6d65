import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README and docs/ link to each other by relative paths, often to a heading: a renamed page or
 * heading breaks them silently, in the repository and in the published package alike. The package
 * ships the README and docs/ but docs/api, so a relative link stays among those; a link to any other
 * file of the repository is absolute, to GitHub, and names a file that exists.
 */
const root = join(import.meta.dirname, '..', '..')
const repository = 'https://github.com/pollwise/pollwise/blob/main/'

/** Whether a file, relative to the root, ships in the package (package.json "files"). */
function shipped(path: string): boolean {
  return path === 'README.md' || (path.startsWith('docs/') && !path.startsWith('docs/api/'))
}

function pages(): string[] {
  const found = ['README.md']
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) found.push(path)
    }
  }
  walk('docs')
  return found.sort()
}

/** The text outside fenced code blocks and inline code, where links live. */
function prose(text: string): string {
  return text.replace(/^\s*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\1\s*$/gm, '').replace(/`[^`\n]*`/g, '')
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading = ''] of prose(text).matchAll(/^#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    result.add(count === 0 ? slug : `${slug}-${count}`)
  }
  // Headings written in code keep their words: `### \`Unknown status word\`` and the like.
  for (const [, heading = ''] of text.matchAll(/^#{1,6}\s+(.*?)\s*$/gm)) {
    result.add(
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    )
  }
  return result
}

describe('links between the README and docs/', () => {
  const all = pages()

  it.each(all)('%s links only to pages and headings that exist', (page) => {
    const text = readFileSync(join(root, page), 'utf8')
    const broken: string[] = []
    for (const [, target = ''] of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (target.startsWith(repository)) {
        const path = target.slice(repository.length).split('#')[0] ?? ''
        if (!existsSync(join(root, path))) broken.push(`${target}: no ${path} in the repository`)
        continue
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:...
      const [path = '', anchor] = target.split('#')
      const file = path === '' ? join(root, page) : join(root, dirname(page), path)
      if (!existsSync(file)) {
        broken.push(`${target}: no ${relative(root, file)}`)
        continue
      }
      if (shipped(page) && !shipped(relative(root, file))) {
        broken.push(`${target}: ${relative(root, file)} is not in the package; link ${repository}…`)
        continue
      }
      if (anchor && statSync(file).isFile() && file.endsWith('.md')) {
        const decoded = decodeURIComponent(anchor).toLowerCase()
        if (!anchors(readFileSync(file, 'utf8')).has(decoded)) {
          broken.push(`${target}: no heading #${anchor} in ${relative(root, file)}`)
        }
      }
    }
    expect(broken).toEqual([])
  })
})
