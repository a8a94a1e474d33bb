/**
 * What request validation reads of a Method Request (apis/rest/pipeline/records.ts `MethodRequest` fits):
 * the method request's headers as `[name, value, ...]`, the decoded query string, the path
 * parameters and the raw body.
 */
export interface ValidatedRequest {
  readonly headers: readonly string[]
  readonly query: ReadonlyMap<string, readonly string[]>
  readonly pathParameters: Readonly<Record<string, string>>
  readonly http: { readonly body: Buffer }
}
