/**
 * What an authorizer let through, joined to the method request: `requestContext.authorizer` /
 * `$context.authorizer` as AWS builds it (sample events: powertools-ts/apigw-rest/lambda-authorizer-auth.json,
 * jwt-authorizer-auth.json), and the API key the authorizer chose
 * (`usageIdentifierKey`, read by the API-key check when the API's `apiKeySource` is `AUTHORIZER`).
 */
export interface AuthorizerResult {
  /** `requestContext.authorizer`: `{principalId, integrationLatency, ...context}` or `{claims}`. */
  readonly context: Readonly<Record<string, unknown>>
  readonly principalId?: string
  readonly usageIdentifierKey?: string
}
