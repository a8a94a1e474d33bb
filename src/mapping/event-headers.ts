/**
 * Header names a REST API's Lambda events carry in their canonical casing whatever casing the client
 * used; every other name keeps the client's casing. `Authorization` is recorded: the client sent
 * `authorization` and `aUThorization`, the event has `Authorization`, while `tEsT-HEADeR` stays as sent
 * (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration > invocation-payload-without-trailing-slash,
 * invocation-payload-with-params-encoding-multi). `Cookie` and `User-Agent` no recording has: users
 * report `cookie` arriving as `Cookie`, and LocalStack treats `User-Agent` as `Authorization`
 * (CloudFront's handling of the headers it forwards, CloudFront developer guide, "Adding custom headers
 * to origin requests").
 */
const CANONICAL_NAMES: ReadonlyMap<string, string> = new Map(['Authorization', 'Cookie', 'User-Agent'].map((name) => [name.toLowerCase(), name]))

/**
 * A request's headers as Lambda events carry them (the proxy event, the REQUEST authorizer event):
 * the client's casing but for CANONICAL_NAMES, the last value of a repeated header in `headers` and
 * every value in `multiValueHeaders`. `omit` names (lowercase) a header the event leaves out.
 */
export function eventHeaders(
  rawHeaders: readonly string[],
  omit?: string,
): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const sent = rawHeaders[i]
    const lower = sent.toLowerCase()
    if (omit !== undefined && lower === omit) continue
    const name = CANONICAL_NAMES.get(lower) ?? sent
    const value = rawHeaders[i + 1]
    headers[name] = value
    ;(multiValueHeaders[name] ??= []).push(value)
  }
  return { headers, multiValueHeaders }
}
