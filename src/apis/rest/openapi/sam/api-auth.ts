import { eventOperation, type ApiEvent } from './api-definition.ts'
import { TemplateError } from './read-template.ts'

/**
 * SAM's `Auth` of an AWS::Serverless::Api (SAM specification, ApiAuth, LambdaTokenAuthorizer,
 * LambdaRequestAuthorizer, CognitoAuthorizer), applied as the SAM transform applies it: each
 * authorizer becomes a security scheme with `x-amazon-apigateway-authorizer`; an event's own
 * `Auth.Authorizer` (or `NONE`) and `Auth.ApiKeyRequired` mark its method; then `DefaultAuthorizer`
 * and `ApiKeyRequired` are set on **every** method of the document — the DefinitionBody's own ones
 * too, not only those from events — unless the method already names one of the API's authorizers
 * or opted out. CORS preflight (OPTIONS) methods get them as well unless
 * `AddDefaultAuthorizerToCorsPreflight` / `AddApiKeyRequiredToCorsPreflight` is false (both default
 * true: SAM developer guide, "ApiAuth"). The importer then creates the authorizers and method
 * settings; usage plans are usage-plans.ts's, `ResourcePolicy` is resource-policy.ts's.
 */

type Document = Record<string, any>

interface AuthOptions {
  readonly region: string
}

// Markers SAM writes for "no authorizer" and "no API key" on one method, removed once the defaults are applied.
const NONE = 'NONE'
const API_KEY = 'api_key'
const API_KEY_FALSE = 'api_key_false'
const AWS_IAM = 'AWS_IAM'
const OPERATION_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'])

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [])

function scheme(name: string, definition: Record<string, any>, options: AuthOptions, apiLogicalId: string): Document {
  const identity = (definition.Identity ?? {}) as Record<string, any>
  const header = typeof identity.Header === 'string' ? identity.Header : 'Authorization'
  if (typeof definition.FunctionArn === 'string') {
    const type = String(definition.FunctionPayloadType ?? 'TOKEN').toUpperCase()
    const authorizer: Document = {
      type: type === 'REQUEST' ? 'request' : 'token',
      authorizerUri: `arn:aws:apigateway:${options.region}:lambda:path/2015-03-31/functions/${definition.FunctionArn}/invocations`,
      authorizerResultTtlInSeconds: identity.ReauthorizeEvery === undefined ? 300 : Number(identity.ReauthorizeEvery),
    }
    if (type === 'REQUEST') {
      const sources = [
        ...list(identity.Headers).map((h) => `method.request.header.${h}`),
        ...list(identity.QueryStrings).map((q) => `method.request.querystring.${q}`),
        ...list(identity.StageVariables).map((v) => `stageVariables.${v}`),
        ...list(identity.Context).map((c) => `context.${c}`),
      ]
      if (sources.length > 0) authorizer.identitySource = sources.join(', ')
    } else {
      authorizer.identitySource = `method.request.header.${header}`
      if (typeof identity.ValidationExpression === 'string') authorizer.identityValidationExpression = identity.ValidationExpression
    }
    return { type: 'apiKey', name: header, in: 'header', 'x-amazon-apigateway-authtype': 'custom', 'x-amazon-apigateway-authorizer': authorizer }
  }
  if (definition.UserPoolArn !== undefined) {
    const arns = Array.isArray(definition.UserPoolArn) ? definition.UserPoolArn.map(String) : [String(definition.UserPoolArn)]
    return {
      type: 'apiKey', name: header, in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: arns },
    }
  }
  throw new TemplateError(`${apiLogicalId}: authorizer ${name} needs FunctionArn (Lambda) or UserPoolArn (Cognito)`)
}

const IAM_SCHEME: Document = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' }
const API_KEY_SCHEME: Document = { type: 'apiKey', name: 'x-api-key', in: 'header' }

export function addAuth(
  document: Document, auth: Record<string, any> | undefined, events: readonly ApiEvent[], options: AuthOptions, apiLogicalId: string,
): void {
  const authorizers = (auth?.Authorizers ?? {}) as Record<string, Record<string, any>>
  const definitions: Document = {}
  for (const [name, definition] of Object.entries(authorizers)) {
    if (name !== AWS_IAM) definitions[name] = scheme(name, definition, options, apiLogicalId)
  }
  const scopesOf = (name: string): string[] => list(authorizers[name]?.AuthorizationScopes)
  const defaultAuthorizer = typeof auth?.DefaultAuthorizer === 'string' ? auth.DefaultAuthorizer : undefined
  if (defaultAuthorizer !== undefined && defaultAuthorizer !== AWS_IAM && !Object.hasOwn(definitions, defaultAuthorizer)) {
    throw new TemplateError(`${apiLogicalId}: DefaultAuthorizer ${defaultAuthorizer} is not one of Auth.Authorizers`)
  }
  const authorizerNames = new Set([AWS_IAM, ...Object.keys(definitions)])

  // The events' own choices first, as the SAM transform writes them before the API's defaults.
  for (const event of events) {
    const { path, method } = eventOperation(event)
    const operation = document.paths?.[path]?.[method]
    if (operation === undefined) continue
    const security: Record<string, string[]>[] = Array.isArray(operation.security) ? operation.security : []
    if (event.authorizer !== undefined) {
      if (event.authorizer !== NONE && !authorizerNames.has(event.authorizer)) {
        throw new TemplateError(`${event.functionLogicalId}: Auth.Authorizer ${event.authorizer} is not one of ${apiLogicalId}'s Authorizers`)
      }
      security.push({ [event.authorizer]: event.authorizationScopes !== undefined ? [...event.authorizationScopes] : (event.authorizer === NONE ? [] : scopesOf(event.authorizer)) })
    }
    if (event.apiKeyRequired === true) security.push({ [API_KEY]: [] })
    if (event.apiKeyRequired === false) security.push({ [API_KEY_FALSE]: [] })
    if (security.length > 0) operation.security = security
  }

  const toPreflight = (flag: unknown): boolean => flag !== false
  for (const [, method, operation] of operations(document)) {
    const isPreflight = method === 'options'
    let security: Record<string, string[]>[] = Array.isArray(operation.security) ? operation.security : []
    if (defaultAuthorizer !== undefined && (!isPreflight || toPreflight(auth?.AddDefaultAuthorizerToCorsPreflight))) {
      const named = security.filter((requirement) => Object.keys(requirement).some((key) => authorizerNames.has(key)))
      const others = security.filter((requirement) => !named.includes(requirement))
      const optedOut = others.some((requirement) => NONE in requirement)
      security = [...others, ...(optedOut ? [] : named.length > 0 ? named : [{ [defaultAuthorizer]: scopesOf(defaultAuthorizer) }])]
    }
    if (auth?.ApiKeyRequired === true && (!isPreflight || toPreflight(auth?.AddApiKeyRequiredToCorsPreflight))) {
      const optedOut = security.some((requirement) => API_KEY_FALSE in requirement)
      if (!optedOut && !security.some((requirement) => API_KEY in requirement)) security.push({ [API_KEY]: [] })
    }
    security = security.filter((requirement) => !(NONE in requirement) && !(API_KEY_FALSE in requirement))
    if (security.length > 0) operation.security = security
    else delete operation.security
    if (security.some((requirement) => AWS_IAM in requirement)) definitions[AWS_IAM] = IAM_SCHEME
    if (security.some((requirement) => API_KEY in requirement)) definitions[API_KEY] = API_KEY_SCHEME
  }
  if (Object.keys(definitions).length === 0) return
  // OpenAPI 3 keeps its schemes under components (a DefinitionBody may be either version).
  if (typeof document.openapi === 'string') {
    document.components = { ...document.components, securitySchemes: { ...document.components?.securitySchemes, ...definitions } }
  } else document.securityDefinitions = { ...document.securityDefinitions, ...definitions }
}

/** Every operation of the document: [path, method, operation]. */
export function operations(document: Document): [string, string, Document][] {
  const found: [string, string, Document][] = []
  for (const [path, item] of Object.entries<Document>(document.paths ?? {})) {
    if (item === null || typeof item !== 'object') continue
    for (const [method, operation] of Object.entries<Document>(item)) {
      if (OPERATION_KEYS.has(method.toLowerCase()) && operation !== null && typeof operation === 'object') found.push([path, method.toLowerCase(), operation])
    }
  }
  return found
}
