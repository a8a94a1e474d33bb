import { badRequest, conflict, validationError } from '../../../core/management-error.ts'
import { enumConstraint } from '../../operations/coral-constraints.ts'
import { AUTHORIZER_TYPES, type Authorizer, type AuthorizerType } from '../../../model/authorizer.ts'
import type { StoreReader } from '../../../store/store.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * What CreateAuthorizer and UpdateAuthorizer both check (AWS API reference, `Authorizer`). Texts
 * that AWS users have reported are reproduced; the rest follow AWS's "Invalid X specified" family
 * and say so (messages.ts).
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
  if (authorizer.name.trim() === '') throw badRequest(REST_MESSAGES.authorizerNameEmpty)
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    if (authorizer.providerARNs === undefined || authorizer.providerARNs.length === 0) {
      throw badRequest(REST_MESSAGES.noCognitoUserPools)
    }
    for (const arn of authorizer.providerARNs) {
      if (!/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/.test(arn)) {
        throw badRequest(REST_MESSAGES.invalidCognitoUserPool(arn))
      }
    }
  } else if (authorizer.authorizerUri === undefined || authorizer.authorizerUri.trim() === '') {
    throw badRequest(REST_MESSAGES.invalidAuthorizerUri)
  }
  const ttl = authorizer.authorizerResultTtlInSeconds
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_AUTHORIZER_TTL_SECONDS)) {
    throw badRequest(REST_MESSAGES.invalidAuthorizerTtl(MAX_AUTHORIZER_TTL_SECONDS))
  }
  const source = authorizer.identitySource
  if (authorizer.type === 'REQUEST') {
    const parts = source === undefined ? [] : splitIdentitySource(source)
    for (const part of parts) {
      if (!REQUEST_SOURCE.test(part)) throw badRequest(REST_MESSAGES.invalidIdentitySource(part))
    }
    // Caching is keyed by the identity sources, so AWS demands them whenever the TTL is not 0.
    if (parts.length === 0 && (ttl ?? DEFAULT_AUTHORIZER_TTL_SECONDS) > 0) {
      throw badRequest(REST_MESSAGES.identitySourceRequired)
    }
  } else if (source === undefined || !TOKEN_SOURCE.test(source)) {
    throw badRequest(REST_MESSAGES.invalidTokenSource(source))
  }
  if (authorizer.identityValidationExpression !== undefined) {
    try {
      new RegExp(authorizer.identityValidationExpression)
    } catch {
      throw badRequest(REST_MESSAGES.invalidIdentityValidationExpression(authorizer.identityValidationExpression))
    }
  }
}

/**
 * DeleteAuthorizer while a method still names the authorizer: 409
 * `Cannot delete authorizer 'name', is referenced in method: GET//test`.
 */
export async function checkAuthorizerUnused(reader: StoreReader, restApiId: string, authorizer: Authorizer): Promise<void> {
  for (const resource of await reader.list('resource', restApiId)) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      if (method.authorizerId === authorizer.id && (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS')) {
        throw conflict(REST_MESSAGES.authorizerInUse(authorizer.name, verb, resource.path))
      }
    }
  }
}
