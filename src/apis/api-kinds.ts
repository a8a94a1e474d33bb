import type { ApiKind } from './api-kind.ts'
import { HTTP_API_KIND } from './http/http-api-kind.ts'
import { REST_API_KIND } from './rest/rest-api-kind.ts'

/**
 * The API kinds this gateway serves, in the order the data plane asks them whether a request is
 * theirs. REST comes last: it answers whatever no other kind claimed.
 */
export const API_KINDS: readonly ApiKind[] = [HTTP_API_KIND as ApiKind, REST_API_KIND as ApiKind]
