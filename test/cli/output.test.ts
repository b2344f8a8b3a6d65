import { describe, expect, it } from 'vitest'
import { resultOutput } from '../../src/cli/output.js'

describe('resultOutput', () => {
  it('writes JSON compact on one line, for jq', async () => {
    expect(await resultOutput({ url: '/r/1', rows: [1, 2] })).toBe('{"url":"/r/1","rows":[1,2]}\n')
    expect(await resultOutput([])).toBe('[]\n')
    expect(await resultOutput(null)).toBe('null\n')
    expect(await resultOutput(42)).toBe('42\n')
    expect(await resultOutput(false)).toBe('false\n')
  })

  it('writes a string as it is, with nothing added', async () => {
    expect(await resultOutput('line one\nline two')).toBe('line one\nline two')
  })

  it("writes a Blob's bytes raw", async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff])
    expect(await resultOutput(new Blob([bytes], { type: 'application/pdf' }))).toEqual(bytes)
  })

  it('writes nothing for an operation without a result', async () => {
    expect(await resultOutput(undefined)).toBeUndefined()
  })
})
