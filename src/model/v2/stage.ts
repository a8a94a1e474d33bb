import type { HttpRouteSettings } from './route-settings.ts'

/** A v2 stage (API reference v2, "Stage"); `$default` is served at the root of the invoke URL. */
export interface HttpStage {
  stageName: string
  deploymentId?: string
  autoDeploy: boolean
  stageVariables?: Record<string, string>
  description?: string
  createdDate: string
  lastUpdatedDate: string
  defaultRouteSettings: HttpRouteSettings
  /** By route key. */
  routeSettings: Record<string, HttpRouteSettings>
  tags: Record<string, string>
  /** Where and how each request is logged (API reference v2, "AccessLogSettings"). */
  accessLogSettings?: { destinationArn?: string; format?: string }
  apiGatewayManaged?: boolean
  lastDeploymentStatusMessage?: string
}
