const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const two = (n: number): string => String(n).padStart(2, '0')

/** Every request in one second shows the same text: the last second's is kept rather than formatted again. */
let last = { second: Number.NaN, text: '' }

/**
 * A request's time in CLF form, `17/Jun/2024:15:52:39 +0000`: an HTTP API event's `requestContext.time`
 * (sample event: powertools-ts/apigw-http/no-auth.json) and a REST API's `requestTime`
 * (sample event: powertools-ts/apigw-rest/authorizer-request.json).
 */
export function formatClfTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000)
  if (second === last.second) return last.text
  const d = new Date(epochMs)
  const text = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  last = { second, text }
  return text
}
