import { routeOperation, type HttpApiEvent } from './http-api-definition.ts'
import { TemplateError } from './read-template.ts'

/**
 * SAM's `Auth` of an AWS::Serverless::HttpApi (SAM specification, "HttpApiAuth", "OAuth2Authorizer",
 * "LambdaAuthorizer", "LambdaAuthorizationIdentity"), applied as the SAM transform applies it: each
 * authorizer becomes a security scheme with `x-amazon-apigateway-authorizer` — `jwt` with its
 * `JwtConfiguration` (issuer and audience, either case) and `IdentitySource` (default
 * `$request.header.Authorization`), or `request` with `FunctionArn`, `AuthorizerPayloadFormatVersion`
 * (required), `EnableSimpleResponses` and the `Identity` lists as `$request.header.X`,
 * `$request.querystring.X`, `$stageVariables.X`, `$context.X` (`ReauthorizeEvery` the cache TTL).
 * `EnableIamAuthorizer` lets routes name `AWS_IAM`. An event's `Auth.Authorizer` (or `NONE`) marks
 * its route, with its `AuthorizationScopes` or else the authorizer's; then `DefaultAuthorizer` goes
 * on every route of the document that names none and did not opt out. A name that is no authorizer
 * of the API is refused, never served open.
 */

type Document = Record<string, any>

const NONE = 'NONE'
const AWS_IAM = 'AWS_IAM'
const OPERATION_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'])
const IAM_SCHEME: Document = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' }

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [])

/** `https://cognito-idp.{region}.amazonaws.com/{poolId}`: the user pool's ARN, so `gatehouse token` can mint for it. */
export function cognitoPoolOfIssuer(issuer: string, accountId: string): string | undefined {
  const match = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+)\/?$/.exec(issuer)
  return match === null ? undefined : `arn:aws:cognito-idp:${match[1]}:${accountId}:userpool/${match[2]}`
}

function scheme(name: string, definition: Record<string, any>, region: string, where: string): Document {
  if (definition.JwtConfiguration !== undefined) {
    const jwt = definition.JwtConfiguration as Record<string, unknown>
    const issuer = jwt.issuer ?? jwt.Issuer
    const audience = jwt.audience ?? jwt.Audience
    if (typeof issuer !== 'string') throw new TemplateError(`${where}.JwtConfiguration needs an issuer`)
    return {
      type: 'oauth2',
      'x-amazon-apigateway-authorizer': {
        type: 'jwt',
        identitySource: typeof definition.IdentitySource === 'string' ? definition.IdentitySource : '$request.header.Authorization',
        jwtConfiguration: { issuer, audience: Array.isArray(audience) ? audience.map(String) : audience === undefined ? [] : [String(audience)] },
      },
    }
  }
  if (definition.FunctionArn !== undefined) {
    const version = definition.AuthorizerPayloadFormatVersion === undefined ? undefined : String(definition.AuthorizerPayloadFormatVersion)
    if (version !== '1.0' && version !== '2.0') throw new TemplateError(`${where}.AuthorizerPayloadFormatVersion is required for a Lambda authorizer: 1.0 or 2.0`)
    const identity = (definition.Identity ?? {}) as Record<string, unknown>
    const sources = [
      ...list(identity.Headers).map((h) => `$request.header.${h}`),
      ...list(identity.QueryStrings).map((q) => `$request.querystring.${q}`),
      ...list(identity.StageVariables).map((v) => `$stageVariables.${v}`),
      ...list(identity.Context).map((c) => `$context.${c}`),
    ]
    return {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${String(definition.FunctionArn)}/invocations`,
        authorizerPayloadFormatVersion: version,
        ...(sources.length > 0 ? { identitySource: sources } : {}),
        ...(definition.EnableSimpleResponses === undefined ? {} : { enableSimpleResponses: definition.EnableSimpleResponses === true || definition.EnableSimpleResponses === 'true' }),
        ...(identity.ReauthorizeEvery === undefined ? {} : { authorizerResultTtlInSeconds: Number(identity.ReauthorizeEvery) }),
      },
    }
  }
  throw new TemplateError(`${where}: authorizer ${name} needs JwtConfiguration (OAuth 2.0/JWT) or FunctionArn (Lambda)`)
}

export function addHttpApiAuth(document: Document, auth: Record<string, any> | undefined, events: readonly HttpApiEvent[], region: string, apiLogicalId: string, where: string): void {
  const authorizers = (auth?.Authorizers ?? {}) as Record<string, Record<string, any>>
  const schemes: Document = {}
  for (const [name, definition] of Object.entries(authorizers)) schemes[name] = scheme(name, definition ?? {}, region, `${where}.Auth.Authorizers.${name}`)
  const iam = auth?.EnableIamAuthorizer === true || auth?.EnableIamAuthorizer === 'true'
  const known = (name: string): boolean => Object.hasOwn(schemes, name) || (iam && name === AWS_IAM)
  const scopesOf = (name: string): string[] => (schemes[name]?.['x-amazon-apigateway-authorizer']?.type === 'jwt' ? list(authorizers[name]?.AuthorizationScopes) : [])
  const defaultAuthorizer = typeof auth?.DefaultAuthorizer === 'string' ? auth.DefaultAuthorizer : undefined
  if (defaultAuthorizer !== undefined && !known(defaultAuthorizer)) {
    throw new TemplateError(`${apiLogicalId}: DefaultAuthorizer ${defaultAuthorizer} is not one of Auth.Authorizers${iam ? ' or AWS_IAM' : ''}`)
  }

  const optedOut = new Set<Document>()
  for (const event of events) {
    if (event.authorizer === undefined) continue
    const { path, method } = routeOperation(event.routeKey)
    const operation = document.paths?.[path]?.[method]
    if (operation === undefined) continue
    if (event.authorizer === NONE) {
      optedOut.add(operation)
      delete operation.security
      continue
    }
    if (!known(event.authorizer)) {
      throw new TemplateError(`${event.functionLogicalId}: event ${event.eventName}'s Auth.Authorizer ${event.authorizer} is not one of ${apiLogicalId}'s Authorizers`)
    }
    operation.security = [{ [event.authorizer]: event.authorizationScopes !== undefined ? [...event.authorizationScopes] : scopesOf(event.authorizer) }]
  }

  let iamUsed = false
  for (const item of Object.values<Document>(document.paths ?? {})) {
    if (item === null || typeof item !== 'object') continue
    for (const [method, operation] of Object.entries<Document>(item)) {
      if (!OPERATION_KEYS.has(method.toLowerCase()) || operation === null || typeof operation !== 'object') continue
      if (defaultAuthorizer !== undefined && operation.security === undefined && !optedOut.has(operation)) {
        operation.security = [{ [defaultAuthorizer]: scopesOf(defaultAuthorizer) }]
      }
      if (Array.isArray(operation.security) && operation.security.some((requirement: Document) => AWS_IAM in requirement)) iamUsed = true
    }
  }
  if (iam && iamUsed) schemes[AWS_IAM] = IAM_SCHEME
  if (Object.keys(schemes).length === 0) return
  document.components = { ...document.components, securitySchemes: { ...document.components?.securitySchemes, ...schemes } }
}

/** The JWT issuers of the document's authorizers. */
export function jwtIssuers(document: Document): string[] {
  const issuers: string[] = []
  for (const scheme of Object.values<Document>(document.components?.securitySchemes ?? {})) {
    const authorizer = scheme?.['x-amazon-apigateway-authorizer']
    if (String(authorizer?.type).toLowerCase() === 'jwt' && typeof authorizer.jwtConfiguration?.issuer === 'string') issuers.push(authorizer.jwtConfiguration.issuer)
  }
  return issuers
}
