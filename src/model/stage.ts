/** Stage as AWS returns it (recorded: test_apigateway_common > test_create_update_stages > create-stage). */
export interface MethodSetting {
  metricsEnabled: boolean
  loggingLevel?: string
  dataTraceEnabled: boolean
  throttlingBurstLimit: number
  throttlingRateLimit: number
  cachingEnabled: boolean
  cacheTtlInSeconds: number
  cacheDataEncrypted: boolean
  requireAuthorizationForCacheControl: boolean
  unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER'
}

export interface CanarySettings {
  deploymentId?: string
  percentTraffic?: number
  stageVariableOverrides?: Record<string, string>
  useStageCache?: boolean
}

export interface Stage {
  stageName: string
  deploymentId: string
  description?: string
  documentationVersion?: string
  clientCertificateId?: string
  createdDate: number
  lastUpdatedDate: number
  variables?: Record<string, string>
  cacheClusterEnabled: boolean
  cacheClusterSize?: string
  cacheClusterStatus: string
  methodSettings: Record<string, MethodSetting>
  tracingEnabled: boolean
  canarySettings?: CanarySettings
  accessLogSettings?: { format?: string; destinationArn?: string }
  tags?: Record<string, string>
}
