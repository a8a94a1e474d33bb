import { compileResourcePolicy } from '../../../auth/policy/compile-resource-policy.ts'
import type { CompileProblem, ReportProblem } from '../../../core/compile-problem.ts'
import { GATEWAY_RESPONSE_DEFAULTS, GATEWAY_RESPONSE_TYPES_ENUM_ORDER, type GatewayResponseType } from '../../../core/gateway-error.ts'
import { createIntegration } from '../../../integrations/create-integration.ts'
import { REST_PAYLOAD_FORMAT_1_0 } from '../../../integrations/aws-proxy/payload-format.ts'
import { compileMapping } from '../../../mapping/compiled-mapping.ts'
import { CompiledTemplates } from '../../../mapping/compiled-templates.ts'
import { compileRequestParameters } from '../../../mapping/parameter-mapping.ts'
import { compileParameterSource, type ParameterReader } from '../../../mapping/parameter-source.ts'
import { compileSubstitutionTemplate, type SubstitutionTemplate } from '../../../mapping/substitution-template.ts'
import type { ApiSnapshot } from '../../../model/api-snapshot.ts'
import { effectiveResponse } from '../../../model/effective-gateway-response.ts'
import type { GatewayResponse } from '../../../model/gateway-response.ts'
import type { Method } from '../../../model/method.ts'
import { compileAuthorizer, type CompiledAuthorizer } from '../../../policies/authorizer/compiled-authorizer.ts'
import type { Resource } from '../../../model/resource.ts'
import { requestValidationCompiler, type RequestValidation } from '../../../policies/validate/compile-request-validator.ts'
import type { CompiledDeployment, CompiledGatewayResponse, CompiledMethod } from './compiled-deployment.ts'
import { buildResourceTree } from './resource-tree.ts'
import { compileResponseCacheKey } from '../../../policies/cache/cache-key.ts'

/**
 * Compiles a deployment's snapshot into what the data plane serves: the routing tree, one
 * integration per method, parsed templates and selection patterns, and the gateway responses in
 * force. Runs once per deployment; nothing here is repeated per request.
 *
 * CreateDeployment runs it before it commits, so it is also where a deployment's problems are found:
 * what AWS accepts but fails at request time still fails then, and is listed in `problems`, each
 * naming its method, for CreateDeployment to report once.
 */
export function compileDeployment(deploymentId: string, snapshot: ApiSnapshot): CompiledDeployment {
  const problems: CompileProblem[] = []
  const reportFor = (where: string): ReportProblem => (reason) => problems.push({ where, reason })
  // Request validation: the deployment's validators and models, compiled per method.
  const compileValidation = requestValidationCompiler({
    restApiId: snapshot.restApi.id, models: snapshot.models, requestValidators: snapshot.requestValidators ?? [],
  })
  const authorizers = new Map((snapshot.authorizers ?? []).map((authorizer) =>
    [authorizer.id, compileAuthorizer(authorizer, reportFor(`authorizer ${authorizer.name} (${authorizer.id})`))] as const))
  // One compiled form per distinct template text in the deployment (10,000 methods often share two).
  const templates = new CompiledTemplates()
  const root = buildResourceTree(snapshot.resources, (resource, verb) =>
    compileMethod(resource, verb, compileValidation, authorizers, templates, reportFor(`${verb} ${resource.path}`)))
  return {
    deploymentId,
    restApi: snapshot.restApi,
    root,
    binaryMediaTypes: (snapshot.restApi.binaryMediaTypes ?? []).map((type) => type.toLowerCase()),
    gatewayResponses: compileGatewayResponses(snapshot.gatewayResponses),
    // Resource policy: compiled here, so a changed policy needs a redeploy, as on AWS.
    resourcePolicy: compileResourcePolicy(snapshot.restApi.policy, reportFor('resource policy')),
    problems,
  }
}

function compileMethod(
  resource: Resource,
  verb: string,
  compileValidation: (method: Method, report: ReportProblem) => RequestValidation | undefined,
  authorizers: ReadonlyMap<string, CompiledAuthorizer>,
  templates: CompiledTemplates,
  report: ReportProblem,
): CompiledMethod {
  const method = resource.resourceMethods![verb]
  // CreateDeployment refuses methods without an integration, so every deployed method has one.
  const config = method.methodIntegration!
  // REST APIs send Lambda the payload format 1.0 event, whatever the integration says.
  const integration = createIntegration(config, { payloadFormat: REST_PAYLOAD_FORMAT_1_0 })
  return {
    resourceId: resource.id,
    resourcePath: resource.path,
    httpMethod: verb,
    method,
    integration,
    mapping: integration.proxy ? undefined : compileMapping(config, report, templates),
    requestParameters: compileRequestParameters(config.requestParameters, config.type),
    validate: compileValidation(method, report),
    authorizer: methodAuthorizer(method, authorizers, report),
    cacheKey: compileResponseCacheKey({ resourceId: resource.id, method }),
  }
}

/**
 * The authorizer a CUSTOM or COGNITO_USER_POOLS method runs. One the deployment does not hold still
 * guards the method: it has no function and no user pool, so every request fails closed (500).
 */
function methodAuthorizer(method: Method, authorizers: ReadonlyMap<string, CompiledAuthorizer>, report: ReportProblem): CompiledAuthorizer | undefined {
  if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') return undefined
  const found = method.authorizerId === undefined ? undefined : authorizers.get(method.authorizerId)
  if (found !== undefined) return found
  report(`authorizer ${method.authorizerId ?? '(none)'} is not in the deployment; every request is answered 500`)
  return compileAuthorizer({
    id: method.authorizerId ?? '', name: '', type: method.authorizationType === 'CUSTOM' ? 'REQUEST' : 'COGNITO_USER_POOLS', authorizerResultTtlInSeconds: 0,
  })
}

function compileGatewayResponses(stored: readonly GatewayResponse[]): Map<GatewayResponseType, CompiledGatewayResponse> {
  const customised = new Map(stored.map((response) => [response.responseType, response] as const))
  const compiled = new Map<GatewayResponseType, CompiledGatewayResponse>()
  for (const type of GATEWAY_RESPONSE_TYPES_ENUM_ORDER) {
    const effective = effectiveResponse(type, customised)
    const isCustomised = customised.has(type) || customised.has(GATEWAY_RESPONSE_DEFAULTS[type].family)
    const templates = new Map<string, SubstitutionTemplate>()
    const responseParameters: [string, ParameterReader][] = []
    if (isCustomised) {
      for (const [contentType, source] of Object.entries(effective.responseTemplates)) {
        templates.set(contentType.toLowerCase(), compileSubstitutionTemplate(source))
      }
      for (const [target, source] of Object.entries(effective.responseParameters)) {
        const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1]
        if (name !== undefined) responseParameters.push([name, compileParameterSource(source)])
      }
    }
    compiled.set(type, {
      statusCode: effective.statusCode === undefined ? undefined : Number(effective.statusCode),
      customised: isCustomised,
      responseParameters,
      templates,
    })
  }
  return compiled
}
