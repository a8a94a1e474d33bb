/**
 * The query string as API Gateway decodes it for the proxy event and `$input.params()` (recorded:
 * test_apigateway_lambda > test_lambda_aws_proxy_integration > invocation-payload-with-params-encoding,
 * invocation-payload-with-params-encoding-multi):
 * values are form-decoded (`+` is a space, `%2B` a plus), a key without `=` has the value '', and a
 * repeated key keeps every value in order — the single-value view takes the last.
 */
export function parseQueryString(rawQuery: string): Map<string, string[]> {
  const values = new Map<string, string[]>()
  if (rawQuery === '') return values
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const key = formDecode(equals === -1 ? pair : pair.slice(0, equals))
    const value = equals === -1 ? '' : formDecode(pair.slice(equals + 1))
    if (key === '') continue
    const list = values.get(key)
    if (list === undefined) values.set(key, [value])
    else list.push(value)
  }
  return values
}

function formDecode(text: string): string {
  // Nearly every name and value has neither: decoding would give back the same text.
  if (!text.includes('%') && !text.includes('+')) return text
  const spaced = text.replaceAll('+', ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    // A malformed escape is passed on as sent rather than failing the request.
    return spaced
  }
}

/** The single-value view: the last value of each key. */
export function lastValues(query: ReadonlyMap<string, readonly string[]>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, list] of query) result[key] = list[list.length - 1]
  return result
}
