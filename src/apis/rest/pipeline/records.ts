import type { IamPrincipal } from '../../../auth/iam-principal.ts'
import type { HttpRequest } from '../../../core/http.ts'
import type { UsagePlan } from '../../../model/usage-plan.ts'
import type { CompiledMethod } from '../deploy/compiled-deployment.ts'
import type { AuthorizerResult } from '../../../policies/authorizer/authorizer-result.ts'
import type { ServedStage } from '../stage-registry.ts'

/**
 * The immutable records the REST pipeline hands from phase to phase (docs/architecture.md,
 * "REST request pipeline"). Each phase gets
 * only what the previous one produced, so a phase cannot reach what it has not been given.
 */

/** Identifiers minted once per request: `x-amzn-RequestId`, `x-amz-apigw-id`, `X-Amzn-Trace-Id`. */
export interface RequestIds {
  readonly requestId: string
  readonly extendedRequestId: string
  readonly traceId: string
  readonly requestTimeEpoch: number
}

export interface RoutedRequest {
  readonly http: HttpRequest
  readonly ids: RequestIds
  readonly served: ServedStage
  readonly method: CompiledMethod
  /** The path below the stage (raw), `path` in the proxy event. */
  readonly path: string
  /** `requestContext.path`. */
  readonly stagePath: string
  readonly rawQuery: string
  readonly domainName: string
  readonly pathParameters: Readonly<Record<string, string>>
  /** AWS_IAM methods: the principal whose SigV4 signature was verified (phases/iam-authentication.ts). */
  readonly caller?: IamPrincipal
}

/** What Method Request let through. Authorizer, API key and usage results join here as they land. */
export interface MethodRequest extends RoutedRequest {
  /** The method request's headers, `[name, value, ...]` (data-plane/method-request-headers.ts). */
  readonly headers: readonly string[]
  /** The decoded query string, every value of every key in order. */
  readonly query: ReadonlyMap<string, readonly string[]>
  /** `requestContext` / `$context` as AWS builds it, shared by the proxy event and the templates. */
  readonly requestContext: RequestContext
  /** What the method's Lambda or Cognito authorizer let through (its `usageIdentifierKey` included). */
  readonly authorizer?: AuthorizerResult
  /** `apiKeyRequired` methods: the caller's API key and the usage plan that covers this stage for it (phases/api-key.ts). */
  readonly apiKey?: { readonly id: string; readonly usagePlan: UsagePlan }
}

export interface RequestContext {
  readonly [key: string]: unknown
  readonly accountId: string
  readonly apiId: string
  readonly deploymentId: string
  readonly domainName: string
  readonly domainPrefix: string
  readonly extendedRequestId: string
  readonly httpMethod: string
  readonly identity: Readonly<Record<string, string | null>>
  readonly path: string
  readonly protocol: string
  readonly requestId: string
  readonly requestTime: string
  readonly requestTimeEpoch: number
  readonly resourceId: string
  readonly resourcePath: string
  readonly stage: string
}

export type { EndpointResponse } from '../../../integrations/endpoint-response.ts'
