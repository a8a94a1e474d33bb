/**
 * A function declared in gatehouse.yaml: either a local Node handler that the host runs in its own
 * execution environments, or a remote function that some other endpoint runs behind the Lambda Invoke API.
 */
export interface LocalFunctionDefinition {
  /** Lambda's handler string: `path/to/file.exportName`, the file relative to gatehouse.yaml, extension optional. */
  readonly handler: string
  /** Seconds, as Lambda's `Timeout` (default 3). */
  readonly timeout?: number
  /** MB, as Lambda's `MemorySize` (default 128): the worker's heap limit and `context.memoryLimitInMB`. */
  readonly memorySize?: number
  readonly environment?: Readonly<Record<string, string>>
  /** Lambda's reserved concurrency: invocations beyond it are throttled. Without it, the unreserved pool (1,000) applies. */
  readonly reservedConcurrency?: number  /**
   * Node permissions beyond Lambda's defaults, for process isolation: more paths the function may
   * read or write (relative to gatehouse.yaml), and whether it may start child processes.
   */
  readonly allowRead?: readonly string[]
  readonly allowWrite?: readonly string[]
  readonly allowChildProcess?: boolean
}

export interface RemoteFunctionDefinition {
  /** Base URL of a service that speaks the Lambda Invoke API (AWS Lambda, another Gatehouse, LocalStack). */
  readonly endpoint: string
  /** The function's name (or ARN) at that endpoint; defaults to the name it has here. */
  readonly functionName?: string
  /** Version or alias to invoke there. */
  readonly qualifier?: string
  /** Region used to sign the call; defaults to the gateway's. */
  readonly region?: string
  /** Seconds to wait for the endpoint (default 900, Lambda's longest timeout). */
  readonly timeout?: number
}

export type FunctionDefinition = LocalFunctionDefinition | RemoteFunctionDefinition

export const isRemoteFunction = (definition: FunctionDefinition): definition is RemoteFunctionDefinition =>
  'endpoint' in definition && typeof definition.endpoint === 'string'

/** Lambda's defaults for a function that does not say. */
export const DEFAULT_TIMEOUT_SECONDS = 3
export const DEFAULT_MEMORY_SIZE_MB = 128
