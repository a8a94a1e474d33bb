import type { HttpApiCaller } from '../../../integrations/aws-proxy/http-api-caller.ts'

/** One request to an HTTP API, routed: what its integration is called with. */
export interface HttpApiCall extends HttpApiCaller {
  /** The path below the stage, raw: what a `$default` or greedy route appends to an HTTP_PROXY URL. */
  readonly routePath: string
  /** Whether the matched route is `$default` or greedy (its HTTP_PROXY URL gets the path appended). */
  readonly appendsPath: boolean
}
