import { keepRecent } from '../../recent.js'

/**
 * A field name without case, `_`, `-` or `$`: `run_id`, `runId` and `RunID` are one. Zero
 * configuration matches fields by these names.
 */
export const normalizeKey: (key: string) => string = keepRecent((key) =>
  key.toLowerCase().replace(/[\s_$-]/g, ''),
)

/** The words of a field name: `number_in_job` and `numberInJob` give `number`, `in`, `job`. */
export function keyWords(key: string): string[] {
  // The last capital of a run that starts a word (`HTTPStatus`): a lookahead, not `[A-Z]+`, which
  // would try every length of a long run from each of its letters (quadratic in a server's key).
  return key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word !== '')
}

/** The first key of `record`, in its own order, whose normalized name passes `test`. */
export function findKey(
  record: Record<string, unknown>,
  test: (normalized: string) => boolean,
): string | undefined {
  for (const key in record) if (Object.hasOwn(record, key) && test(normalizeKey(key))) return key
  return undefined
}
