import type { Authorizer } from '../../../model/authorizer.ts'
import type { GatewayResponse } from '../../../model/gateway-response.ts'
import type { Method } from '../../../model/method.ts'
import type { DocumentationPartDefinition } from './read-documentation.ts'
import type { ApiKeySource, EndpointType } from '../../../model/rest-api.ts'

/**
 * What an OpenAPI document says about a REST API, read and checked but not yet stored: ids are
 * not chosen, methods name their authorizer and validator, models keep local `$ref`s. Import,
 * merge and overwrite all store one of these (apply-definition.ts).
 */
export interface ApiDefinition {
  readonly title?: string
  readonly description?: string
  readonly version?: string
  readonly apiKeySource?: ApiKeySource
  readonly binaryMediaTypes?: string[]
  readonly minimumCompressionSize?: number
  readonly policy?: string
  readonly endpointTypes?: EndpointType[]
  readonly vpcEndpointIds?: string[]
  readonly disableExecuteApiEndpoint?: boolean
  readonly models: ModelDefinition[]
  readonly authorizers: Omit<Authorizer, 'id'>[]
  readonly requestValidators: RequestValidatorDefinition[]
  readonly gatewayResponses: GatewayResponse[]
  /** Every path with methods, already moved by the `basepath` mode; parents are implied. */
  readonly resources: ResourceDefinition[]
  /** `x-amazon-apigateway-documentation`'s parts; undefined when the document has none or the import ignores them. */
  readonly documentationParts?: DocumentationPartDefinition[]
}

export interface ModelDefinition {
  readonly name: string
  readonly description?: string
  /** The schema with its local refs (`#/definitions/X`, `#/components/schemas/X`) still local. */
  readonly schema: unknown
}

export interface RequestValidatorDefinition {
  readonly name: string
  readonly validateRequestBody: boolean
  readonly validateRequestParameters: boolean
}

export interface ResourceDefinition {
  readonly path: string
  readonly methods: MethodDefinition[]
}

export interface MethodDefinition {
  /** The method without `authorizerId`/`requestValidatorId`; its integration without `cacheNamespace`. */
  readonly method: Method
  readonly authorizerName?: string
  readonly requestValidatorName?: string
}
