import type { CompiledPolicy } from '../../../auth/policy/compiled-policy.ts'
import type { CompileProblem } from '../../../core/compile-problem.ts'
import type { GatewayResponseType } from '../../../core/gateway-error.ts'
import type { Integration } from '../../../integrations/integration.ts'
import type { CompiledMapping } from '../../../mapping/compiled-mapping.ts'
import type { ParameterReader } from '../../../mapping/parameter-source.ts'
import type { SubstitutionTemplate } from '../../../mapping/substitution-template.ts'
import type { CompiledRequestParameters } from '../../../mapping/parameter-mapping.ts'
import type { ResponseCacheKey } from '../../../policies/cache/cache-key.ts'
import type { Method } from '../../../model/method.ts'
import type { RestApi } from '../../../model/rest-api.ts'
import type { CompiledAuthorizer } from '../../../policies/authorizer/compiled-authorizer.ts'
import type { RequestValidation } from '../../../policies/validate/compile-request-validator.ts'
import type { ResourceNode } from './resource-tree.ts'

/**
 * Everything the data plane needs of one deployment, built once when a stage first serves it
 * (docs/architecture.md, "Deploy"). Immutable; a stage switches deployments by swapping the reference.
 */
export interface CompiledDeployment {
  readonly deploymentId: string
  readonly restApi: RestApi
  readonly root: ResourceNode<CompiledMethod> | undefined
  readonly binaryMediaTypes: readonly string[]
  readonly gatewayResponses: ReadonlyMap<GatewayResponseType, CompiledGatewayResponse>
  /** `RestApi.policy` at deploy time, compiled; undefined when the API has none (phases/resource-policy.ts). */
  readonly resourcePolicy?: CompiledPolicy
  /** What AWS accepts but fails at request time, found while compiling (CreateDeployment reports them). */
  readonly problems: readonly CompileProblem[]
}

export interface CompiledMethod {
  readonly resourceId: string
  readonly resourcePath: string
  /** The verb the method was declared with (`ANY` included). */
  readonly httpMethod: string
  readonly method: Method
  readonly integration: Integration
  /** Request/response templates and integration responses; only for non-proxy integrations. */
  readonly mapping: CompiledMapping | undefined
  readonly requestParameters: CompiledRequestParameters
  /** Request validation: runs at the end of Method Request; absent when nothing is validated. */
  readonly validate?: RequestValidation
  /** CUSTOM and COGNITO_USER_POOLS methods: the authorizer that runs in Method Request. */
  readonly authorizer?: CompiledAuthorizer
  /** The method's key in the stage's response cache, when the stage caches it (policies/cache/cache-key.ts). */
  readonly cacheKey: ResponseCacheKey
}

/** The gateway response in force for a type (model/effective-gateway-response.ts), compiled. */
export interface CompiledGatewayResponse {
  readonly statusCode: number | undefined
  /** True when the API customised this type or its family; otherwise AWS's built-in body is used. */
  readonly customised: boolean
  /** `gatewayresponse.header.X` ← source, compiled. */
  readonly responseParameters: readonly (readonly [string, ParameterReader])[]
  readonly templates: ReadonlyMap<string, SubstitutionTemplate>
}
