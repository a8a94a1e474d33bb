import type { ParameterSources } from '../../../mapping/parameter-source.ts'
import type { MethodRequest } from './records.ts'

/** What `method.request.*`, `stageVariables.*` and `context.*` mappings read for this request. */
export function methodParameterSources(request: MethodRequest, integration?: ParameterSources['integration']): ParameterSources {
  return {
    method: { headers: request.headers, query: request.query, pathParameters: request.pathParameters, body: request.http.body },
    integration,
    stageVariables: request.served.stageVariables,
    context: request.requestContext,
  }
}
