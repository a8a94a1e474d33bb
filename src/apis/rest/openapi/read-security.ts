import type { Authorizer, AuthorizerType } from '../../../model/authorizer.ts'
import type { AuthorizationType } from '../../../model/method.ts'
import { X } from './extensions.ts'
import type { ImportIssues } from './import-issues.ts'
import type { OpenApiDocument } from './read-document.ts'

/**
 * Security schemes and requirements. A scheme with `x-amazon-apigateway-authorizer` becomes an
 * authorizer named after the scheme (all of them, used or not — LS test_import_swagger_api >
 * get-authorizers); an `apiKey` scheme on the `x-api-key` header means "API key required"; an
 * `x-amazon-apigateway-authtype: awsSigv4` scheme means AWS_IAM. A method's requirements are its
 * own `security`, else the document's (LS test_import_with_global_api_key_authorizer); scopes
 * listed for a Cognito scheme become `authorizationScopes` (LS test_import_with_cognito_auth_identity_source).
 */

type SchemeKind = { kind: 'authorizer'; type: AuthorizerType } | { kind: 'apiKey' } | { kind: 'iam' }

export interface MethodAuthorization {
  authorizationType: AuthorizationType
  authorizerName?: string
  authorizationScopes?: string[]
  apiKeyRequired: boolean
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const AUTHORIZER_TYPES: Readonly<Record<string, AuthorizerType>> = {
  token: 'TOKEN',
  request: 'REQUEST',
  cognito_user_pools: 'COGNITO_USER_POOLS',
}

const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

export class SecurityCatalog {
  readonly authorizers: Omit<Authorizer, 'id'>[] = []
  readonly #schemes = new Map<string, SchemeKind>()
  readonly #globalRequirements: unknown
  readonly #issues: ImportIssues

  constructor(document: OpenApiDocument, issues: ImportIssues) {
    this.#issues = issues
    const root = document.root
    this.#globalRequirements = root.security
    const schemes = document.dialect === 'swagger2'
      ? root.securityDefinitions
      : isObject(root.components) ? root.components.securitySchemes : undefined
    if (!isObject(schemes)) return
    for (const [name, scheme] of Object.entries(schemes)) {
      if (!isObject(scheme)) continue
      const authorizer = scheme[X.authorizer]
      const authType = typeof scheme[X.authtype] === 'string' ? (scheme[X.authtype] as string) : undefined
      if (isObject(authorizer)) {
        const read = this.#readAuthorizer(name, scheme, authorizer, authType)
        if (read === undefined) continue
        this.authorizers.push(read)
        this.#schemes.set(name, { kind: 'authorizer', type: read.type })
      } else if (authType?.toLowerCase() === 'awssigv4') {
        this.#schemes.set(name, { kind: 'iam' })
      } else if (scheme.type === 'apiKey' && scheme.in === 'header' && String(scheme.name).toLowerCase() === 'x-api-key') {
        this.#schemes.set(name, { kind: 'apiKey' })
      }
    }
  }

  #readAuthorizer(name: string, scheme: Record<string, unknown>, ext: Record<string, unknown>, authType: string | undefined): Omit<Authorizer, 'id'> | undefined {
    const type = AUTHORIZER_TYPES[String(ext.type ?? 'token').toLowerCase()]
    if (type === undefined) {
      this.#issues.error(`Unable to create authorizer '${name}': Invalid authorizer type specified: ${String(ext.type)}`)
      return undefined
    }
    // A TOKEN or Cognito authorizer reads the header the scheme names when it gives no identitySource
    // (LS test_import_swagger_api, test_import_with_cognito_auth_identity_source > get-authorizers).
    const fromScheme = scheme.in === 'header' && typeof scheme.name === 'string' ? `method.request.header.${scheme.name}` : undefined
    const identitySource = nonEmpty(ext.identitySource) ?? (type === 'REQUEST' ? undefined : fromScheme)
    const ttl = ext.authorizerResultTtlInSeconds
    const providerARNs = Array.isArray(ext.providerARNs) ? ext.providerARNs.filter((arn) => typeof arn === 'string') : undefined
    if (type === 'COGNITO_USER_POOLS' && (providerARNs === undefined || providerARNs.length === 0)) {
      this.#issues.error(`Unable to create authorizer '${name}': A Cognito user pool authorizer needs providerARNs`)
      return undefined
    }
    if (type !== 'COGNITO_USER_POOLS' && nonEmpty(ext.authorizerUri) === undefined) {
      this.#issues.error(`Unable to create authorizer '${name}': Invalid Authorizer URI specified`)
      return undefined
    }
    const authorizer: Omit<Authorizer, 'id'> = { name, type }
    if (authType !== undefined) authorizer.authType = authType
    if (type !== 'COGNITO_USER_POOLS') authorizer.authorizerUri = nonEmpty(ext.authorizerUri)
    const credentials = nonEmpty(ext.authorizerCredentials)
    if (credentials !== undefined) authorizer.authorizerCredentials = credentials
    if (identitySource !== undefined) authorizer.identitySource = identitySource
    const validation = nonEmpty(ext.identityValidationExpression)
    if (validation !== undefined) authorizer.identityValidationExpression = validation
    if (typeof ttl === 'number' && Number.isInteger(ttl)) {
      if (ttl < 0 || ttl > 3600) this.#issues.error(`Unable to create authorizer '${name}': Authorizer TTL must be between 0 and 3600`)
      authorizer.authorizerResultTtlInSeconds = ttl
    }
    if (providerARNs !== undefined && type === 'COGNITO_USER_POOLS') authorizer.providerARNs = providerARNs as string[]
    return authorizer
  }

  /** The authorization of one operation, from its requirements and `x-amazon-apigateway-auth`. */
  authorizationOf(operation: Record<string, unknown>, where: string): MethodAuthorization {
    const result: MethodAuthorization = { authorizationType: 'NONE', apiKeyRequired: false }
    const requirements = operation.security ?? this.#globalRequirements
    for (const requirement of Array.isArray(requirements) ? requirements : []) {
      if (!isObject(requirement)) continue
      for (const [name, scopes] of Object.entries(requirement)) {
        const scheme = this.#schemes.get(name)
        if (scheme === undefined) {
          this.#issues.warn(`Unable to find security scheme '${name}' used by ${where}`)
          continue
        }
        if (scheme.kind === 'apiKey') result.apiKeyRequired = true
        else if (result.authorizationType !== 'NONE') continue
        else if (scheme.kind === 'iam') result.authorizationType = 'AWS_IAM'
        else {
          result.authorizationType = scheme.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM'
          result.authorizerName = name
          const listed = Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : []
          if (scheme.type === 'COGNITO_USER_POOLS' && listed.length > 0) result.authorizationScopes = listed
        }
      }
    }
    const auth = operation[X.auth]
    if (isObject(auth) && typeof auth.type === 'string') {
      const type = auth.type.toUpperCase()
      if (type === 'AWS_IAM' || type === 'NONE') {
        result.authorizationType = type
        delete result.authorizerName
        delete result.authorizationScopes
      } else {
        this.#issues.warn(`Invalid ${X.auth} type '${auth.type}' for ${where}`)
      }
    }
    return result
  }
}
