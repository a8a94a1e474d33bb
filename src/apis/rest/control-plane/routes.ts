import { getAccount, updateAccount } from './account.ts'
import { createApiKey, deleteApiKey, getApiKey, getApiKeys, updateApiKey } from './api-key.ts'
import { importApiKeys } from './api-key-import.ts'
import { createAuthorizer, deleteAuthorizer, getAuthorizer, getAuthorizers, updateAuthorizer } from './authorizer.ts'
import { flushStageAuthorizersCache } from './authorizer-cache.ts'
import { testInvokeAuthorizer } from './test-invoke-authorizer.ts'
import { testInvokeMethod } from './test-invoke-method.ts'
import { createDeployment, deleteDeployment, getDeployment, getDeployments, updateDeployment } from './deployment.ts'
import {
  deleteGatewayResponse, getGatewayResponse, getGatewayResponses, putGatewayResponse, updateGatewayResponse,
} from './gateway-response.ts'
import {
  createDocumentationPart, deleteDocumentationPart, getDocumentationPart, getDocumentationParts, updateDocumentationPart,
} from './documentation-part.ts'
import {
  createDocumentationVersion, deleteDocumentationVersion, getDocumentationVersion, getDocumentationVersions, updateDocumentationVersion,
} from './documentation-version.ts'
import { deleteIntegration, getIntegration, putIntegration, updateIntegration } from './integration.ts'
import {
  deleteIntegrationResponse, getIntegrationResponse, putIntegrationResponse, updateIntegrationResponse,
} from './integration-response.ts'
import { deleteMethod, getMethod, putMethod, updateMethod } from './method.ts'
import { deleteMethodResponse, getMethodResponse, putMethodResponse, updateMethodResponse } from './method-response.ts'
import { createModel, deleteModel, getModel, getModels, updateModel } from './model.ts'
import {
  createRequestValidator, deleteRequestValidator, getRequestValidator, getRequestValidators, updateRequestValidator,
} from './request-validator.ts'
import { createResource, deleteResource, getResource, getResources, updateResource } from './resource.ts'
import { createRestApi, deleteRestApi, getRestApi, getRestApis } from './rest-api.ts'
import { updateRestApi } from './rest-api-update.ts'
import type { RouteDefinition } from '../../operations/router.ts'
import { getCanaryMetrics } from './canary-metrics.ts'
import { createStage, deleteStage, getStage, getStages } from './stage.ts'
import { updateStage } from './stage-update.ts'
import { flushStageCache, getCacheMetrics } from './stage-cache.ts'
import { createUsagePlan, deleteUsagePlan, getUsagePlan, getUsagePlans } from './usage-plan.ts'
import { createUsagePlanKey, deleteUsagePlanKey, getUsagePlanKey, getUsagePlanKeys } from './usage-plan-key.ts'
import { updateUsagePlan } from './usage-plan-update.ts'
import { getUsage, updateUsage } from './usage.ts'
import { getTags, tagResource, untagResource } from './tags.ts'
import {
  deleteClientCertificate, generateClientCertificate, getClientCertificate, getClientCertificates, updateClientCertificate,
} from './client-certificate.ts'
import { createVpcLink, deleteVpcLink, getVpcLink, getVpcLinks, updateVpcLink } from './vpc-link.ts'
import { getExport } from '../openapi/export-rest-api.ts'
import { importRestApi, putRestApi } from '../openapi/import-rest-api.ts'
import { importDocumentationParts } from '../openapi/import-documentation-parts.ts'

/** The REST API v1 operations Gatehouse serves, with AWS's URI templates (botocore `apigateway`). */

const API = '/restapis/{restApiId}'
const RESOURCE = `${API}/resources/{resourceId}`
const METHOD = `${RESOURCE}/methods/{httpMethod}`

const read = (method: string, path: string, handler: RouteDefinition['handler']): RouteDefinition =>
  ({ method, path, hasBody: false, handler })
const write = (method: string, path: string, handler: RouteDefinition['handler']): RouteDefinition =>
  ({ method, path, hasBody: true, handler })

export const REST_API_V1_ROUTES: readonly RouteDefinition[] = [
  // CreateRestApi and ImportRestApi share the URI; `?mode=import` (botocore's ImportRestApi) tells them apart.
  {
    method: 'POST',
    path: '/restapis',
    hasBody: true,
    rawBody: (query) => query.get('mode') === 'import',
    handler: (operation) => (operation.query.get('mode') === 'import' ? importRestApi(operation) : createRestApi(operation)),
  },
  { method: 'PUT', path: API, hasBody: true, rawBody: () => true, handler: putRestApi },
  read('GET', `${API}/stages/{stageName}/exports/{exportType}`, getExport),
  read('GET', '/restapis', getRestApis),
  read('GET', '/account', getAccount),
  write('PATCH', '/account', updateAccount),
  read('GET', API, getRestApi),
  write('PATCH', API, updateRestApi),
  read('DELETE', API, deleteRestApi),

  read('GET', `${API}/resources`, getResources),
  write('POST', `${API}/resources/{parentId}`, createResource),
  read('GET', RESOURCE, getResource),
  write('PATCH', RESOURCE, updateResource),
  read('DELETE', RESOURCE, deleteResource),

  write('PUT', METHOD, putMethod),
  write('POST', METHOD, testInvokeMethod),
  read('GET', METHOD, getMethod),
  write('PATCH', METHOD, updateMethod),
  read('DELETE', METHOD, deleteMethod),

  write('PUT', `${METHOD}/responses/{statusCode}`, putMethodResponse),
  read('GET', `${METHOD}/responses/{statusCode}`, getMethodResponse),
  write('PATCH', `${METHOD}/responses/{statusCode}`, updateMethodResponse),
  read('DELETE', `${METHOD}/responses/{statusCode}`, deleteMethodResponse),

  write('PUT', `${METHOD}/integration`, putIntegration),
  read('GET', `${METHOD}/integration`, getIntegration),
  write('PATCH', `${METHOD}/integration`, updateIntegration),
  read('DELETE', `${METHOD}/integration`, deleteIntegration),

  write('PUT', `${METHOD}/integration/responses/{statusCode}`, putIntegrationResponse),
  read('GET', `${METHOD}/integration/responses/{statusCode}`, getIntegrationResponse),
  write('PATCH', `${METHOD}/integration/responses/{statusCode}`, updateIntegrationResponse),
  read('DELETE', `${METHOD}/integration/responses/{statusCode}`, deleteIntegrationResponse),

  write('POST', `${API}/deployments`, createDeployment),
  read('GET', `${API}/deployments`, getDeployments),
  read('GET', `${API}/deployments/{deploymentId}`, getDeployment),
  write('PATCH', `${API}/deployments/{deploymentId}`, updateDeployment),
  read('DELETE', `${API}/deployments/{deploymentId}`, deleteDeployment),

  write('POST', `${API}/stages`, createStage),
  read('GET', `${API}/stages`, getStages),
  read('GET', `${API}/stages/{stageName}`, getStage),
  write('PATCH', `${API}/stages/{stageName}`, updateStage),
  read('DELETE', `${API}/stages/{stageName}`, deleteStage),
  // Gatehouse's own, beyond AWS: what a stage's canary answered lately (`gatehouse canary`).
  read('GET', `/_gatehouse${API}/stages/{stageName}/canary-metrics`, getCanaryMetrics),
  read('DELETE', `${API}/stages/{stageName}/cache/data`, flushStageCache),
  // Gatehouse's own: the stage's CacheHitCount/CacheMissCount.
  read('GET', `/_gatehouse${API}/stages/{stageName}/cache-metrics`, getCacheMetrics),

  read('GET', `${API}/gatewayresponses`, getGatewayResponses),
  read('GET', `${API}/gatewayresponses/{responseType}`, getGatewayResponse),
  write('PUT', `${API}/gatewayresponses/{responseType}`, putGatewayResponse),
  write('PATCH', `${API}/gatewayresponses/{responseType}`, updateGatewayResponse),
  read('DELETE', `${API}/gatewayresponses/{responseType}`, deleteGatewayResponse),

  write('POST', `${API}/models`, createModel),
  read('GET', `${API}/models`, getModels),
  read('GET', `${API}/models/{modelName}`, getModel),
  write('PATCH', `${API}/models/{modelName}`, updateModel),
  read('DELETE', `${API}/models/{modelName}`, deleteModel),

  write('POST', `${API}/authorizers`, createAuthorizer),
  read('GET', `${API}/authorizers`, getAuthorizers),
  read('GET', `${API}/authorizers/{authorizerId}`, getAuthorizer),
  write('POST', `${API}/authorizers/{authorizerId}`, testInvokeAuthorizer),
  write('PATCH', `${API}/authorizers/{authorizerId}`, updateAuthorizer),
  read('DELETE', `${API}/authorizers/{authorizerId}`, deleteAuthorizer),
  read('DELETE', `${API}/stages/{stageName}/cache/authorizers`, flushStageAuthorizersCache),

  write('POST', `${API}/requestvalidators`, createRequestValidator),
  read('GET', `${API}/requestvalidators`, getRequestValidators),
  read('GET', `${API}/requestvalidators/{requestValidatorId}`, getRequestValidator),
  write('PATCH', `${API}/requestvalidators/{requestValidatorId}`, updateRequestValidator),
  read('DELETE', `${API}/requestvalidators/{requestValidatorId}`, deleteRequestValidator),

  write('POST', `${API}/documentation/parts`, createDocumentationPart),
  { method: 'PUT', path: `${API}/documentation/parts`, hasBody: true, rawBody: () => true, handler: importDocumentationParts },
  read('GET', `${API}/documentation/parts`, getDocumentationParts),
  read('GET', `${API}/documentation/parts/{documentationPartId}`, getDocumentationPart),
  write('PATCH', `${API}/documentation/parts/{documentationPartId}`, updateDocumentationPart),
  read('DELETE', `${API}/documentation/parts/{documentationPartId}`, deleteDocumentationPart),

  write('POST', `${API}/documentation/versions`, createDocumentationVersion),
  read('GET', `${API}/documentation/versions`, getDocumentationVersions),
  read('GET', `${API}/documentation/versions/{documentationVersion}`, getDocumentationVersion),
  write('PATCH', `${API}/documentation/versions/{documentationVersion}`, updateDocumentationVersion),
  read('DELETE', `${API}/documentation/versions/{documentationVersion}`, deleteDocumentationVersion),

  // CreateApiKey and ImportApiKeys share the URI; `?mode=import` (botocore's ImportApiKeys) tells them apart.
  {
    method: 'POST',
    path: '/apikeys',
    hasBody: true,
    rawBody: (query) => query.get('mode') === 'import',
    handler: (operation) => (operation.query.get('mode') === 'import' ? importApiKeys(operation) : createApiKey(operation)),
  },
  read('GET', '/apikeys', getApiKeys),
  read('GET', '/apikeys/{apiKey}', getApiKey),
  write('PATCH', '/apikeys/{apiKey}', updateApiKey),
  read('DELETE', '/apikeys/{apiKey}', deleteApiKey),

  write('POST', '/usageplans', createUsagePlan),
  read('GET', '/usageplans', getUsagePlans),
  read('GET', '/usageplans/{usagePlanId}', getUsagePlan),
  write('PATCH', '/usageplans/{usagePlanId}', updateUsagePlan),
  read('DELETE', '/usageplans/{usagePlanId}', deleteUsagePlan),

  write('POST', '/usageplans/{usagePlanId}/keys', createUsagePlanKey),
  read('GET', '/usageplans/{usagePlanId}/keys', getUsagePlanKeys),
  read('GET', '/usageplans/{usagePlanId}/keys/{keyId}', getUsagePlanKey),
  read('DELETE', '/usageplans/{usagePlanId}/keys/{keyId}', deleteUsagePlanKey),
  read('GET', '/usageplans/{usagePlanId}/usage', getUsage),
  write('PATCH', '/usageplans/{usagePlanId}/keys/{keyId}/usage', updateUsage),

  write('POST', '/clientcertificates', generateClientCertificate),
  read('GET', '/clientcertificates', getClientCertificates),
  read('GET', '/clientcertificates/{clientCertificateId}', getClientCertificate),
  write('PATCH', '/clientcertificates/{clientCertificateId}', updateClientCertificate),
  read('DELETE', '/clientcertificates/{clientCertificateId}', deleteClientCertificate),

  write('POST', '/vpclinks', createVpcLink),
  read('GET', '/vpclinks', getVpcLinks),
  read('GET', '/vpclinks/{vpcLinkId}', getVpcLink),
  write('PATCH', '/vpclinks/{vpcLinkId}', updateVpcLink),
  read('DELETE', '/vpclinks/{vpcLinkId}', deleteVpcLink),

  // The ARN is one path segment: the SDKs and the CLI escape its slashes (`%2F`).
  write('PUT', '/tags/{resourceArn}', tagResource),
  read('GET', '/tags/{resourceArn}', getTags),
  read('DELETE', '/tags/{resourceArn}', untagResource),
]
