/**
 * Where one request to a backend goes, as the HTTP client takes it: the origin to connect to and the request
 * target (path and query). The whole URL is only built when something asks for it (a log line on failure,
 * a request node:http sends), so a proxied request whose address is known at deploy time parses no URL.
 */
export interface EndpointAddress {
  readonly origin: string
  /** The request target: the URL's path and query, as sent on the request line. */
  readonly path: string
  url(): URL
}

/** The address of a URL already parsed. */
export function addressOf(url: URL): EndpointAddress {
  return { origin: url.origin, path: url.pathname + url.search, url: () => url }
}
