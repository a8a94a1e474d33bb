import type { EndpointAddress } from '../http/endpoint-address.ts'
import type { FixedEndpointUri } from './endpoint-uri.ts'

/**
 * The client's query string after what the URI itself carries (recorded: test_apigateway_http >
 * test_http_proxy_integration_request_data_mappings > http-proxy-invocation: `testVar` from the URI then the client).
 * The URL's `search` setter percent-encodes what the WHATWG URL standard's query state does.
 */
export function appendClientQuery(target: URL, rawQuery: string): void {
  if (rawQuery !== '') target.search = target.search === '' ? `?${rawQuery}` : `${target.search}&${rawQuery}`
}

/**
 * Printable ASCII but for what the URL parser's query state percent-encodes in an http(s) URL (space, `"`, `#`,
 * `'`, `<`, `>`; controls and non-ASCII are outside the range): a query of these characters only is set as it is.
 */
const KEPT_AS_IS = /^[!$-&(-;=?-~]*$/

/**
 * The address of a URI without variables with the client's query appended, the same as `appendClientQuery`
 * on a parse of the URI gives, but without a URL parse per request; undefined for a query the URL parser
 * would change (the caller takes the parsing path for it).
 */
export function fixedAddressWithQuery(uri: FixedEndpointUri, rawQuery: string): EndpointAddress | undefined {
  if (rawQuery === '') return new FixedAddress(uri, uri.pathname + uri.search, rawQuery)
  if (!KEPT_AS_IS.test(rawQuery)) return undefined
  return new FixedAddress(uri, uri.search === '' ? `${uri.pathname}?${rawQuery}` : `${uri.pathname}${uri.search}&${rawQuery}`, rawQuery)
}

/** A class rather than a literal with a closure: one small object per request, its URL built only for a log line. */
class FixedAddress implements EndpointAddress {
  readonly #uri: FixedEndpointUri
  readonly #rawQuery: string
  readonly origin: string
  readonly path: string

  constructor(uri: FixedEndpointUri, path: string, rawQuery: string) {
    this.#uri = uri
    this.#rawQuery = rawQuery
    this.origin = uri.origin
    this.path = path
  }

  url(): URL {
    const url = new URL(this.#uri.href)
    appendClientQuery(url, this.#rawQuery)
    return url
  }
}
