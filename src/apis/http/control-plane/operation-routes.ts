import type { RouteDefinition } from '../../operations/router.ts'
import { createApi, deleteApi, deleteCorsConfiguration, getApi, getApis, updateApi } from './api.ts'
import { createAuthorizer, deleteAuthorizer, getAuthorizer, getAuthorizers, updateAuthorizer } from './authorizer.ts'
import { createDeployment, deleteDeployment, getDeployment, getDeployments } from './deployment.ts'
import { createIntegration, deleteIntegration, getIntegration, getIntegrations, updateIntegration } from './integration.ts'
import { createRoute, deleteRoute, getRoute, getRoutes, updateRoute } from './route.ts'
import { exportApi } from './export-api.ts'
import { importApi, reimportApi } from './import-api.ts'
import { createStage, deleteRouteSettings, deleteStage, getStage, getStages, updateStage } from './stage.ts'
import { getTags, tagResource, untagResource } from './tags.ts'

/** The `apigatewayv2` operations HTTP APIs bring, by AWS's URI templates (botocore `apigatewayv2` service model). */
export const HTTP_API_ROUTES: readonly RouteDefinition[] = [
  { method: 'POST', path: '/v2/apis', hasBody: true, handler: createApi },
  { method: 'GET', path: '/v2/apis', hasBody: false, handler: getApis },
  { method: 'PUT', path: '/v2/apis', hasBody: true, handler: importApi },
  { method: 'GET', path: '/v2/apis/{apiId}', hasBody: false, handler: getApi },
  { method: 'PUT', path: '/v2/apis/{apiId}', hasBody: true, handler: reimportApi },
  { method: 'GET', path: '/v2/apis/{apiId}/exports/{specification}', hasBody: false, handler: exportApi },
  { method: 'PATCH', path: '/v2/apis/{apiId}', hasBody: true, handler: updateApi },
  { method: 'DELETE', path: '/v2/apis/{apiId}', hasBody: false, handler: deleteApi },
  { method: 'DELETE', path: '/v2/apis/{apiId}/cors', hasBody: false, handler: deleteCorsConfiguration },
  { method: 'POST', path: '/v2/apis/{apiId}/routes', hasBody: true, handler: createRoute },
  { method: 'GET', path: '/v2/apis/{apiId}/routes', hasBody: false, handler: getRoutes },
  { method: 'GET', path: '/v2/apis/{apiId}/routes/{routeId}', hasBody: false, handler: getRoute },
  { method: 'PATCH', path: '/v2/apis/{apiId}/routes/{routeId}', hasBody: true, handler: updateRoute },
  { method: 'DELETE', path: '/v2/apis/{apiId}/routes/{routeId}', hasBody: false, handler: deleteRoute },
  { method: 'POST', path: '/v2/apis/{apiId}/integrations', hasBody: true, handler: createIntegration },
  { method: 'GET', path: '/v2/apis/{apiId}/integrations', hasBody: false, handler: getIntegrations },
  { method: 'GET', path: '/v2/apis/{apiId}/integrations/{integrationId}', hasBody: false, handler: getIntegration },
  { method: 'PATCH', path: '/v2/apis/{apiId}/integrations/{integrationId}', hasBody: true, handler: updateIntegration },
  { method: 'DELETE', path: '/v2/apis/{apiId}/integrations/{integrationId}', hasBody: false, handler: deleteIntegration },
  { method: 'POST', path: '/v2/apis/{apiId}/stages', hasBody: true, handler: createStage },
  { method: 'GET', path: '/v2/apis/{apiId}/stages', hasBody: false, handler: getStages },
  { method: 'GET', path: '/v2/apis/{apiId}/stages/{stageName}', hasBody: false, handler: getStage },
  { method: 'PATCH', path: '/v2/apis/{apiId}/stages/{stageName}', hasBody: true, handler: updateStage },
  { method: 'DELETE', path: '/v2/apis/{apiId}/stages/{stageName}', hasBody: false, handler: deleteStage },
  { method: 'DELETE', path: '/v2/apis/{apiId}/stages/{stageName}/routesettings/{routeKey}', hasBody: false, handler: deleteRouteSettings },
  { method: 'POST', path: '/v2/apis/{apiId}/deployments', hasBody: true, handler: createDeployment },
  { method: 'GET', path: '/v2/apis/{apiId}/deployments', hasBody: false, handler: getDeployments },
  { method: 'GET', path: '/v2/apis/{apiId}/deployments/{deploymentId}', hasBody: false, handler: getDeployment },
  { method: 'DELETE', path: '/v2/apis/{apiId}/deployments/{deploymentId}', hasBody: false, handler: deleteDeployment },
  { method: 'POST', path: '/v2/apis/{apiId}/authorizers', hasBody: true, handler: createAuthorizer },
  { method: 'GET', path: '/v2/apis/{apiId}/authorizers', hasBody: false, handler: getAuthorizers },
  { method: 'GET', path: '/v2/apis/{apiId}/authorizers/{authorizerId}', hasBody: false, handler: getAuthorizer },
  { method: 'PATCH', path: '/v2/apis/{apiId}/authorizers/{authorizerId}', hasBody: true, handler: updateAuthorizer },
  { method: 'DELETE', path: '/v2/apis/{apiId}/authorizers/{authorizerId}', hasBody: false, handler: deleteAuthorizer },
  { method: 'GET', path: '/v2/tags/{resourceArn}', hasBody: false, handler: getTags },
  { method: 'POST', path: '/v2/tags/{resourceArn}', hasBody: true, handler: tagResource },
  { method: 'DELETE', path: '/v2/tags/{resourceArn}', hasBody: false, handler: untagResource },
]
