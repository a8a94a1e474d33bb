/**
 * An IAM wildcard pattern as an anchored regular expression: `*` any run of characters (`/`
 * included), `?` exactly one. ARNs and condition values compare case-sensitively, actions do not.
 */
export function wildcardPattern(pattern: string, ignoreCase = false): RegExp {
  let source = ''
  for (const ch of pattern) {
    if (ch === '*') source += '.*'
    else if (ch === '?') source += '.'
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's')
}
