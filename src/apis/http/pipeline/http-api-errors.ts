import type { HttpResponse } from '../../../core/http.ts'

/**
 * The answers HTTP APIs give of their own (developer guide, "Working with routes for HTTP APIs",
 * "Troubleshooting issues with HTTP API Lambda integrations"; the 503 as users' transcripts show it,
 * cortexlabs/cortex#1225). Unlike REST's, they are not customisable: HTTP APIs have no gateway responses.
 */
export const HTTP_API_ERRORS = {
  notFound: { statusCode: 404, message: 'Not Found' },
  /** JWT refused or identity source missing (developer guide, "Troubleshooting issues with HTTP API JWT authorizers": Content-Length 26). */
  unauthorized: { statusCode: 401, message: 'Unauthorized' },
  /** An authorizer's denial, as widely reported (no recording). */
  forbidden: { statusCode: 403, message: 'Forbidden' },
  internalServerError: { statusCode: 500, message: 'Internal Server Error' },
  serviceUnavailable: { statusCode: 503, message: 'Service Unavailable' },
  tooManyRequests: { statusCode: 429, message: 'Too Many Requests' },
} as const

export type HttpApiErrorName = keyof typeof HTTP_API_ERRORS

/** `{"message":"Not Found"}`: compact JSON, as the recorded 503 (Content-Length 33) shows. */
export function httpApiError(name: HttpApiErrorName): HttpResponse {
  const { statusCode, message } = HTTP_API_ERRORS[name]
  return { statusCode, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify({ message })) }
}

/** A failure an integration reports, answered with one of the API's own errors. */
export class HttpApiFailure extends Error {
  override readonly name = 'HttpApiFailure'
  readonly answer: HttpApiErrorName
  constructor(answer: HttpApiErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.answer = answer
  }
}

/**
 * A request body past the 10 MB payload quota (developer guide, "Amazon API Gateway quotas"): API
 * Gateway's front end answers it before any API does, in plain text, as users' transcripts show it
 * (koki-develop/lgtm-generator#10, with its headers: `content-type: text; charset=utf-8`,
 * Content-Length 44). HTTP APIs have no gateway response to change it.
 */
export function payloadTooLarge(limit: number): HttpResponse {
  return { statusCode: 413, headers: [['Content-Type', 'text; charset=utf-8']], body: Buffer.from(`HTTP content length exceeded ${limit} bytes.`) }
}
