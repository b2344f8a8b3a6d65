import { azure } from '../azure.js'
import { google } from '../google.js'
import type { ClientOptions } from '../index.js'
import type { CliProtocolName, RunConfig } from './args.js'

type HeaderList = Array<[string, string]>

/**
 * The command line speaks every convention with no flag: Google's and Azure's are detected (and a
 * saved token may name them), as the built-in ones are. Its size matters to no page.
 */
const conventions = [google, azure]

/** `--protocol NAME` as the client's `protocol` option. */
function protocolOption(name: CliProtocolName): NonNullable<ClientOptions['protocol']> {
  return name === 'azure' ? azure : name === 'google' ? google : name
}

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
    conventions,
    ...(source.kind === 'start' && source.timeoutMs !== undefined
      ? { timeoutMs: source.timeoutMs }
      : {}),
    ...(source.kind === 'start' && source.protocol !== undefined
      ? { protocol: protocolOption(source.protocol) }
      : {}),
  }
}

/** The submit's own headers: `content-type`, when `-H` gave one. */
export function submitHeaders(config: RunConfig): HeaderList {
  return config.headers.filter(([name]) => name === 'content-type') as HeaderList
}
