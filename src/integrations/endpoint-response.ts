/** What an integration answered, before integration-response mapping (non-proxy) or as final (proxy). */
export interface EndpointResponse {
  readonly statusCode: number
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Buffer
  /** Lambda's error message for non-proxy Lambda; selection patterns match against it. */
  readonly errorMessage?: string
}
