/**
 * Velocity 1.7's whitespace rules (what Velocity 2 calls `space.gobbling = bc`), applied to the
 * flat token list before blocks are nested:
 *
 * - `#set(...)` also eats the spaces and tabs before it (its token starts with `(" "|"\t")*`);
 * - a directive whose token ends the line — `#set(...)`, `#if(...)`, `#elseif(...)`, `#else`,
 *   `#end`, `#foreach(...)`, `#macro(...)`, a macro call — eats the trailing spaces, tabs and the
 *   one newline after it;
 * - a `##` comment eats its newline.
 *
 * Indentation before `#if`, `#foreach`, `#else` and `#end` stays in the output, which is why AWS's
 * rendered JSON is often oddly indented.
 */

export type FlatToken = string | { readonly type: string; readonly value?: unknown; readonly [key: string]: unknown }

const EATS_TRAILING_NEWLINE = new Set(['set', 'if', 'elseif', 'else', 'end', 'foreach', 'macro', 'macro_call', 'define', 'noescape', 'macro_body'])
const TRAILING_LINE_END = /^[ \t]*(?:\r\n|\n|\r)/
const LINE_END = /^(?:\r\n|\n|\r)/

export function gobbleWhitespace(tokens: readonly FlatToken[]): FlatToken[] {
  // Adjacent text tokens are merged first so a rule never misses a newline split across two tokens.
  const merged: FlatToken[] = []
  for (const token of tokens) {
    const last = merged[merged.length - 1]
    if (typeof token === 'string' && typeof last === 'string') merged[merged.length - 1] = last + token
    else merged.push(token)
  }
  for (let i = 0; i < merged.length; i++) {
    const token = merged[i]
    if (typeof token === 'string') continue
    const next = merged[i + 1]
    if (token.type === 'set') {
      const previous = merged[i - 1]
      if (typeof previous === 'string') merged[i - 1] = previous.replace(/[ \t]+$/, '')
    }
    if (typeof next !== 'string') continue
    if (EATS_TRAILING_NEWLINE.has(token.type)) {
      merged[i + 1] = next.replace(TRAILING_LINE_END, '')
    } else if (token.type === 'comment' && typeof token.value === 'string' && token.value.startsWith('##')) {
      merged[i + 1] = next.replace(LINE_END, '')
    }
  }
  return merged.filter((token) => token !== '')
}
