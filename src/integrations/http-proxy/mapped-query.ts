/**
 * Mapped `integration.request.querystring.*` values are added after what the URI (and, for HTTP_PROXY, the client)
 * already carries, never in place of it: a name the URI also sets reaches the backend twice, the URI's value first
 * (recorded: test_apigateway_http > test_http_proxy_integration_request_data_mappings > http-proxy-invocation, where
 * the backend read `testQs` as `bar,foo`: `bar` from the URI, `foo` mapped).
 */
export function appendMappedQuery(target: URL, mapped: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(mapped)) target.searchParams.append(name, value)
}
