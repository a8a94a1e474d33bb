/**
 * Where a data-plane request is addressed. Gatehouse accepts AWS's own host form and two path forms
 * that need no DNS (the second is LocalStack's, so existing scripts keep working):
 *
 *   http://{apiId}.execute-api.{anything}/{stage}/{path}        (Host header, as on AWS)
 *   http://host/_aws/execute-api/{apiId}/{stage}/{path}
 *   http://host/restapis/{apiId}/{stage}/_user_request_/{path}
 */
export interface RequestTarget {
  readonly restApiId: string
  readonly stageName: string
  /** The path below the stage, raw (not percent-decoded), leading slashes collapsed: `/pets/1`, `/` at the root. */
  readonly path: string
  /**
   * `requestContext.path`: `/{stage}` followed by the path exactly as the client sent it below the
   * stage — the whole path below the API, as HTTP APIs' `rawPath` takes it. `/` when stageName is ''.
   */
  readonly stagePath: string
  /** The query string without `?` and without any `#fragment`; '' when none. */
  readonly rawQuery: string
  /** `requestContext.domainName`: the Host header. */
  readonly domainName: string
}

const HOST_FORM = /^([a-z0-9]+)\.execute-api\./i
const PATH_FORM = /^\/_aws\/execute-api\/([^/]+)(?:\/+([^/]*)(\/.*)?)?$/
const USER_REQUEST_FORM = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/

/** True when the request is for the data plane rather than the management API. */
export function isDataPlaneRequest(host: string | undefined, url: string): boolean {
  return (host !== undefined && HOST_FORM.test(host)) || url.startsWith('/_aws/execute-api/') || url.includes('/_user_request_')
}

/**
 * A request addressed at the root of the port, for an API `gatehouse up` serves there as
 * `sam local start-api` does (`http://127.0.0.1:3000/hello`): the whole path is below the stage.
 */
export function rootRequestTarget(restApiId: string, stageName: string, host: string | undefined, url: string): RequestTarget {
  const hash = url.indexOf('#')
  const target = hash === -1 ? url : url.slice(0, hash)
  const question = target.indexOf('?')
  const pathname = question === -1 ? target : target.slice(0, question)
  return {
    restApiId,
    stageName,
    path: '/' + pathname.replace(/^\/+/, ''),
    stagePath: `/${stageName}${pathname}`,
    rawQuery: question === -1 ? '' : target.slice(question + 1),
    domainName: host ?? '',
  }
}

/**
 * Splits the request line into API, stage and path, or undefined when it names no API. A request
 * for the API's root has stage name '' (REST answers it with Missing Authentication Token; an HTTP
 * API's `$default` stage serves it). As recorded (test_apigateway_lambda >
 * test_lambda_aws_proxy_integration): a doubled slash before the stage
 * is dropped (`//stage/x` → path `/x`, requestContext.path `/stage/x`), one after it is kept in
 * requestContext.path but not in `path` (`/stage//x` → `/x`).
 */
export function parseRequestTarget(host: string | undefined, url: string): RequestTarget | undefined {
  const hash = url.indexOf('#')
  const target = hash === -1 ? url : url.slice(0, hash)
  const question = target.indexOf('?')
  const pathname = question === -1 ? target : target.slice(0, question)
  const rawQuery = question === -1 ? '' : target.slice(question + 1)
  const domainName = host ?? ''

  let restApiId: string
  let stageName: string
  let below: string
  const hostMatch = host === undefined ? null : HOST_FORM.exec(host)
  const pathMatch = PATH_FORM.exec(pathname) ?? USER_REQUEST_FORM.exec(pathname)
  if (pathMatch !== null) {
    restApiId = pathMatch[1]
    stageName = pathMatch[2] ?? ''
    below = pathMatch[3] ?? ''
  } else if (hostMatch !== null) {
    const trimmed = pathname.replace(/^\/+/, '')
    const slash = trimmed.indexOf('/')
    restApiId = hostMatch[1].toLowerCase()
    stageName = slash === -1 ? trimmed : trimmed.slice(0, slash)
    below = slash === -1 ? '' : trimmed.slice(slash)
  } else {
    return undefined
  }
  // No stage segment: REST answers Missing Authentication Token, an HTTP API's `$default` stage serves its root.
  if (stageName === '') return { restApiId, stageName: '', path: '/', stagePath: '/', rawQuery, domainName }
  return {
    restApiId,
    stageName,
    path: '/' + below.replace(/^\/+/, ''),
    stagePath: `/${stageName}${below}`,
    rawQuery,
    domainName,
  }
}
