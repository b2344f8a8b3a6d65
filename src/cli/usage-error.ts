/**
 * Bad input on the command line or in a file it names: the message says what is wrong, and the
 * command exits with the usage code after pointing to `--help`.
 */
export class UsageError extends Error {
  override name = 'UsageError'
}
