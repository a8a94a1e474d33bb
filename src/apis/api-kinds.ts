import type { ApiKind } from './api-kind.ts'
import { HTTP_API_KIND } from './http/http-api-kind.ts'
import { REST_API_KIND } from './rest/rest-api-kind.ts'
import { WEBSOCKET_API_KIND } from './websocket/websocket-api-kind.ts'

/**
 * The API kinds this gateway serves, in the order the data plane asks them whether a request is
 * theirs. REST comes last: it answers whatever no other kind claimed. WebSocket comes before HTTP:
 * its `apigatewayv2` routes are HTTP's own, told apart by protocol, so they must be the ones mounted.
 */
export const API_KINDS: readonly ApiKind[] = [WEBSOCKET_API_KIND as ApiKind, HTTP_API_KIND as ApiKind, REST_API_KIND as ApiKind]
