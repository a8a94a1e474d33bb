import type { Logger } from '../../core/logger.ts'
import type { HttpApi } from '../../model/v2/http-api.ts'
import type { HttpRouteSettings } from '../../model/v2/route-settings.ts'
import { compileAccessLogFormat, type AccessLogFormatter } from '../../observability/access-log.ts'
import type { StoreReader } from '../../store/store.ts'
import { V2ApiStages, type V2Serving } from '../v2-api-stages.ts'
import { compileHttpDeployment, type CompiledHttpDeployment } from './deploy/compile-http-deployment.ts'

/** A stage as the data plane serves it. */
export interface ServedHttpStage {
  readonly stageName: string
  readonly stageVariables: Readonly<Record<string, string>>
  /** `DefaultRouteSettings` and `RouteSettings` (by route key): their throttling limits. */
  readonly defaultRouteSettings: Readonly<HttpRouteSettings>
  readonly routeSettings: Readonly<Record<string, HttpRouteSettings>>
  /** `AccessLogSettings` with a format: where each request's line goes and how it is written. */
  readonly accessLog?: { readonly destinationArn: string | undefined; readonly format: AccessLogFormatter }
  /** Undefined for a stage never deployed (it answers Not Found). */
  readonly deployment: CompiledHttpDeployment | undefined
}

/** An HTTP API and every stage it serves: stage selection needs them all (a path's first segment may name one). */
export interface ServedHttpApi {
  readonly api: HttpApi
  readonly stages: ReadonlyMap<string, ServedHttpStage>
}

const HTTP_SERVING: V2Serving<ServedHttpApi, ServedHttpStage, CompiledHttpDeployment> = {
  protocolType: 'HTTP',
  label: 'HTTP API',
  compile: compileHttpDeployment,
  serveStage: (stage, deployment) => ({
    stageName: stage.stageName,
    stageVariables: stage.stageVariables ?? {},
    defaultRouteSettings: stage.defaultRouteSettings ?? {},
    routeSettings: stage.routeSettings ?? {},
    // Parsed here, once per load, so a request only formats its line.
    accessLog: stage.accessLogSettings?.format === undefined
      ? undefined
      : { destinationArn: stage.accessLogSettings.destinationArn, format: compileAccessLogFormat(stage.accessLogSettings.format) },
    deployment,
  }),
  serveApi: (api, stages) => ({ api, stages }),
}

/** What the catalog keeps for HTTP APIs (see `V2ApiStages`). */
export class HttpStages extends V2ApiStages<ServedHttpApi, ServedHttpStage, CompiledHttpDeployment> {
  constructor(store: StoreReader, logger: Logger) {
    super(store, logger, HTTP_SERVING)
  }
}
