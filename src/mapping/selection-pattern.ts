import { compileJavaRegex } from '../vtl/java-regex.ts'

/**
 * `selectionPattern` is a Java regular expression that must match the whole string (Java's
 * `String.matches`): HTTP and MOCK test it against the status code, Lambda non-proxy against
 * `errorMessage`. As in Java, `.` stops at a line break unless the pattern says `(?s)`, so `.+`
 * does not match a multi-line message (API reference, IntegrationResponse.selectionPattern) while
 * `(\n|.)+` or `(?s).+` does. Compiled once at deploy time; a pattern JavaScript cannot read never
 * matches, which is what AWS does with a pattern that cannot match.
 */
export function compileSelectionPattern(pattern: string): RegExp | undefined {
  let translated: RegExp
  try {
    // Java's own syntax (`(?s)`, `\A`, `\Q...\E`, `\p{Alpha}`) translated.
    translated = compileJavaRegex(pattern)
  } catch {
    // compileJavaRegex refuses repeated ambiguous groups in templates; a selection pattern is the API
    // owner's own configuration, and AWS's documented multi-line idiom `(\n|.)+` is one of them.
    try {
      translated = new RegExp(pattern)
    } catch {
      return undefined
    }
  }
  try {
    return new RegExp(`^(?:${translated.source})$`, translated.flags.replace('g', ''))
  } catch {
    return undefined
  }
}
