/** `--name value` from the command line as a number, else `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  const value = index === -1 ? undefined : Number(process.argv[index + 1])
  if (value === undefined) return fallback
  if (!Number.isFinite(value)) throw new TypeError(`Expected --${name} to be a number`)
  return value
}

/** Whether `--name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`)
}
