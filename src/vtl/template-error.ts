/**
 * A template that does not parse. Thrown at compile (deploy/write) time so the control plane can
 * answer `BadRequestException` naming the position, instead of failing a request later.
 */
export class TemplateError extends Error {
  /** 1-based line of the offending token. */
  readonly line: number
  /** 1-based column of the offending token. */
  readonly column: number

  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line}, column ${column}`)
    this.name = 'TemplateError'
    this.line = line
    this.column = column
  }
}

export type TemplateRenderFailure =
  | 'STEP_BUDGET_EXCEEDED'
  | 'TIME_BUDGET_EXCEEDED'
  | 'OUTPUT_TOO_LARGE'
  | 'MACRO_DEPTH_EXCEEDED'
  | 'INVALID_REGEX'
  | 'METHOD_EXCEPTION'
  | 'COLLECTION_TOO_LARGE'
  | 'DUPLICATE_OVERRIDE'

/**
 * A template that parsed but cannot be rendered within its bounds (or hits a failure AWS also
 * refuses, such as setting the same override twice). AWS answers these with a 500; the caller
 * maps it to its `Internal server error` response.
 */
export class TemplateRenderError extends Error {
  readonly reason: TemplateRenderFailure

  constructor(reason: TemplateRenderFailure, message: string) {
    super(message)
    this.name = 'TemplateRenderError'
    this.reason = reason
  }
}
