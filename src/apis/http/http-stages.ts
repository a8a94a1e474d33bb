import type { Logger } from '../../core/logger.ts'
import type { HttpApi } from '../../model/v2/http-api.ts'
import type { StoreReader } from '../../store/store.ts'
import { serveV2Stage, V2ApiStages, type ServedV2Stage, type V2Serving } from '../v2-api-stages.ts'
import { compileHttpDeployment, type CompiledHttpDeployment } from './deploy/compile-http-deployment.ts'

/** A stage as the data plane serves it. */
export interface ServedHttpStage extends ServedV2Stage {
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
  serveStage: (stage, deployment) => ({ ...serveV2Stage(stage), deployment }),
  serveApi: (api, stages) => ({ api, stages }),
}

/** What the catalog keeps for HTTP APIs (see `V2ApiStages`). */
export class HttpStages extends V2ApiStages<ServedHttpApi, ServedHttpStage, CompiledHttpDeployment> {
  constructor(store: StoreReader, logger: Logger) {
    super(store, logger, HTTP_SERVING)
  }
}
