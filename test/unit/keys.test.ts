import { describe, expect, it } from 'vitest'
import { keyWords } from '../../src/protocols/reading/keys.js'

describe('keyWords', () => {
  it('splits camel case, snake case and runs of capitals into lower-case words', () => {
    expect(keyWords('number_in_job')).toEqual(['number', 'in', 'job'])
    expect(keyWords('numberInJob')).toEqual(['number', 'in', 'job'])
    expect(keyWords('HTTPStatusURL')).toEqual(['http', 'status', 'url'])
    expect(keyWords('ABCDeFGh')).toEqual(['abc', 'de', 'f', 'gh'])
    expect(keyWords('RunID')).toEqual(['run', 'id'])
  })

  it("takes time in proportion to a server's field name, however it is made (no backtracking over it)", () => {
    const long = 200_000
    const started = performance.now()
    const words = keyWords(`${'A'.repeat(long)}_id`)
    expect(performance.now() - started).toBeLessThan(500)
    expect(words).toEqual(['a'.repeat(long), 'id'])
  })
})
