/** A v2 integration (API reference v2, "Integration"). HTTP APIs proxy: AWS_PROXY (Lambda) or HTTP_PROXY. */
export interface HttpIntegration {
  integrationId: string
  integrationType: 'AWS_PROXY' | 'HTTP_PROXY' | 'AWS' | 'HTTP' | 'MOCK'
  integrationUri?: string
  integrationMethod?: string
  payloadFormatVersion: '1.0' | '2.0'
  /** 50 to 30000 ms for HTTP APIs; AWS reports 30000 when none was given. */
  timeoutInMillis: number
  connectionType: 'INTERNET' | 'VPC_LINK'
  description?: string
  apiGatewayManaged?: boolean
  /** `append|overwrite|remove:header.<name>` and `:querystring.<name>`, `overwrite:path` → a value (developer guide, "Transforming API requests and responses"). */
  requestParameters?: Record<string, string>
  /** By the integration's status code: `append|overwrite|remove:header.<name>`, `overwrite:statuscode` → a value. */
  responseParameters?: Record<string, Record<string, string>>
}
