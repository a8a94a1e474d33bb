/** RestApi, as AWS returns it on the wire (recorded: test_apigateway_api > test_create_rest_api_with_optional_params). Dates are epoch seconds. */
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE'
export type ApiKeySource = 'HEADER' | 'AUTHORIZER'

export interface EndpointConfiguration {
  types: EndpointType[]
  ipAddressType?: 'ipv4' | 'dualstack'
  vpcEndpointIds?: string[]
}

export interface RestApi {
  id: string
  name: string
  description?: string
  version?: string
  createdDate: number
  apiKeySource: ApiKeySource
  binaryMediaTypes?: string[]
  minimumCompressionSize?: number
  endpointConfiguration: EndpointConfiguration
  policy?: string
  tags?: Record<string, string>
  disableExecuteApiEndpoint: boolean
  rootResourceId: string
}
