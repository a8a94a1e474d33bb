/**
 * What keeps a path parameter inside the segment(s) of an HTTP integration URI it is substituted into.
 *
 * Values are raw: still percent-encoded as the client sent them, as AWS puts them in `pathParameters`
 * (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration >
 * invocation-payload-with-path-encoded-email), or decoded text when mapped from a header or query
 * string. Two things could carry such a value out of its segment:
 *
 * - characters that end a path (`?`, `#`) or that parsers read as a separator (`\`, which the WHATWG
 *   URL standard treats as `/` in http URLs): they are percent-encoded, as is everything else RFC 3986
 *   §3.3 does not allow in a segment; valid `%XX` escapes, `%2F` included, are kept as they are, so the
 *   backend receives the bytes the client sent;
 * - dot segments (`.`, `..`), plain or percent-encoded in any case (`%2e%2e`, `.%2E`), also when an
 *   encoded `/` or `\` makes them a segment of their own (`a%2F..`): these are refused, not encoded.
 *   Encoding cannot contain them: RFC 3986 §6.2.2.2 makes `%2E` the same character as `.`, the WHATWG
 *   URL standard resolves `%2e%2e` as `..`, and API Gateway's own notes say REST APIs decode
 *   URL-encoded request parameters before passing them to backend integrations (developer guide,
 *   "Amazon API Gateway important notes"), so a backend would see the `..` either way. No recording
 *   shows AWS's answer to a dot segment in a path parameter; refusing it is the only way to be sure
 *   no backend resolves a path above the integration's base path.
 */

/** Anything RFC 3986 does not allow in a segment (pchar, plus `/` between the segments of a greedy value), or a `%` that starts no escape. */
const NOT_IN_SEGMENT = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu

/** The value with what cannot stay inside a path segment percent-encoded (UTF-8); valid escapes kept. */
export function encodePathValue(value: string): string {
  return value.replace(NOT_IN_SEGMENT, (character) => {
    try {
      return encodeURIComponent(character)
    } catch {
      // A lone surrogate has no UTF-8 form: U+FFFD, as a decoder would read it.
      return '%EF%BF%BD'
    }
  })
}

/** Separators a backend may see in a segment once it decodes it: `/` and `\`, plain or encoded. */
const SEPARATORS = /\/|\\|%2f|%5c/i
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i

/** True when some segment of `text`, read plainly or after one decoding, is `.` or `..`. */
export function hasDotSegment(text: string): boolean {
  return text.split(SEPARATORS).some((piece) => DOT_SEGMENT.test(piece))
}
