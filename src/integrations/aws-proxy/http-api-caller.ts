/**
 * What an HTTP API's Lambda events are built from: the request as the client sent it, the route it
 * matched and the stage that served it. The HTTP API kind fills it; it is named here, below the
 * kinds, so the event builders serve HTTP APIs without knowing the kind's own records.
 */
export interface HttpApiCaller {
  readonly method: string
  /** The path as sent, percent-encoding intact, with `/<stage>` for a named stage (the event's `rawPath`). */
  readonly rawPath: string
  readonly rawQuery: string
  /** `[name, value, ...]` as sent, before API Gateway adds its own. */
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  readonly sourceIp: string
  readonly protocol: string
  readonly secure: boolean
  /** The port the client reached (the event's `x-forwarded-port`). */
  readonly port: string
  /** The matched route key (`GET /pets/{id}`, `$default`); never carries the stage. */
  readonly routeKey: string
  readonly pathParameters: Readonly<Record<string, string>>
  readonly stageVariables: Readonly<Record<string, string>>
  readonly stage: string
  readonly apiId: string
  readonly accountId: string
  readonly domainName: string
  readonly requestId: string
  readonly timeEpoch: number
  /** `x-amzn-trace-id` as API Gateway adds it. */
  readonly traceId: string
  /** `requestContext.authorizer` after an authorizer let the request through (`{jwt}`, `{lambda}` or `{iam}`). */
  readonly authorizer?: Readonly<Record<string, unknown>>
}
