import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { CorsConfiguration } from '../../../model/v2/cors-configuration.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import type { HttpRoute } from '../../../model/v2/route.ts'

/**
 * An HTTP API as an OpenAPI 3 document describes it, before any id is drawn: what ImportApi and
 * ReimportApi write and ExportApi reads back. Routes name their integration by its index in
 * `integrations` and their authorizer by its name (the document's security scheme).
 */
export interface HttpApiDefinition {
  readonly name: string
  readonly version?: string
  readonly description?: string
  readonly corsConfiguration?: CorsConfiguration
  readonly authorizers: readonly Omit<HttpAuthorizer, 'authorizerId'>[]
  readonly integrations: readonly Omit<HttpIntegration, 'integrationId'>[]
  readonly routes: readonly DefinedRoute[]
}

export interface DefinedRoute extends Omit<HttpRoute, 'routeId' | 'target' | 'authorizerId'> {
  readonly integration?: number
  readonly authorizerName?: string
}
