/**
 * A request's headers as Lambda events carry them (the proxy event, the REQUEST authorizer event):
 * the client's casing, the last value of a repeated header in `headers` and every value in
 * `multiValueHeaders`. `omit` names (lowercase) a header the event leaves out.
 */
export function eventHeaders(
  rawHeaders: readonly string[],
  omit?: string,
): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]
    if (omit !== undefined && name.length === omit.length && name.toLowerCase() === omit) continue
    const value = rawHeaders[i + 1]
    headers[name] = value
    ;(multiValueHeaders[name] ??= []).push(value)
  }
  return { headers, multiValueHeaders }
}
