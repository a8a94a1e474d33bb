/**
 * Entry point of a function's child process (one Lambda execution environment): confines the
 * process to itself, then runs Lambda's runtime over the pipe the host opened as fd 3
 * (runtime-frames.ts). The host starts it with Node's permission model, a clean environment and
 * the function's memory limit (see process-runtime-connection.ts).
 */
import { flushCompileCache } from 'node:module'
import { Socket } from 'node:net'
import { enforceMemoryLimit } from './memory-limit.ts'
import { routeExecuteApiToGateway } from './execute-api-endpoint.ts'
import { confineSignalsToSelf } from './process-guards.ts'
import { runLambdaRuntime } from './lambda-runtime.ts'
import { registerTypesOnlyImports } from './types-only-imports.ts'
import { decodeInvoke, encodeRuntimeMessage, FrameReader } from './runtime-frames.ts'
import type { InvokeMessage, RuntimeMessage, RuntimeWorkerData } from './worker-messages.ts'

confineSignalsToSelf()
registerTypesOnlyImports()
// Read from the start, so the gateway's end is seen during init too; invocations come only after
// 'ready'. Every read lands in the one buffer (`onread`), not in a new Buffer a read.
let invoked: ((message: InvokeMessage) => void) | undefined
const frames = new FrameReader((text) => invoked?.(decodeInvoke(text)))
const readBuffer = Buffer.allocUnsafe(64 * 1024)
const channel = new Socket({
  fd: 3, readable: true, writable: true,
  onread: { buffer: readBuffer, callback: (bytes) => (frames.push(readBuffer.subarray(0, bytes)), true) },
})
// Without the gateway there is nobody to answer: an orphaned environment ends itself.
channel.on('close', () => process.exit(0))
channel.on('error', () => process.exit(0))

const config = JSON.parse(process.argv[2]) as RuntimeWorkerData
enforceMemoryLimit(config.memorySize)
if (config.executeApi !== undefined) routeExecuteApiToGateway(config.executeApi)
await runLambdaRuntime(config, {
  post: (message: RuntimeMessage) => void channel.write(encodeRuntimeMessage(message)),
  onInvoke: (listener: (message: InvokeMessage) => void) => void (invoked = listener),
  // The peak resident set the kernel keeps for the process (getrusage's ru_maxrss, in KiB): REPORT's
  // Max Memory Used is a peak, and this is one system call where reading the current RSS is three.
  memoryUsedMB: () => Math.ceil(process.resourceUsage().maxRSS / 1024),
  // What init compiled goes to the compile cache now rather than at exit (a warm environment may
  // live for minutes), off the path of the first invocation.
  afterInit: () => void setImmediate(() => flushCompileCache()),
})
