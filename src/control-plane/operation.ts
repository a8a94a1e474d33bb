import type { ControlPlaneDeps } from './server.ts'
import type { JsonObject } from './wire.ts'

/** One management API call, as a handler sees it: path labels, query string, parsed JSON body. */
export interface Operation {
  readonly deps: ControlPlaneDeps
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly body: JsonObject
  /** The body as sent, for routes that read it themselves (see RouteDefinition.rawBody). */
  readonly rawBody?: Buffer
  /** The request headers, for the few operations that read one (GetExport's `Accept`). */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>
}

/** What a handler answers: a status and a JSON body (undefined = empty body, as AWS's 202/204 deletes). */
export interface Reply {
  readonly status: number
  readonly body?: unknown
  /** A non-JSON answer (GetExport's document): sent as is, with its own content type and headers. */
  readonly payload?: { readonly contentType: string; readonly headers?: Readonly<Record<string, string>>; readonly data: Buffer }
}

export type Handler = (operation: Operation) => Promise<Reply>
