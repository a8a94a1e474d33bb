import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import { systemClock, type Clock } from '../core/clock.ts'
import type { Logger } from '../core/logger.ts'
import {
  DEFAULT_MEMORY_SIZE_MB, DEFAULT_TIMEOUT_SECONDS, isRemoteFunction,
  type FunctionDefinition, type LocalFunctionDefinition, type RemoteFunctionDefinition,
} from './function-definition.ts'
import { CallerTimeoutError, ResourceNotFoundError } from './function-errors.ts'
import type { FunctionHost, InvokeRequest, InvokeResult } from './function-host.ts'
import { FunctionPool, InitSlots } from './function-pool.ts'
import { ExecutionEnvironment, type StartRuntime } from './execution-environment.ts'
import { parseHandlerName, resolveHandlerFile } from './handler-module.ts'
import { watchHandlerDirectory } from './handler-watcher.ts'
import { InvocationLog } from './invocation-log.ts'
import type { ExecuteApiEndpoint } from './execute-api-endpoint.ts'
import { lambdaEnvironment } from './lambda-environment.ts'
import { RUNTIME_DIR, startProcessRuntime } from './process-runtime-connection.ts'
import { invokeRemoteFunction } from './remote-function.ts'
import { credentialsFromEnvironment } from './role-credentials.ts'
import type { AwsCredentials } from './sigv4-signer.ts'
import { startThreadRuntime } from './thread-runtime-connection.ts'
import { traceHeader } from './trace-header.ts'

/** Lambda's synchronous response limit: a larger result is a function error. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024

export interface WorkerFunctionHostOptions {
  readonly functions: Readonly<Record<string, FunctionDefinition>>
  /** Lambda's task root: handler paths are relative to it (the directory of gatehouse.yaml). */
  readonly baseDir: string
  readonly aws: AwsEnvironment
  readonly logger: Logger
  /** Idle retirement reads this clock (tests move it by hand). */
  readonly clock?: Clock
  /**
   * Execution environments of one function that may run at once on this machine; invocations past it
   * wait for one. Only a function's own `reservedConcurrency` throttles (FunctionPool).
   */
  readonly defaultConcurrency?: number
  /** Seconds an execution environment may stay idle before it is retired. */
  readonly idleTimeoutSeconds?: number
  /** Reload a function's code when the files under its handler's directory change. */
  readonly watch?: boolean
  /** Signs calls to remote functions; defaults to AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set. */
  readonly credentials?: AwsCredentials
  /**
   * Where handlers run: `process` (default), a child process per execution environment with a clean
   * environment and Node's permission model; or `thread`, a worker thread of the gateway's own
   * process — faster to start, for trusted code only (see README's "Security model").
   */
  readonly isolation?: FunctionIsolation
  /** Paths no function may read even when they sit inside its code's directory (the data directory). */
  readonly privatePaths?: readonly string[]
  /** Where function processes keep Node's compile cache, one directory per handler (none when not given). */
  readonly compileCacheRoot?: string
  /**
   * Cold starts that may load a handler at once, over all functions; the others queue before their
   * init begins, so their init time is not spent waiting for a core. Defaults to the machine's cores.
   */
  readonly concurrentInits?: number
  /** The init phase's limit (Lambda's is 10 s); tests shorten it. */
  readonly initTimeoutMs?: number
  /**
   * The credentials local functions get in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
   * `AWS_SESSION_TOKEN`, as Lambda gives a function its execution role's (Lambda developer guide,
   * "Defined runtime environment variables").
   */
  readonly roleCredentials?: AwsCredentials
}

export type FunctionIsolation = 'process' | 'thread'

export const DEFAULT_FUNCTION_CONCURRENCY = 10
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 300

/** A cold start is mostly CPU (starting Node, compiling the handler): one per core at a time. */
const defaultConcurrentInits = (): number => Math.max(2, availableParallelism())

/**
 * Runs Lambda functions as Lambda does, in milliseconds: each local function gets a pool of
 * execution environments (child processes, or worker threads when asked) with Lambda's context,
 * environment, timeout, memory limit and reserved concurrency, and its console output framed by
 * START/END/REPORT in the gateway's log. Remote functions are called through the Invoke API of
 * the endpoint they name.
 */
export class WorkerFunctionHost implements FunctionHost {
  readonly #definitions: ReadonlyMap<string, FunctionDefinition>
  readonly #pools = new Map<string, FunctionPool>()
  readonly #options: WorkerFunctionHostOptions
  readonly #logger: Logger
  readonly #credentials: AwsCredentials | undefined
  readonly #reloadListeners = new Set<(functionName: string) => void>()
  readonly #stopWatching: (() => void)[] = []
  readonly #retirement: NodeJS.Timeout
  readonly #initSlots: InitSlots
  #executeApi: ExecuteApiEndpoint | undefined
  #closed = false

  constructor(options: WorkerFunctionHostOptions) {
    this.#options = options
    this.#logger = options.logger
    this.#definitions = new Map(Object.entries(options.functions))
    this.#credentials = options.credentials ?? credentialsFromEnvironment(process.env)
    const clock = options.clock ?? systemClock
    const idleTimeoutMs = (options.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000
    this.#initSlots = new InitSlots(options.concurrentInits ?? defaultConcurrentInits())
    for (const [name, definition] of this.#definitions) {
      if (isRemoteFunction(definition)) continue
      this.#pools.set(name, new FunctionPool({
        functionName: name,
        reservedConcurrency: definition.reservedConcurrency,
        maxEnvironments: options.defaultConcurrency ?? DEFAULT_FUNCTION_CONCURRENCY,
        idleTimeoutMs,
        clock,
        start: (generation, requestId) => this.#startWorker(name, definition, generation, requestId),
        initSlots: this.#initSlots,
      }))
    }
    this.#retirement = setInterval(() => this.retireIdleWorkers(), Math.min(idleTimeoutMs, 60_000))
    this.#retirement.unref()
    if (options.watch === true) this.#watch()
  }

  /**
   * The gateway's TLS listener: environments started from now on reach
   * `https://{apiId}.execute-api.localhost` there (execute-api-endpoint.ts).
   */
  setExecuteApiEndpoint(endpoint: ExecuteApiEndpoint): void {
    this.#executeApi = endpoint
  }

  has(functionName: string): boolean {
    return this.#definitions.has(functionName)
  }

  /** The ARN Lambda gives the function (with the qualifier it was invoked with, if any). */
  functionArn(functionName: string, qualifier?: string): string {
    const { region, accountId } = this.#options.aws
    return `arn:aws:lambda:${region}:${accountId}:function:${functionName}${qualifier === undefined ? '' : `:${qualifier}`}`
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const definition = this.#definitions.get(request.functionName)
    if (definition === undefined) throw new ResourceNotFoundError(request.functionName, this.functionArn(request.functionName, request.qualifier))
    if (isRemoteFunction(definition)) return this.#invokeRemote(request.functionName, definition, request)
    const execution = this.#run(request, definition as LocalFunctionDefinition)
    if (request.timeoutMs === undefined) return execution
    return withCallerTimeout(execution, request.timeoutMs)
  }

  /** Ends execution environments idle for longer than the idle timeout; returns how many. */
  retireIdleWorkers(): number {
    let retired = 0
    for (const pool of this.#pools.values()) retired += pool.retireIdle()
    return retired
  }

  /** Makes the next invocation of the function (or of every function) load its code afresh. */
  reload(functionName?: string): void {
    for (const [name, pool] of this.#pools) {
      if (functionName !== undefined && name !== functionName) continue
      pool.reload()
      for (const listener of this.#reloadListeners) listener(name)
    }
  }

  /** Called after a function's code was reloaded (hot reload); returns the unsubscribe. */
  onReload(listener: (functionName: string) => void): () => void {
    this.#reloadListeners.add(listener)
    return () => this.#reloadListeners.delete(listener)
  }

  /** Invocations running now and idle (warm) environments of a local function. */
  stats(functionName: string): { readonly running: number; readonly idle: number } | undefined {
    const stats = this.#pools.get(functionName)?.stats
    return stats === undefined ? undefined : { running: stats.running, idle: stats.idle }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#retirement)
    for (const stop of this.#stopWatching) stop()
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()))
  }

  async #run(request: InvokeRequest, definition: LocalFunctionDefinition): Promise<InvokeResult> {
    const pool = this.#pools.get(request.functionName)!
    const memorySize = definition.memorySize ?? DEFAULT_MEMORY_SIZE_MB
    // The platform's log lines are formatted only for a reader: the caller's LogType Tail, or the logger at info.
    const log = request.logType === 'Tail' || this.#logger.isLevelEnabled('info') ? new InvocationLog(request.requestId) : undefined
    const started = performance.now()
    const outcome = await pool.invoke({
      requestId: request.requestId,
      payload: request.payload,
      timeoutMs: (definition.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      invokedFunctionArn: this.functionArn(request.functionName, request.qualifier),
      clientContext: request.clientContext,
      traceId: request.traceId ?? traceHeader(),
      onLog: log?.add ?? ignoreLine,
    })
    log?.end({
      durationMs: performance.now() - started - (outcome.initDurationMs ?? 0),
      memorySize,
      maxMemoryUsedMB: outcome.maxMemoryUsedMB,
      initDurationMs: outcome.initDurationMs,
      status: outcome.status,
    })
    if (log !== undefined && this.#logger.isLevelEnabled('info')) {
      for (const line of log.lines) this.#logger.info({ function: request.functionName, requestId: request.requestId }, line)
    }
    let payload = outcome.payload
    let failed = outcome.failed
    if (!failed && Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
      failed = true
      payload = JSON.stringify({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
      })
    }
    return {
      payload,
      functionError: failed ? 'Unhandled' : undefined,
      executedVersion: '$LATEST',
      logResult: request.logType === 'Tail' ? log?.tail() : undefined,
      initDurationMs: outcome.initDurationMs,
    }
  }

  #invokeRemote(name: string, definition: RemoteFunctionDefinition, request: InvokeRequest): Promise<InvokeResult> {
    return invokeRemoteFunction(name, definition, request, { region: this.#options.aws.region, credentials: this.#credentials })
  }

  #startWorker(name: string, definition: LocalFunctionDefinition, generation: number, requestId: string): ExecutionEnvironment {
    const memorySize = definition.memorySize ?? DEFAULT_MEMORY_SIZE_MB
    const now = new Date()
    const day = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}`
    const logStreamName = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`
    const taskRoot = this.#options.baseDir
    const data = {
      taskRoot, handler: definition.handler, functionName: name, memorySize, logGroupName: `/aws/lambda/${name}`, logStreamName, executeApi: this.#executeApi,
    }
    const isolation = this.#options.isolation ?? 'process'
    const env = lambdaEnvironment({
      functionName: name, handler: definition.handler, taskRoot, memorySize, logStreamName, aws: this.#options.aws, own: definition.environment,
      runtimeDir: RUNTIME_DIR, role: this.#options.roleCredentials,
    })
    const start: StartRuntime = isolation === 'thread'
      ? (events) => startThreadRuntime({ data, env, memorySize }, events)
      : (events) => startProcessRuntime({ data, env, memorySize, permissions: this.#permissions(definition), compileCacheRoot: this.#options.compileCacheRoot }, events)
    return new ExecutionEnvironment({
      start, memorySize, generation, requestId, initTimeoutMs: this.#options.initTimeoutMs, onStrayLog: (line) => this.#logger.info({ function: name }, line),
    })
  }

  #permissions(definition: LocalFunctionDefinition): { handlerFile: string; privatePaths: readonly string[]; allowRead?: string[]; allowWrite?: string[]; allowChildProcess?: boolean } {
    const baseDir = this.#options.baseDir
    const parsed = parseHandlerName(definition.handler)
    const module = parsed?.module ?? definition.handler
    return {
      handlerFile: resolveHandlerFile(baseDir, module) ?? resolve(baseDir, module),
      privatePaths: (this.#options.privatePaths ?? []).map((path) => resolve(baseDir, path)),
      allowRead: definition.allowRead?.map((path) => resolve(baseDir, path)),
      allowWrite: definition.allowWrite?.map((path) => resolve(baseDir, path)),
      allowChildProcess: definition.allowChildProcess,
    }
  }

  #watch(): void {
    const byDirectory = new Map<string, string[]>()
    for (const [name, definition] of this.#definitions) {
      if (isRemoteFunction(definition)) continue
      const parsed = parseHandlerName(definition.handler)
      if (parsed === undefined) continue
      const file = resolveHandlerFile(this.#options.baseDir, parsed.module) ?? resolve(this.#options.baseDir, parsed.module)
      const directory = dirname(file)
      byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), name])
    }
    for (const [directory, names] of byDirectory) {
      this.#stopWatching.push(watchHandlerDirectory(directory, (file) => {
        if (this.#closed) return
        this.#logger.info({ functions: names, file }, 'handler code changed: the next invocation loads it')
        for (const name of names) this.reload(name)
      }))
    }
  }
}

const ignoreLine = (): void => {}

function withCallerTimeout(execution: Promise<InvokeResult>, timeoutMs: number): Promise<InvokeResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CallerTimeoutError(timeoutMs)), timeoutMs)
    execution.then(
      (result) => {
        clearTimeout(timer)
        resolve(result)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
