import type { ApiKind } from '../api-kind.ts'
import { REST_API_V1_ROUTES } from './control-plane/routes.ts'
import { invokeRestApi, type RestPipelineDeps } from './pipeline/invoke-rest-api.ts'
import { StageRegistry } from './stage-registry.ts'

/**
 * REST APIs (API Gateway v1): the `apigateway` management operations, the stages the catalog keeps
 * (stage → compiled deployment, with its canary), and the REST pipeline. It answers every request
 * no other kind claimed, as an unknown API id is answered as REST's 403 Missing Authentication Token.
 */
export const REST_API_KIND: ApiKind<StageRegistry> = {
  name: 'REST',
  managementRoutes: { apigateway: REST_API_V1_ROUTES.filter((route) => !route.path.startsWith('/_gatehouse')), _gatehouse: REST_API_V1_ROUTES.filter((route) => route.path.startsWith('/_gatehouse')) },
  createStages: (deps) => new StageRegistry(deps.store, deps.logger, deps.random, deps.compiler, deps.vpcLinkTargets),
  createHandler(stages, engines) {
    const pipeline: RestPipelineDeps = {
      stages,
      principals: engines.principals,
      clock: engines.clock,
      logger: engines.logger,
      aws: engines.aws,
      integrations: { functions: engines.functions, dispatcher: engines.dispatcher, aws: engines.aws, logger: engines.logger },
      apiKeys: engines.apiKeys,
      // One round trip per metered request on Redis: the bucket and the quota in one script.
      usageLimits: { throttle: engines.state.throttle, quota: engines.state.quota, clock: engines.clock, meter: engines.state.meter },
      stageThrottle: { throttle: engines.state.throttle, account: engines.account },
      responseCache: { cache: engines.state.responseCache, metrics: engines.cacheMetrics, aws: engines.aws, clock: engines.clock },
      canaryMetrics: engines.canaryMetrics,
      authorizers: {
        functions: engines.functions,
        cache: engines.state.authorizerCache,
        aws: engines.aws,
        logger: engines.logger,
        clock: engines.clock,
        userPools: engines.userPools,
      },
    }
    return (http, target, localPort) => invokeRestApi(http, target, localPort, pipeline)
  },
}
