import type { RequestTarget } from '../../request-target.ts'
import type { ServedHttpApi, ServedHttpStage } from '../http-stages.ts'

export interface SelectedStage {
  readonly stage: ServedHttpStage
  /** The request's path as sent below the API, with a named stage's prefix: the event's `rawPath`. */
  readonly rawPath: string
  /** The path the routes are matched against: below the stage. */
  readonly routePath: string
}

/**
 * Stage selection (developer guide, "Working with routes for HTTP APIs": "If the request explicitly
 * matches a stage, API Gateway sends the request to that stage. If no stage fully matches the
 * request, API Gateway sends the request to the $default stage"): a named stage is the path's first
 * segment and stays in `rawPath`; the `$default` stage serves from the root. Undefined when neither
 * applies (the API's 404).
 */
export function selectStage(served: ServedHttpApi, target: RequestTarget): SelectedStage | undefined {
  const apiPath = target.stageName === '' ? '/' : target.stagePath
  if (target.stageName !== '' && target.stageName !== '$default') {
    const named = served.stages.get(target.stageName)
    if (named !== undefined) return { stage: named, rawPath: apiPath, routePath: target.path }
  }
  const fallback = served.stages.get('$default')
  return fallback === undefined ? undefined : { stage: fallback, rawPath: apiPath, routePath: apiPath }
}
