import type { ClientOptions } from '../index.js'
import type { RunConfig } from './args.js'

type HeaderList = Array<[string, string]>

/**
 * The client a run needs, from its settled config: `-H` headers on every request except
 * `content-type`, which describes the submit's body and goes with the submit alone. Credential
 * headers go to the submit URL's origin and the `--trust` origins; a resumed run has no submit
 * URL, and the origins its token names are not trusted for it (the file may not be yours).
 */
export function clientOptions(config: RunConfig): ClientOptions {
  const { source, backoff } = config
  const headers = config.headers.filter(([name]) => name !== 'content-type') as HeaderList
  return {
    headers,
    backoff: { ...backoff },
    trustedOrigins: [...config.trustedOrigins],
    ...(source.kind === 'start' && source.timeoutMs !== undefined
      ? { timeoutMs: source.timeoutMs }
      : {}),
    ...(source.kind === 'start' && source.protocol !== undefined
      ? { protocol: source.protocol }
      : {}),
  }
}

/** The submit's own headers: `content-type`, when `-H` gave one. */
export function submitHeaders(config: RunConfig): HeaderList {
  return config.headers.filter(([name]) => name === 'content-type') as HeaderList
}
