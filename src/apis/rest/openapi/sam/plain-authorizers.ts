import { TemplateError } from './read-template.ts'

/**
 * AWS::ApiGateway::Authorizer resources and the authorization of AWS::ApiGateway::Method
 * (CloudFormation user guide, AWS::ApiGateway::Authorizer and AWS::ApiGateway::Method
 * `AuthorizationType`, `AuthorizerId`, `AuthorizationScopes`), in the OpenAPI form the importer
 * reads (developer guide, "x-amazon-apigateway-authorizer object"): each authorizer is a security
 * scheme named after it, and a CUSTOM or COGNITO_USER_POOLS method requires that scheme. A method
 * that asks for an authorizer this template does not define is refused: serving it open would
 * let in callers AWS turns away.
 */

type Document = Record<string, any>

const AUTHORIZER_TYPES = new Set(['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'])
const AUTHORIZATION_TYPES = new Set(['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'])

/** One authorizer's security scheme; `name` is its Name, else its logical id. */
export function authorizerScheme(props: Record<string, any>, where: string): Document {
  const type = String(props.Type ?? '').toUpperCase()
  if (!AUTHORIZER_TYPES.has(type)) throw new TemplateError(`${where}.Type must be TOKEN, REQUEST or COGNITO_USER_POOLS, not ${String(props.Type)}`)
  const identitySource = typeof props.IdentitySource === 'string' ? props.IdentitySource : undefined
  const header = /^method\.request\.header\.(.+)$/.exec(identitySource ?? '')?.[1] ?? 'Authorization'
  const authorizer: Document = { type: type.toLowerCase() }
  if (type === 'COGNITO_USER_POOLS') {
    const arns = Array.isArray(props.ProviderARNs) ? props.ProviderARNs.map(String) : []
    if (arns.length === 0) throw new TemplateError(`${where}.ProviderARNs is required for a COGNITO_USER_POOLS authorizer`)
    authorizer.providerARNs = arns
  } else {
    if (typeof props.AuthorizerUri !== 'string') throw new TemplateError(`${where}.AuthorizerUri is required for a ${type} authorizer`)
    authorizer.authorizerUri = props.AuthorizerUri
  }
  if (identitySource !== undefined) authorizer.identitySource = identitySource
  if (typeof props.IdentityValidationExpression === 'string') authorizer.identityValidationExpression = props.IdentityValidationExpression
  if (props.AuthorizerResultTtlInSeconds !== undefined) authorizer.authorizerResultTtlInSeconds = Number(props.AuthorizerResultTtlInSeconds)
  if (typeof props.AuthorizerCredentials === 'string') authorizer.authorizerCredentials = props.AuthorizerCredentials
  return {
    type: 'apiKey', name: header, in: 'header',
    'x-amazon-apigateway-authtype': type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : typeof props.AuthType === 'string' ? props.AuthType : 'custom',
    'x-amazon-apigateway-authorizer': authorizer,
  }
}

/**
 * Sets a method's authorization on its operation. `authorizerNames` maps an authorizer's logical id
 * (what `!Ref` of it stands for here) to its scheme name.
 */
export function applyMethodAuthorization(
  operation: Document, props: Record<string, any>, authorizerNames: ReadonlyMap<string, string>, where: string,
): void {
  const type = String(props.AuthorizationType ?? 'NONE').toUpperCase()
  if (!AUTHORIZATION_TYPES.has(type)) throw new TemplateError(`${where}.AuthorizationType must be NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS, not ${String(props.AuthorizationType)}`)
  if (type === 'AWS_IAM') operation['x-amazon-apigateway-auth'] = { type: 'AWS_IAM' }
  if (type !== 'CUSTOM' && type !== 'COGNITO_USER_POOLS') return
  const name = typeof props.AuthorizerId === 'string' ? authorizerNames.get(props.AuthorizerId) : undefined
  if (name === undefined) {
    throw new TemplateError(`${where}.AuthorizerId must be a Ref to an AWS::ApiGateway::Authorizer of this template (AuthorizationType ${type}): without it the method would be open`)
  }
  const scopes = Array.isArray(props.AuthorizationScopes) ? props.AuthorizationScopes.map(String) : []
  operation.security = [...(operation.security ?? []), { [name]: scopes }]
}
