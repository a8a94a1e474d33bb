import { parseRequestTarget, type RequestTarget } from '../request-target.ts'
import type { HttpStages } from './http-stages.ts'
import { selectStage } from './pipeline/select-stage.ts'

/**
 * The target of a request at the root of the port (`gatehouse up`, as `sam local start-api` serves
 * `http://127.0.0.1:3000/hello`) for one HTTP API's stage, when that stage has a route for it: the
 * request is addressed as if it came to the stage's invoke URL, so stage selection and `rawPath` are
 * those of that URL (developer guide, "Working with stages for HTTP APIs": a named stage's URL ends
 * in its name, the `$default` stage is the API's root). `$default` routes answer only when asked for
 * (`defaultRoute`), so that an API's explicit routes win over another's catch-all.
 */
export async function findHttpRootTarget(
  stages: HttpStages, apiId: string, stageName: string, method: string, host: string | undefined, url: string, defaultRoute: boolean,
): Promise<RequestTarget | undefined> {
  const served = await stages.find(apiId)
  if (served === undefined) return undefined
  const below = url.startsWith('/') ? url : `/${url}`
  const prefix = stageName === '$default' ? '' : `/${encodeURIComponent(stageName)}`
  const target = parseRequestTarget(host, `/_aws/execute-api/${apiId}${prefix}${below}`)
  if (target === undefined) return undefined
  const selected = selectStage(served, target)
  if (selected === undefined || selected.stage.stageName !== stageName) return undefined
  const match = selected.stage.deployment?.routes.match(method, selected.routePath)
  if (match === undefined || (match.routeKey === '$default' && !defaultRoute)) return undefined
  return target
}
