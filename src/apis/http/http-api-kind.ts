import type { ApiKind } from '../api-kind.ts'
import { OidcIssuerKeys } from '../../policies/authorizer/oidc-issuer-keys.ts'
import { HTTP_API_ROUTES } from './control-plane/operation-routes.ts'
import { HttpStages } from './http-stages.ts'
import { payloadTooLarge } from './pipeline/http-api-errors.ts'
import { invokeHttpApi, type HttpApiPipelineDeps } from './pipeline/invoke-http-api.ts'

/**
 * HTTP APIs (API Gateway v2, `ProtocolType: HTTP`): the `apigatewayv2` operations, the stages the
 * catalog keeps, and the request path (stage, route, integration). It answers only the APIs that
 * are its own; any other id goes on to the next kind.
 */
export const HTTP_API_KIND: ApiKind<HttpStages> = {
  name: 'HTTP',
  managementRoutes: { apigatewayv2: HTTP_API_ROUTES },
  createStages: (deps) => new HttpStages(deps.store, deps.logger),
  createHandler(stages, engines) {
    const deps: HttpApiPipelineDeps = {
      stages,
      engines,
      issuerKeys: new OidcIssuerKeys(engines.userPools),
      integrations: { functions: engines.functions, dispatcher: engines.dispatcher, aws: engines.aws, logger: engines.logger },
    }
    return (http, target, localPort) => (stages.knownNotServed(target.restApiId) ? undefined : invokeHttpApi(http, target, localPort, deps))
  },
  tooLarge: async (stages, apiId, limitBytes) => ((await stages.find(apiId)) === undefined ? undefined : payloadTooLarge(limitBytes)),
}
