
/**
 * The part of a method request an authorizer reads: its identity sources, what the REQUEST event
 * carries, the stage (cache scope, stage variables) and the method's scopes. The REST pipeline's method request is one;
 * TestInvokeAuthorizer builds one from the test's inputs.
 */
export interface AuthorizerRequest {
  readonly http: { readonly method: string; readonly body: Buffer }
  readonly ids: { readonly requestId: string }
  readonly served: { readonly restApiId: string; readonly stageName: string; readonly stageVariables: Readonly<Record<string, string>> }
  readonly method: { readonly resourcePath: string; readonly method: { readonly authorizationScopes?: readonly string[] } }
  readonly path: string
  readonly pathParameters: Readonly<Record<string, string>>
  /** `[name, value, ...]`, as received. */
  readonly headers: readonly string[]
  readonly query: ReadonlyMap<string, readonly string[]>
  readonly requestContext: Readonly<Record<string, unknown>>
}
