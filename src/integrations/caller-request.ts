import type { ClientCertificateMaterial } from './http/tls-dispatcher.ts'

/**
 * What an integration reads of the request that reached it. The REST pipeline's method request is
 * one; it is named here, below the API kinds, so the integrations serve every kind without knowing
 * any kind's own records.
 */
export interface CallerRequest {
  readonly http: { readonly method: string }
  readonly ids: { readonly requestId: string }
  /** The request's headers, `[name, value, ...]`. */
  readonly headers: readonly string[]
  /** The decoded query string, every value of every key in order. */
  readonly query: ReadonlyMap<string, readonly string[]>
  readonly rawQuery: string
  /** The path below the stage, raw. */
  readonly path: string
  readonly pathParameters: Readonly<Record<string, string>>
  /** `requestContext`, as the API kind builds it. */
  readonly requestContext: Readonly<Record<string, unknown>>
  readonly served: {
    readonly restApiId: string
    readonly stageVariables: Readonly<Record<string, string>>
    readonly deployment: { readonly binaryMediaTypes: readonly string[] }
    /** The stage's client certificate (its `clientCertificateId`), which HTTP backends are shown. */
    readonly clientCertificate?: ClientCertificateMaterial
    /** VPC link id → the URL its load balancer is reached at (gatehouse.yaml `vpcLinks`), for private integrations. */
    readonly vpcLinks?: ReadonlyMap<string, string>
  }
  /** The resource template the request matched (`/pets/{id}`). */
  readonly method: { readonly resourcePath: string }
}
