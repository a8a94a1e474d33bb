import type { RequestTarget } from '../request-target.ts'

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\./i

/**
 * A connection's `requestContext.domainName`. On AWS it is the API's host name, without a port
 * (sample event: lambda-go/apigw-websocket-request-send-message.json), and handlers build their
 * `@connections` endpoint from it (`https://${domainName}/${stage}`, developer guide, "Use
 * @connections commands in your backend service"). So it is the Host the client used, less its
 * port, when that names the API; and the API's `{apiId}.execute-api.localhost` when the client
 * used a path form (`/_aws/execute-api/{apiId}/{stage}`), whose host names no API. Local functions
 * reach those names over TLS (functions/execute-api-endpoint.ts).
 */
export function connectionDomainName(target: RequestTarget): string {
  const host = target.domainName.replace(/:\d+$/, '')
  return EXECUTE_API_HOST.test(host) ? host : `${target.restApiId}.execute-api.localhost`
}
