import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { Logger } from '../../core/logger.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import type { CallerRequest } from '../caller-request.ts'

/** Where an HTTP or HTTP_PROXY request goes: the URL to connect to, and the Host it names when that differs. */
export interface BackendRoute {
  readonly url: URL
  readonly host?: string
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g

/**
 * A private integration (`connectionType: VPC_LINK`) reaches its VPC link's load balancer, not the
 * URI's host: "the URI is not used for routing requests to your endpoint" but names the Host and the
 * path (API reference, Integration.uri; developer guide, "Private integrations for REST APIs in API
 * Gateway"). `connectionId` may be `${stageVariables.name}` (developer guide, "Set up a private
 * integration"). Locally, the link's load balancer is the URL gatehouse.yaml's `vpcLinks` gives for
 * it (the stage's `vpcLinks`, loaded with the stage): the request goes to that URL's origin, with the
 * URI's path and query and `Host` the URI's host. A link with no such URL fails the request (500),
 * as a link whose load balancer answers nothing does.
 */
export function backendRoute(config: IntegrationConfig, methodRequest: CallerRequest, target: URL, logger: Logger): BackendRoute {
  if (config.connectionType !== 'VPC_LINK') return { url: target }
  const served = methodRequest.served
  const connectionId = (config.connectionId ?? '').replace(STAGE_VARIABLE, (_, name: string) => (Object.hasOwn(served.stageVariables, name) ? served.stageVariables[name] : ''))
  const origin = served.vpcLinks?.get(connectionId)
  if (origin === undefined) {
    logger.warn({ connectionId }, 'Execution failed: the VPC link has no target in gatehouse.yaml vpcLinks (or does not exist)')
    throw new GatewayError('INTEGRATION_FAILURE', GATEWAY_MESSAGES.internalServerError, { statusCode: 500 })
  }
  return { url: new URL(`${target.pathname}${target.search}`, origin), host: target.host }
}
