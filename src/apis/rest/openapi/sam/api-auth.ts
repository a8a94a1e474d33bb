import { eventOperation, type ApiEvent } from './api-definition.ts'
import { TemplateError } from './read-template.ts'

/**
 * SAM's `Auth` of an AWS::Serverless::Api (SAM specification, ApiAuth, LambdaTokenAuthorizer,
 * LambdaRequestAuthorizer, CognitoAuthorizer): each authorizer becomes a security scheme with
 * `x-amazon-apigateway-authorizer`, as the SAM transform writes it; `DefaultAuthorizer` applies to
 * every event that names none (`NONE` opts out), `ApiKeyRequired` adds the `api_key` scheme. The
 * importer then creates the authorizers and method settings; usage plans are usage-plans.ts's.
 */

type Document = Record<string, any>

interface AuthOptions {
  readonly region: string
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [])

function scheme(name: string, definition: Record<string, any>, options: AuthOptions, warnings: string[], apiLogicalId: string): Document {
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

export function addAuth(
  document: Document, auth: Record<string, any> | undefined, events: readonly ApiEvent[], options: AuthOptions, warnings: string[], apiLogicalId: string,
): void {
  const authorizers = (auth?.Authorizers ?? {}) as Record<string, Record<string, any>>
  const definitions: Document = {}
  for (const [name, definition] of Object.entries(authorizers)) definitions[name] = scheme(name, definition, options, warnings, apiLogicalId)
  const defaultAuthorizer = typeof auth?.DefaultAuthorizer === 'string' ? auth.DefaultAuthorizer : undefined
  if (defaultAuthorizer !== undefined && defaultAuthorizer !== 'AWS_IAM' && !Object.hasOwn(definitions, defaultAuthorizer)) {
    throw new TemplateError(`${apiLogicalId}: DefaultAuthorizer ${defaultAuthorizer} is not one of Auth.Authorizers`)
  }
  if (auth?.ResourcePolicy !== undefined) warnings.push(`${apiLogicalId}: Auth.ResourcePolicy is not applied by gatehouse up`)

  let usesApiKey = false
  for (const event of events) {
    const { path, method } = eventOperation(event)
    const operation = document.paths?.[path]?.[method]
    if (operation === undefined || operation.security !== undefined) continue
    const authorizer = event.authorizer ?? defaultAuthorizer
    const requirement: Record<string, string[]> = {}
    if (authorizer === 'AWS_IAM') operation['x-amazon-apigateway-auth'] = { type: 'AWS_IAM' }
    else if (authorizer !== undefined && authorizer !== 'NONE') {
      if (!Object.hasOwn(definitions, authorizer)) throw new TemplateError(`${event.functionLogicalId}: Auth.Authorizer ${authorizer} is not one of ${apiLogicalId}'s Authorizers`)
      requirement[authorizer] = []
    }
    if (event.apiKeyRequired ?? auth?.ApiKeyRequired === true) {
      requirement.api_key = []
      usesApiKey = true
    }
    if (Object.keys(requirement).length > 0) operation.security = [requirement]
  }
  if (usesApiKey) definitions.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' }
  if (Object.keys(definitions).length === 0) return
  // OpenAPI 3 keeps its schemes under components (a DefinitionBody may be either version).
  if (typeof document.openapi === 'string') {
    document.components = { ...document.components, securitySchemes: { ...document.components?.securitySchemes, ...definitions } }
  } else document.securityDefinitions = { ...document.securityDefinitions, ...definitions }
}
