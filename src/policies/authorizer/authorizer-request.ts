import type { MethodRequest } from '../../data-plane/records.ts'

/**
 * The part of a method request an authorizer reads: its identity sources, what the REQUEST event
 * carries, the stage (cache scope, stage variables) and the method's scopes. A MethodRequest is one;
 * TestInvokeAuthorizer builds one from the test's inputs.
 */
export interface AuthorizerRequest {
  readonly http: Pick<MethodRequest['http'], 'method' | 'body'>
  readonly ids: Pick<MethodRequest['ids'], 'requestId'>
  readonly served: Pick<MethodRequest['served'], 'restApiId' | 'stageName' | 'stageVariables'>
  readonly method: { readonly resourcePath: string; readonly method: { readonly authorizationScopes?: readonly string[] } }
  readonly path: string
  readonly pathParameters: MethodRequest['pathParameters']
  readonly headers: MethodRequest['headers']
  readonly query: MethodRequest['query']
  readonly requestContext: Readonly<Record<string, unknown>>
}
