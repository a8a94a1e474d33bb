import { spawn } from 'node:child_process'
import { mkdtempSync, rm } from 'node:fs'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RuntimeConnection, RuntimeEvents } from './execution-environment.ts'
import { functionCompileCache } from './compile-cache.ts'
import { MEMORY_LIMIT_EXCEEDED } from './memory-limit.ts'
import { permissionFlags, type RuntimePermissions } from './runtime-permissions.ts'
import { decodeRuntimeMessage, encodeInvoke, FrameReader } from './runtime-frames.ts'
import type { RuntimeWorkerData } from './worker-messages.ts'

// The runtime has the same extension as this file: .ts when run from source, .js once built.
const EXTENSION = extname(fileURLToPath(import.meta.url))
/** Where the runtime's code is, as `LAMBDA_RUNTIME_DIR` tells the function (`/var/runtime` on Lambda). */
export const RUNTIME_DIR = dirname(fileURLToPath(import.meta.url))

/** The modules process-runtime loads before the handler: all its process may read of the gateway. */
const RUNTIME_MODULES = ['process-runtime', 'process-guards', 'memory-limit', 'lambda-runtime', 'runtime-frames', 'handler-module', 'lambda-error', 'trace-id-variable', 'types-only-imports', 'execute-api-endpoint']
const RUNTIME_FILES = RUNTIME_MODULES.map((name) => join(RUNTIME_DIR, name + EXTENSION))


/**
 * Flags of the gateway's process that a function's process keeps: module resolution and
 * diagnostics. Loaders (`--import`, `--require`) and inspectors belong to the gateway.
 */
const KEPT_FLAGS = /^(--(conditions|enable-source-maps|no-warnings|disable-warning)|-C)/

/**
 * The longest frame a runtime may send: far past a result Lambda accepts (6 MB, refused with its own error
 * once received) or a sensible log line, short of letting one environment fill the gateway's memory.
 */
const MAX_RUNTIME_FRAME_BYTES = 64 * 1024 * 1024

/** What V8 prints when a heap reaches `--max-old-space-size`, just before it aborts. */
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit/

export interface ProcessRuntimeOptions {
  readonly data: RuntimeWorkerData
  /** The whole environment of the process: nothing of the gateway's is inherited. */
  readonly env: Record<string, string>
  readonly memorySize: number
  readonly permissions: Omit<RuntimePermissions, 'runtimeFiles' | 'tmpDir' | 'compileCache'>
  /** Where the functions' compile caches live (compile-cache.ts); none when not given. */
  readonly compileCacheRoot?: string
}

/**
 * Starts a function's runtime as a child process of the pinned Node, the default isolation: its
 * own memory, signals and environment, Node's permission model around its files, and the
 * function's MemorySize as its heap limit. It runs in a process group of its own, so a signal to
 * "every process of my group" (`kill(0)`) reaches only itself, and the terminal's Ctrl-C reaches
 * the gateway alone, which then ends its functions.
 */
export function startProcessRuntime(options: ProcessRuntimeOptions, events: RuntimeEvents): RuntimeConnection {
  // Lambda gives each execution environment its own /tmp (Lambda developer guide, "Configuring
  // ephemeral storage"); here it is a private directory named by TMPDIR.
  const tmpDir = mkdtempSync(join(tmpdir(), `gatehouse-lambda-${options.data.functionName}-`))
  const compileCache = options.compileCacheRoot === undefined ? undefined : functionCompileCache(options.compileCacheRoot, options.permissions.handlerFile)
  const args = [
    ...process.execArgv.filter((flag) => KEPT_FLAGS.test(flag)),
    ...permissionFlags({ ...options.permissions, runtimeFiles: RUNTIME_FILES, tmpDir, compileCache }),
    `--max-old-space-size=${options.memorySize}`,
    '--disable-warning=ExperimentalWarning',
    join(RUNTIME_DIR, `process-runtime${EXTENSION}`),
    JSON.stringify(options.data),
  ]
  const child = spawn(process.execPath, args, {
    env: { ...options.env, TMPDIR: tmpDir, TMP: tmpDir, TEMP: tmpDir, ...(compileCache === undefined ? {} : { NODE_COMPILE_CACHE: compileCache }) },
    cwd: options.data.taskRoot,
    // The runtime's channel is fd 3, a pipe carrying runtime-frames.ts's frames rather than Node's IPC
    // channel: no structured-clone wrapper around a payload that is JSON text already.
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  })
  let outOfMemory = false
  let exited = false
  const channel = child.stdio[3] as Socket
  // The handler runs in the process at the other end and can write to the pipe itself: a frame that is no
  // runtime message, or one longer than any a runtime sends, ends that environment (its invocation is
  // answered as a crashed one is), never the gateway, and is never buffered.
  let broken = false
  const refuse = (what: string): void => {
    if (broken) return
    broken = true
    events.output(`The execution environment's channel to the gateway carried ${what}: the environment is ended.`)
    child.kill('SIGKILL')
  }
  const frames = new FrameReader((text) => {
    if (broken) return
    try {
      events.message(decodeRuntimeMessage(text))
    } catch {
      refuse('a frame that is no runtime message')
    }
  }, { maxBytes: MAX_RUNTIME_FRAME_BYTES, exceeded: (declared) => refuse(`a frame of ${declared} bytes`) })
  channel.on('data', (chunk: Buffer) => frames.push(chunk))
  // A write to a process that has just died fails with EPIPE; its exit says what happened.
  channel.on('error', () => {})
  // A process that could not start (a missing task root, no more processes) ends like a crashed one.
  child.on('error', () => {
    if (!exited && child.exitCode === null && child.signalCode === null && child.pid === undefined) finish(1, null)
  })
  child.on('exit', (code, signal) => finish(code, signal))
  const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
    if (exited) return
    exited = true
    rm(tmpDir, { recursive: true, force: true }, () => {})
    events.exit({ code, signal, outOfMemory })
  }
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8')
    let partial = ''
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop()!
      for (const line of lines) {
        if (line === MEMORY_LIMIT_EXCEEDED || OUT_OF_MEMORY.test(line)) outOfMemory = true
        if (line !== '') events.output(line)
      }
    })
  }
  const handles = (): { ref(): void; unref(): void }[] =>
    [child, channel, child.stdout as Socket | null, child.stderr as Socket | null].filter((handle) => handle != null) as { ref(): void; unref(): void }[]
  return {
    send: (message) => void channel.write(encodeInvoke(message)),
    unref: () => handles().forEach((handle) => handle.unref()),
    terminate: () =>
      new Promise<void>((done) => {
        if (exited) return done()
        child.once('exit', () => done())
        // Held until it is gone, so a closing gateway waits for its functions.
        child.ref()
        child.kill('SIGKILL')
      }),
  }
}
