import type { HttpResponse } from '../core/http.ts'
import type { StageRegistry } from '../apis/rest/stage-registry.ts'
import type { HttpStages } from '../apis/http/http-stages.ts'
import { findHttpRootTarget } from '../apis/http/root-route.ts'
import { matchResource } from '../apis/rest/pipeline/router/match-resource.ts'
import { rootRequestTarget, type RequestTarget } from '../apis/request-target.ts'

/**
 * The APIs a gateway serves at the root of its port besides the execute-api forms — what
 * `gatehouse up` asks for, so that `http://127.0.0.1:3000/hello` works as it does under
 * `sam local start-api` (AWS SAM developer guide, "sam local start-api"). Only a gateway started with
 * root APIs has this; `gatehouse serve` answers only the execute-api forms, as AWS does.
 */
export interface RootApi {
  /** A REST API (API Gateway v1) or an HTTP API (v2). */
  readonly kind: 'REST' | 'HTTP'
  readonly apiId: string
  readonly stageName: string
  /** How the API is named to the user (its logical id), for the answer to a path none serves. */
  readonly label: string
  /** The stage's execute-api URL. */
  readonly url: string
}

/** The stages the root lookup reads, by kind. */
export interface RootApiStages {
  readonly rest: StageRegistry
  readonly http: HttpStages
}

/**
 * The first root API whose stage has a resource and method (REST) or a route (HTTP) for this
 * request, as its target; an HTTP API's `$default` route only once no API has a route of its own.
 */
export async function findRootTarget(
  stages: RootApiStages, apis: readonly RootApi[], method: string, host: string | undefined, url: string,
): Promise<RequestTarget | undefined> {
  for (const api of apis) {
    if (api.kind === 'HTTP') {
      const target = await findHttpRootTarget(stages.http, api.apiId, api.stageName, method, host, url, false)
      if (target !== undefined) return target
      continue
    }
    const target = rootRequestTarget(api.apiId, api.stageName, host, url)
    const served = await stages.rest.find(api.apiId, api.stageName)
    const root = served?.deployment.root
    if (root !== undefined && matchResource(root, target.path, method) !== undefined) return target
  }
  for (const api of apis) {
    if (api.kind !== 'HTTP') continue
    const target = await findHttpRootTarget(stages.http, api.apiId, api.stageName, method, host, url, true)
    if (target !== undefined) return target
  }
  return undefined
}

/**
 * True for a call SigV4-signed for the management APIs (`apigateway`, `lambda` in the credential
 * scope): the AWS CLI and SDKs pointed at the port reach the control plane even when an API at the
 * root has a greedy path. A signed call to an AWS_IAM method is scoped to `execute-api` instead.
 */
export function signedForManagement(authorization: string | undefined, url: string): boolean {
  const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '')?.[1]
    ?? /[?&]X-Amz-Credential=[^/&]+(?:\/|%2F)\d{8}(?:\/|%2F)[^/&%]+(?:\/|%2F)([^/&%]+)(?:\/|%2F)aws4_request/i.exec(url)?.[1]
  return scope === 'apigateway' || scope === 'lambda'
}

/**
 * A path no root API serves and no management operation answers: instead of AWS's bare
 * `Missing Authentication Token` (or the management API's UnknownOperationException), say which
 * APIs this port serves and where, so a mistyped path or a missing stage is obvious.
 */
export function notServedAtRoot(apis: readonly RootApi[], method: string, url: string): HttpResponse {
  const path = url.split(/[?#]/)[0]
  const served = apis.map((api) => `${api.label} (stage ${api.stageName}) at / and ${api.url}`)
  const message = apis.length === 0
    ? `No API serves ${method} ${path}: none is deployed yet`
    : `No API serves ${method} ${path} here. Served: ${served.join('; ')}`
  const body = Buffer.from(JSON.stringify({ message }))
  return { statusCode: 404, headers: [['Content-Type', 'application/json'], ['x-amzn-ErrorType', 'NotFoundException']], body }
}
