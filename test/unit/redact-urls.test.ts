import { describe, expect, it } from 'vitest'
import { redactUrls } from '../../src/redact-urls.js'

describe('redactUrls', () => {
  it.each([
    [
      'an Azure SAS URL',
      'GET https://acct.blob.core.windows.net/c/r.csv?sv=2024-11-04&se=2026-12-05T00%3A00Z&sp=r&sig=Zm9v%2Bbar%3D',
      'GET https://acct.blob.core.windows.net/c/r.csv?sv=REDACTED&se=REDACTED&sp=REDACTED&sig=REDACTED',
    ],
    [
      'an S3 presigned URL',
      'from https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abc123 after',
      'from https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED after',
    ],
    [
      'a key and a token',
      '"https://api.example.com/s?key=k1&access_token=t.2"',
      '"https://api.example.com/s?key=REDACTED&access_token=REDACTED"',
    ],
  ])('hides every query value of %s', (_, message, shown) => {
    expect(redactUrls(message)).toBe(shown)
  })

  it('shows api-version, whatever its case, and hides the rest', () => {
    expect(redactUrls('https://x.example.com/ops/1?API-Version=2024-05-01&code=abc')).toBe(
      'https://x.example.com/ops/1?API-Version=2024-05-01&code=REDACTED',
    )
  })

  it('keeps what closes a parenthesis or a clause after a value, and a parenthesis inside one stays hidden', () => {
    expect(redactUrls('Unknown word (https://x.example.com/s?sig=abc); the server says: no.')).toBe(
      'Unknown word (https://x.example.com/s?sig=REDACTED); the server says: no.',
    )
    expect(redactUrls('at https://x.example.com/s?sig=a)b.c')).toBe(
      'at https://x.example.com/s?sig=REDACTED',
    )
  })

  it('hides a value inside a JSON excerpt without eating its escaped quote', () => {
    expect(redactUrls('"{\\"url\\":\\"https://f.example.com/r?sig=abc\\"}"')).toBe(
      '"{\\"url\\":\\"https://f.example.com/r?sig=REDACTED\\"}"',
    )
  })

  it('hides userinfo, the user as well as the password', () => {
    expect(redactUrls('"https://robot:hunter2@api.example.com/x" and //me@host/y')).toBe(
      '"https://***@api.example.com/x" and //***@host/y',
    )
  })

  it('hides a password that holds an @ whole, as a URL parser reads the userinfo up to the last @', () => {
    expect(redactUrls('Unparseable location "http://robot:p@ss@[::1/x"')).toBe(
      'Unparseable location "http://***@[::1/x"',
    )
    expect(new URL('http://robot:p@ss@h.example.com/').password).toBe('p%40ss')
    expect(redactUrls('at //robot:p@ss@h.example.com/a@b?x')).toBe('at //***@h.example.com/a@b?x')
  })

  it("hides the values of a fragment's parameters, where a browser flow carries its token, and keeps a plain fragment", () => {
    expect(
      redactUrls('at https://app.example.com/cb#access_token=t.1&token_type=Bearer&state=s'),
    ).toBe('at https://app.example.com/cb#access_token=REDACTED&token_type=REDACTED&state=REDACTED')
    expect(redactUrls('at https://x.example.com/r?sig=a#frag=b')).toBe(
      'at https://x.example.com/r?sig=REDACTED#frag=REDACTED',
    )
    expect(redactUrls('see https://x.example.com/docs#section-2')).toBe(
      'see https://x.example.com/docs#section-2',
    )
  })

  it("hides the values of a path segment's parameters, where a rewritten URL carries its session", () => {
    expect(redactUrls('at https://app.example.com/jobs/1;jsessionid=A1B2;v=2/result?x=1')).toBe(
      'at https://app.example.com/jobs/1;jsessionid=REDACTED;v=REDACTED/result?x=REDACTED',
    )
    expect(redactUrls('at https://x.example.com/a;b/c; then it stopped')).toBe(
      'at https://x.example.com/a;b/c; then it stopped',
    )
  })

  it('leaves a message without a query or userinfo as it is', () => {
    const message = 'Operation failed at https://api.example.com/jobs/1/@me: out of paper? yes'
    expect(redactUrls(message)).toBe(message)
  })

  it("takes time in proportion to a server's text, however it is made (no backtracking over it)", () => {
    const long = 200_000
    const started = performance.now()
    const shown = redactUrls(
      `failed: https://x.example.com/r?sig=${')'.repeat(long)}x and //${'a'.repeat(long)}`,
    )
    expect(performance.now() - started).toBeLessThan(500)
    expect(shown.startsWith('failed: https://x.example.com/r?sig=REDACTED and //')).toBe(true)
  })
})
