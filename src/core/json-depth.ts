/**
 * How deep JSON the management API and OpenAPI import take: 512 levels of objects and arrays, the
 * bound templates already read request bodies with. AWS documents none; its Java services parse
 * with Jackson, whose `StreamReadConstraints` stop at 1000. Deeper input would only reach code that
 * walks it recursively (schema compilers, the importer) and turn into a stack overflow.
 */
export const MAX_JSON_DEPTH = 512

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `limit` (a scalar is depth 0,
 * `{}` and `[]` depth 1). Iterative, so it cannot itself run out of stack on what it is checking.
 */
export function exceedsJsonDepth(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]]
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!
    if (node === null || typeof node !== 'object') continue
    if (depth + 1 > limit) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1])
    }
  }
  return false
}
