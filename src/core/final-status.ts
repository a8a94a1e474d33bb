/**
 * Whether `statusCode` can be the final answer to a request. 1xx are interim responses (RFC 9110
 * §15.2): sent as the answer, 100 leaves the client waiting for the real one and 101 switches the
 * connection to another protocol. Past 599 there is no class at all (RFC 9110 §15: three digits,
 * first digit 1 to 5). An integration that produces one gave a response HTTP cannot carry.
 */
export function isFinalStatus(statusCode: number): boolean {
  return Number.isInteger(statusCode) && statusCode >= 200 && statusCode <= 599
}

/** Statuses whose answer has no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5) whatever an integration put in the body. */
export function hasNoContent(statusCode: number): boolean {
  return statusCode === 204 || statusCode === 205 || statusCode === 304
}
