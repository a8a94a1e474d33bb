/**
 * `selectionPattern` is a Java regular expression that must match the whole string (Java's
 * `String.matches`): HTTP and MOCK test it against the status code, Lambda non-proxy against
 * `errorMessage`. Compiled once at deploy time; a pattern JavaScript cannot read never matches,
 * which is what AWS does with a pattern that cannot match.
 */
export function compileSelectionPattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`)
  } catch {
    return undefined
  }
}
