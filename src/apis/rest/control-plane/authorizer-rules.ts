import { badRequest, conflict, enumConstraint, validationError } from '../../../core/management-error.ts'
import { AUTHORIZER_TYPES, type Authorizer, type AuthorizerType } from '../../../model/authorizer.ts'
import type { StoreReader } from '../../../store/store.ts'

/**
 * What CreateAuthorizer and UpdateAuthorizer both check (AWS API reference, `Authorizer`). Texts
 * that AWS users have reported are reproduced; the rest follow AWS's "Invalid X specified" family
 * and say so.
 */

/** AWS's default cache TTL for Lambda and Cognito authorizers (developer guide: 300 s, 0 = off, at most 3600). */
export const DEFAULT_AUTHORIZER_TTL_SECONDS = 300
export const MAX_AUTHORIZER_TTL_SECONDS = 3600

export function validateAuthorizerType(value: string, field: string): AuthorizerType {
  if (!AUTHORIZER_TYPES.includes(value as AuthorizerType)) throw validationError([enumConstraint(value, field, AUTHORIZER_TYPES)])
  return value as AuthorizerType
}

const TOKEN_SOURCE = /^method\.request\.header\.[a-zA-Z0-9._-]+$/
/** REQUEST identity sources (developer guide, "Lambda authorizer with REQUEST type"). */
const REQUEST_SOURCE = /^(method\.request\.(header|querystring)\.[^,\s]+|stageVariables\.[^,\s]+|context\.[^,\s]+)$/

/** The identity-source expressions of a REQUEST authorizer, comma separated with optional spaces. */
export const splitIdentitySource = (source: string): string[] => source.split(',').map((part) => part.trim()).filter((part) => part !== '')

/** The whole authorizer, as it would be stored; every write path ends here. */
export function checkAuthorizer(authorizer: Authorizer): void {
  if (authorizer.name.trim() === '') throw badRequest('Authorizer name must be non-empty')
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    // Not recorded; worded like AWS's other texts.
    if (authorizer.providerARNs === undefined || authorizer.providerARNs.length === 0) {
      throw badRequest('Invalid Cognito User Pool ARN specified: providerARNs must not be empty')
    }
    for (const arn of authorizer.providerARNs) {
      if (!/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/.test(arn)) {
        throw badRequest(`Invalid Cognito User Pool ARN specified: ${arn}`)
      }
    }
  } else if (authorizer.authorizerUri === undefined || authorizer.authorizerUri.trim() === '') {
    // Not recorded; the text Gatehouse's OpenAPI import gives for the same fault.
    throw badRequest('Invalid Authorizer URI specified')
  }
  const ttl = authorizer.authorizerResultTtlInSeconds
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_AUTHORIZER_TTL_SECONDS)) {
    throw badRequest(`Invalid authorizer result TTL specified: must be between 0 and ${MAX_AUTHORIZER_TTL_SECONDS}`)
  }
  const source = authorizer.identitySource
  if (authorizer.type === 'REQUEST') {
    const parts = source === undefined ? [] : splitIdentitySource(source)
    for (const part of parts) {
      if (!REQUEST_SOURCE.test(part)) throw badRequest(`Invalid identity source expression: ${part}`)
    }
    // Caching is keyed by the identity sources, so AWS demands them whenever the TTL is not 0
    // (the text AWS gives for the same rule on HTTP APIs, as Terraform users report it).
    if (parts.length === 0 && (ttl ?? DEFAULT_AUTHORIZER_TTL_SECONDS) > 0) {
      throw badRequest('Identity source must be set if authorizer caching is enabled (TTL is greater than 0)')
    }
  } else if (source === undefined || !TOKEN_SOURCE.test(source)) {
    // AWS's text, as CloudFormation and CDK users report it for TOKEN authorizers.
    throw badRequest(
      `Invalid token source expression: ${source ?? 'null'}. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.`,
    )
  }
  if (authorizer.identityValidationExpression !== undefined) {
    try {
      new RegExp(authorizer.identityValidationExpression)
    } catch {
      throw badRequest(`Invalid identity validation expression specified: ${authorizer.identityValidationExpression}`)
    }
  }
}

/**
 * DeleteAuthorizer while a method still names the authorizer: 409
 * `Cannot delete authorizer 'name', is referenced in method: GET//test` (AWS's answer as Terraform
 * users report it; the method shows as VERB + `/` + resource path).
 */
export async function checkAuthorizerUnused(reader: StoreReader, restApiId: string, authorizer: Authorizer): Promise<void> {
  for (const resource of await reader.list('resource', restApiId)) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      if (method.authorizerId === authorizer.id && (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS')) {
        throw conflict(`Cannot delete authorizer '${authorizer.name}', is referenced in method: ${verb}/${resource.path}`)
      }
    }
  }
}
