import type { HttpApiExpressionReader } from '../../../mapping/http-api-expression.ts'
import type { HttpApiLambdaAuthorizer } from '../../../policies/authorizer/http-api-lambda-authorizer.ts'
import type { JwtAuthorizerSettings } from '../../../policies/authorizer/jwt-authorizer.ts'
import type { CompiledHttpIntegration } from './lambda-proxy-integration.ts'

/** How a route is authorized, compiled with its deployment (API reference v2, "Route", `authorizationType`). */
export type CompiledRouteAuthorization =
  | { readonly type: 'NONE' }
  | { readonly type: 'AWS_IAM' }
  | { readonly type: 'JWT'; readonly identity: HttpApiExpressionReader; readonly settings: JwtAuthorizerSettings; readonly scopes: readonly string[] }
  | { readonly type: 'CUSTOM'; readonly identity: readonly HttpApiExpressionReader[]; readonly authorizer: HttpApiLambdaAuthorizer }

/** A route as the data plane serves it: its authorization and its integration (undefined: no target, Not Found). */
export interface CompiledHttpRoute {
  readonly authorization: CompiledRouteAuthorization
  readonly integration: CompiledHttpIntegration | undefined
}
