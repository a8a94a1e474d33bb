import type { HttpRoute } from '../../model/v2/route.ts'

/**
 * A route response (API reference v2, "RouteResponse"): what makes a WebSocket route two-way. Kept
 * inside its route's document, so a deployment freezes it with the route and deleting the route or
 * the API takes it along.
 */
export interface WebSocketRouteResponse {
  routeResponseId: string
  routeResponseKey: string
  modelSelectionExpression?: string
  responseModels?: Record<string, string>
}

/** A WebSocket API's route: the v2 route, with its `routeResponseSelectionExpression` and route responses. */
export interface WebSocketRoute extends HttpRoute {
  routeResponseSelectionExpression?: string
  /** Models by the key the model selection expression evaluates to; the message must match the one chosen. */
  requestModels?: Record<string, string>
  modelSelectionExpression?: string
  routeResponses?: WebSocketRouteResponse[]
}

/** The route as the API reference answers it: its route responses are their own resource. */
export function publicRoute(route: WebSocketRoute): HttpRoute {
  const { routeResponses: _responses, ...rest } = route
  return rest
}
