import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import { compileModelValidators } from '../../../policies/validate/compile-model-validators.ts'
import { compileTemplateSelection } from '../routing/template-selection.ts'
import type { WebSocketRoute } from '../websocket-route.ts'

/** Whether a message may go on to the route's integration. */
export type MessageValidation = (message: string) => boolean

/**
 * Request validation (developer guide, "Request validation for WebSocket APIs in API Gateway"): a
 * route with a model selection expression validates each message against the model of its
 * `requestModels` the expression picks, else the `$default` one; with neither, validation fails.
 * Models are checked as REST's are (JSON Schema draft 4, `$ref`s between the API's models), compiled
 * once per deployment; a model that cannot be compiled leaves its route unvalidated, as REST's does.
 */
export function compileRequestValidation(snapshot: HttpDeploymentSnapshot): Map<string, MessageValidation> {
  const validation = new Map<string, MessageValidation>()
  const routes = (snapshot.routes as readonly WebSocketRoute[]).filter((route) => route.modelSelectionExpression !== undefined)
  if (routes.length === 0) return validation
  const validators = compileModelValidators(snapshot.apiId, (snapshot.models ?? []).map((model) => ({
    id: model.modelId, name: model.name, schema: model.schema, contentType: model.contentType ?? 'application/json',
  })))
  for (const route of routes) {
    const select = compileTemplateSelection(route.modelSelectionExpression!)
    const models = route.requestModels ?? {}
    validation.set(route.routeKey, (message) => {
      const key = select({ message })
      const name = Object.hasOwn(models, key) ? models[key] : models.$default
      if (name === undefined) return false
      const check = validators.get(name)
      return check === undefined || check(Buffer.from(message, 'utf8')) === undefined
    })
  }
  return validation
}
