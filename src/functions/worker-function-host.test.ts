import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { DEFAULT_AWS_ENVIRONMENT } from '../core/aws-environment.ts'
import { ManualClock } from '../core/clock.ts'
import { silentLogger } from '../core/logger.ts'
import type { FunctionDefinition } from './function-definition.ts'
import { CallerTimeoutError, ResourceNotFoundError, TooManyRequestsError } from './function-errors.ts'
import type { InvokeRequest } from './function-host.ts'
import { WorkerFunctionHost } from './worker-function-host.ts'
import { openGate } from '../../test/helpers/gate-server.ts'

const REPO_ROOT = resolve(import.meta.dirname, '../..')
const fixture = (name: string): string => `test/fixtures/functions/lambda/${name}`

const FUNCTIONS: Record<string, FunctionDefinition> = {
  async: { handler: fixture('styles.asyncHandler') },
  promise: { handler: fixture('styles.promiseHandler') },
  callback: { handler: fixture('styles.callbackHandler') },
  callbackError: { handler: fixture('styles.callbackErrorHandler') },
  succeed: { handler: fixture('styles.succeedHandler') },
  fail: { handler: fixture('styles.failHandler') },
  done: { handler: fixture('styles.doneHandler') },
  undefinedResult: { handler: fixture('styles.undefinedHandler') },
  throws: { handler: fixture('styles.throwsHandler') },
  throwsString: { handler: fixture('styles.throwsStringHandler') },
  context: { handler: fixture('styles.contextHandler'), memorySize: 256, timeout: 7 },
  traceId: { handler: fixture('styles.traceIdHandler') },
  env: { handler: fixture('styles.envHandler'), environment: { TABLE_NAME: 'pets', AWS_REGION: 'overridden' } },
  logs: { handler: fixture('styles.logHandler') },
  counter: { handler: fixture('styles.counterHandler') },
  esm: { handler: fixture('esm-handler.handler') },
  cjs: { handler: fixture('cjs-handler.handler') },
  cjsJs: { handler: fixture('commonjs/index.handler') },
  missingModule: { handler: fixture('nothing-here.handler') },
  missingExport: { handler: fixture('styles.noSuchExport') },
  initError: { handler: fixture('init-error.handler') },
  neverSettles: { handler: fixture('failures.neverSettles'), timeout: 0.2 },
  maybeSpin: { handler: fixture('failures.maybeSpin'), timeout: 0.3 },
  outOfMemory: { handler: fixture('failures.outOfMemory'), memorySize: 128, timeout: 30 },
  outOfMemoryOffHeap: { handler: fixture('failures.outOfMemoryOffHeap'), memorySize: 128, timeout: 30 },
  exits: { handler: fixture('failures.exits') },
  uncaught: { handler: fixture('failures.uncaught') },
  unhandledRejection: { handler: fixture('failures.unhandledRejection') },
  hugeResult: { handler: fixture('failures.hugeResult') },
  forgesFrame: { handler: fixture('failures.forgesFrame') },
  oversizesFrame: { handler: fixture('failures.oversizesFrame') },
  gate: { handler: fixture('failures.gate'), reservedConcurrency: 2, timeout: 30 },
  slow: { handler: fixture('failures.neverSettles'), timeout: 30 },
  oneSlot: { handler: fixture('failures.misbehave'), reservedConcurrency: 1, timeout: 0.3 },
  oneSlotGate: { handler: fixture('failures.gate'), reservedConcurrency: 1, timeout: 30 },
  oneSlotInitError: { handler: fixture('init-error.handler'), reservedConcurrency: 1 },
}

const request = (functionName: string, event: unknown = {}, extra: Partial<InvokeRequest> = {}): InvokeRequest => ({
  functionName,
  payload: JSON.stringify(event),
  requestId: randomUUID(),
  ...extra,
})

const parsed = (result: { payload: string }): any => JSON.parse(result.payload)

// Every contract holds for both isolations: child processes (the default) and worker threads.
for (const isolation of ['process', 'thread'] as const) describe(`WorkerFunctionHost (isolation: ${isolation})`, () => {
  let host: WorkerFunctionHost
  const clock = new ManualClock()
  const gatewayLog: any[] = []
  const logListeners = new Set<(entry: any) => void>()
  /** Resolves when the gateway logs the REPORT line of the invocation (the host logs it once the pool has let it go). */
  const reported = (requestId: string): Promise<void> => new Promise((resolve) => {
    const listener = (entry: any): void => {
      if (typeof entry.msg !== 'string' || !entry.msg.startsWith(`REPORT RequestId: ${requestId}\t`)) return
      logListeners.delete(listener)
      resolve()
    }
    logListeners.add(listener)
  })
  before(() => {
    host = new WorkerFunctionHost({
      functions: FUNCTIONS,
      baseDir: REPO_ROOT,
      aws: DEFAULT_AWS_ENVIRONMENT,
      clock,
      isolation,
      logger: pino({ level: 'info' }, {
        write: (line: string) => {
          const entry = JSON.parse(line)
          gatewayLog.push(entry)
          for (const listener of [...logListeners]) listener(entry)
        },
      }),
    })
  })
  after(() => host.close())

  describe("Lambda's Node handler contract", () => {
    for (const [name, style] of [['async', 'async'], ['promise', 'promise'], ['callback', 'callback'], ['succeed', 'succeed'], ['done', 'done']]) {
      it(`runs a ${style} handler and returns its result`, async () => {
        const result = await host.invoke(request(name, { n: 1 }))
        assert.equal(result.functionError, undefined)
        assert.deepEqual(parsed(result), { style, event: { n: 1 } })
      })
    }

    it('loads ESM (.mjs), CommonJS (.cjs) and CommonJS .js modules as well as TypeScript', async () => {
      assert.deepEqual(parsed(await host.invoke(request('esm', 'x'))), { format: 'esm', event: 'x' })
      assert.deepEqual(parsed(await host.invoke(request('cjs', [1]))), { format: 'cjs', event: [1] })
      const req = request('cjsJs')
      assert.deepEqual(parsed(await host.invoke(req)), { format: 'cjs-js', requestId: req.requestId })
    })

    it('returns null for an undefined result', async () => {
      assert.equal((await host.invoke(request('undefinedResult'))).payload, 'null')
    })

    it('gives the handler the context object', async () => {
      const req = request('context', {}, { qualifier: 'live', clientContext: Buffer.from('{"custom":{"a":1}}').toString('base64') })
      const context = parsed(await host.invoke(req))
      assert.equal(context.functionName, 'context')
      assert.equal(context.functionVersion, '$LATEST')
      assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:context:live')
      assert.equal(context.memoryLimitInMB, '256')
      assert.equal(context.awsRequestId, req.requestId)
      assert.equal(context.logGroupName, '/aws/lambda/context')
      assert.match(context.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/)
      assert.equal(context.callbackWaitsForEmptyEventLoop, true)
      assert.deepEqual(context.clientContext, { custom: { a: 1 } })
      assert.ok(context.remaining > 6000 && context.remaining <= 7000, `remaining ${context.remaining}`)
    })

    it("sets Lambda's environment variables and the function's own, and nothing else of the gateway's", async () => {
      process.env.GATEHOUSE_SECRET_FOR_TEST = 'must not leak'
      const env = parsed(await host.invoke(request('env')))
      delete process.env.GATEHOUSE_SECRET_FOR_TEST
      assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'env')
      assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST')
      assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '128')
      assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env')
      assert.equal(env.AWS_REGION, 'us-east-1', 'reserved variables win over the function\'s own')
      assert.equal(env._HANDLER, fixture('styles.envHandler'))
      assert.equal(env.LAMBDA_TASK_ROOT, REPO_ROOT)
      assert.match(env.AWS_EXECUTION_ENV, /^AWS_Lambda_nodejs\d+\.x$/)
      assert.equal(env.TABLE_NAME, 'pets')
      assert.equal(env.GATEHOUSE_SECRET_FOR_TEST, undefined)
      // Lambda developer guide, "Defined runtime environment variables".
      assert.equal(env.TZ, ':UTC')
      assert.equal(env.LAMBDA_RUNTIME_DIR, join(REPO_ROOT, 'src/functions'))
      assert.match(env._X_AMZN_TRACE_ID, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/)
    })

    it("sets _X_AMZN_TRACE_ID to each invocation's trace header", async () => {
      const traceId = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
      assert.equal(parsed(await host.invoke(request('env', {}, { traceId })))._X_AMZN_TRACE_ID, traceId)
      assert.notEqual(parsed(await host.invoke(request('env')))._X_AMZN_TRACE_ID, traceId, 'the next invocation has its own')
    })

    it('shows _X_AMZN_TRACE_ID to every way of reading process.env, and other variables assigned still read back as strings', async () => {
      for (const traceId of ['Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1', 'Root=1-5759e989-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0']) {
        assert.deepEqual(parsed(await host.invoke(request('traceId', {}, { traceId }))), { read: traceId, has: true, keys: ['_X_AMZN_TRACE_ID'], entries: traceId, assigned: '42' })
      }
    })
  })

  describe('failures, as Lambda reports them', () => {
    it('reports a thrown error as {errorType, errorMessage, trace}', async () => {
      const result = await host.invoke(request('throws'))
      assert.equal(result.functionError, 'Unhandled')
      const error = parsed(result)
      assert.equal(error.errorType, 'RangeError')
      assert.equal(error.errorMessage, 'out of range')
      assert.ok(Array.isArray(error.trace) && error.trace[0] === 'RangeError: out of range')
    })

    it('reports a thrown string, callback(error) and context.fail', async () => {
      assert.deepEqual(parsed(await host.invoke(request('throwsString'))), { errorType: 'string', errorMessage: 'plain string', trace: [] })
      const callbackError = parsed(await host.invoke(request('callbackError')))
      assert.equal(callbackError.errorType, 'TypeError')
      assert.equal(callbackError.errorMessage, 'bad input')
      const fail = await host.invoke(request('fail'))
      assert.equal(fail.functionError, 'Unhandled')
      assert.equal(parsed(fail).errorMessage, 'failed on purpose')
    })

    it('reports init failures with the runtime error types', async () => {
      const missing = await host.invoke(request('missingModule'))
      assert.equal(missing.functionError, 'Unhandled')
      assert.equal(parsed(missing).errorType, 'Runtime.ImportModuleError')
      assert.match(parsed(missing).errorMessage, /Cannot find module 'test\/fixtures\/functions\/lambda\/nothing-here'/)
      assert.deepEqual(parsed(await host.invoke(request('missingExport'))), {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${fixture('styles.noSuchExport')} is undefined or not exported`,
        trace: [],
      })
      const init = parsed(await host.invoke(request('initError')))
      assert.equal(init.errorType, 'Error')
      assert.equal(init.errorMessage, 'cannot initialise')
    })

    it('times out a handler that never settles, with Lambda\'s message', async () => {
      const req = request('neverSettles', {}, { logType: 'Tail' })
      const result = await host.invoke(req)
      assert.equal(result.functionError, 'Unhandled')
      assert.deepEqual(parsed(result), {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${req.requestId} Error: Task timed out after 0.20 seconds`,
        trace: [],
      })
      const log = Buffer.from(result.logResult!, 'base64').toString()
      assert.match(log, new RegExp(`${req.requestId} Task timed out after 0.20 seconds\\nEND RequestId`))
      assert.match(log, /Status: timeout/)
    })

    it('terminates a busy loop at the timeout, and the next call works', async () => {
      const spun = await host.invoke(request('maybeSpin', { spin: true }))
      assert.equal(parsed(spun).errorType, 'Sandbox.Timedout')
      const next = await host.invoke(request('maybeSpin', {}))
      assert.equal(next.functionError, undefined)
      assert.equal(parsed(next), 'still here')
      assert.ok(next.initDurationMs !== undefined, 'the timed-out environment was replaced by a cold one')
    })

    it('ends only the worker that runs out of memory, with Runtime.OutOfMemory', async () => {
      const req = request('outOfMemory')
      const result = await host.invoke(req)
      assert.equal(result.functionError, 'Unhandled')
      assert.deepEqual(parsed(result), {
        errorType: 'Runtime.OutOfMemory',
        errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: signal: killed`,
        trace: [],
      })
      assert.equal(parsed(await host.invoke(request('async', 1))).event, 1)
    })

    // A thread shares the gateway's process, whose memory outside the heap no limit of the thread's covers.
    if (isolation === 'process') {
      it('ends the worker whose memory outside the heap (Buffers) passes MemorySize, with Runtime.OutOfMemory', async () => {
        const req = request('outOfMemoryOffHeap')
        const result = await host.invoke(req)
        assert.deepEqual(parsed(result), {
          errorType: 'Runtime.OutOfMemory',
          errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: signal: killed`,
          trace: [],
        })
        assert.equal(parsed(await host.invoke(request('async', 2))).event, 2)
      })
    }

    it('contains process.exit in the worker: Runtime.ExitError, and the next call cold-starts', async () => {
      const req = request('exits')
      const result = await host.invoke(req)
      assert.deepEqual(parsed(result), {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 3`,
        trace: [],
      })
      const again = await host.invoke(request('exits'))
      assert.equal(parsed(again).errorType, 'Runtime.ExitError')
      assert.ok(again.initDurationMs !== undefined)
    })

    it('reports an uncaught exception and an unhandled rejection, then replaces the environment', async () => {
      const uncaught = parsed(await host.invoke(request('uncaught')))
      assert.equal(uncaught.errorType, 'Error')
      assert.equal(uncaught.errorMessage, 'thrown from a timer')
      const rejection = parsed(await host.invoke(request('unhandledRejection')))
      assert.equal(rejection.errorType, 'Runtime.UnhandledPromiseRejection')
      assert.equal(rejection.errorMessage, 'Error: nobody caught me')
      assert.ok((await host.invoke(request('uncaught'))).initDurationMs !== undefined)
    })

    // fd 3 is the channel of a function process only: a thread shares the gateway's descriptors (trusted code).
    if (isolation === 'process') {
      it('ends the environment whose handler writes a frame that is no runtime message to its channel, not the gateway', async () => {
        const result = await host.invoke(request('forgesFrame'))
        assert.equal(result.functionError, 'Unhandled')
        assert.match(parsed(result).errorType, /^Runtime\./)
        assert.ok(gatewayLog.some((entry) => String(entry.msg).includes('carried a frame that is no runtime message')))
        assert.equal(parsed(await host.invoke(request('async', 2))).event, 2)
      })

      it('ends the environment whose handler declares a 3 GB frame, without buffering it', async () => {
        const result = await host.invoke(request('oversizesFrame'))
        assert.equal(result.functionError, 'Unhandled')
        assert.match(parsed(result).errorType, /^Runtime\./)
        assert.ok(gatewayLog.some((entry) => String(entry.msg).includes(`carried a frame of ${3 * 1024 * 1024 * 1024} bytes`)))
        assert.equal(parsed(await host.invoke(request('async', 3))).event, 3)
      })
    }

    it('refuses a result over 6 MB as Function.ResponseSizeTooLarge', async () => {
      const result = await host.invoke(request('hugeResult'))
      assert.equal(result.functionError, 'Unhandled')
      assert.equal(parsed(result).errorType, 'Function.ResponseSizeTooLarge')
    })

    it('throws ResourceNotFoundError for an unknown function', async () => {
      await assert.rejects(host.invoke(request('nope')), (error: unknown) =>
        error instanceof ResourceNotFoundError && error.message === 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope')
    })

    it("stops waiting at the caller's deadline with CallerTimeoutError (\"timed out\")", async () => {
      await assert.rejects(host.invoke(request('slow', {}, { timeoutMs: 50 })), (error: unknown) =>
        error instanceof CallerTimeoutError && /timed out/.test(error.message))
    })
  })

  describe('execution environments', () => {
    it('cold-starts once, then reuses the warm environment', async () => {
      const cold = await host.invoke(request('counter'))
      const warm = await host.invoke(request('counter'))
      assert.deepEqual(parsed(cold), { invocations: 1 })
      assert.deepEqual(parsed(warm), { invocations: 2 })
      assert.ok(cold.initDurationMs! > 0)
      assert.equal(warm.initDurationMs, undefined)
      assert.deepEqual(host.stats('counter'), { running: 0, idle: 1 })
    })

    it('retires environments idle longer than the idle timeout (clock injected)', async () => {
      await host.invoke(request('counter'))
      clock.advance(299_000)
      assert.equal(host.retireIdleWorkers(), 0)
      clock.advance(2_000)
      assert.ok(host.retireIdleWorkers() >= 1)
      assert.deepEqual(host.stats('counter'), { running: 0, idle: 0 })
      const cold = await host.invoke(request('counter'))
      assert.deepEqual(parsed(cold), { invocations: 1 })
      assert.ok(cold.initDurationMs !== undefined)
    })

    it('throttles beyond the reserved concurrency with TooManyRequestsError, and runs again once a slot frees', async () => {
      const gate = await openGate()
      try {
        const first = host.invoke(request('gate', { gateUrl: gate.url }))
        const second = host.invoke(request('gate', { gateUrl: gate.url }))
        await gate.waiting(2)
        await assert.rejects(host.invoke(request('gate', { gateUrl: gate.url })), (error: unknown) =>
          error instanceof TooManyRequestsError && error.reason === 'ReservedFunctionConcurrentInvocationLimitExceeded')
        assert.equal(host.stats('gate')!.running, 2)
        gate.release('open')
        assert.deepEqual(parsed(await first), { released: 'open' })
        assert.deepEqual(parsed(await second), { released: 'open' })
        const third = await host.invoke(request('gate', { gateUrl: gate.url }))
        assert.deepEqual(parsed(third), { released: 'open' })
        assert.equal(third.initDurationMs, undefined, 'a warm environment served it')
      } finally {
        gate.close()
      }
    })
    // Lambda counts an invocation against the function's concurrency from its request until its
    // response, whatever ends it (Lambda developer guide, "Understanding Lambda function scaling",
    // "Configuring reserved concurrency"): a slot is never lost to a failure.
    it('frees the slot of reservedConcurrency 1 whatever ends the invocation: a throw, a timeout, a crashed process, an uncaught error, a failed init', async () => {
      for (let i = 0; i < 3; i++) assert.equal(parsed(await host.invoke(request('oneSlot'))), 'ok', 'one call after another never throttles')
      for (const way of ['throw', 'hang', 'exit', 'uncaught']) {
        const failed = await host.invoke(request('oneSlot', { way }))
        assert.equal(failed.functionError, 'Unhandled', way)
        assert.equal(parsed(await host.invoke(request('oneSlot'))), 'ok', `the call after "${way}" ran`)
      }
      assert.deepEqual(host.stats('oneSlot'), { running: 0, idle: 1 })
      for (let i = 0; i < 2; i++) {
        const initFailed = await host.invoke(request('oneSlotInitError'))
        assert.equal(parsed(initFailed).errorMessage, 'cannot initialise', 'an init error each time, not a throttle')
      }
      assert.equal(host.stats('oneSlotInitError')!.running, 0)
    })

    it('holds the slot while the function runs on after its caller stopped waiting, as Lambda does, and frees it when the function ends', async () => {
      const gate = await openGate()
      try {
        const abandoned = request('oneSlotGate', { gateUrl: gate.url }, { timeoutMs: 1 })
        const report = reported(abandoned.requestId)
        await assert.rejects(host.invoke(abandoned), (error: unknown) => error instanceof CallerTimeoutError)
        await gate.waiting(1)
        await assert.rejects(host.invoke(request('oneSlotGate', { gateUrl: gate.url })), (error: unknown) => error instanceof TooManyRequestsError)
        gate.release('open')
        await report
        assert.deepEqual(parsed(await host.invoke(request('oneSlotGate', { gateUrl: gate.url }))), { released: 'open' })
      } finally {
        gate.close()
      }
    })
  })

  describe('logs', () => {
    it("frames the invocation's console output with START/END/REPORT, in the tail and in the gateway's log", async () => {
      const req = request('logs', { message: 'hello' }, { logType: 'Tail' })
      const result = await host.invoke(req)
      const lines = Buffer.from(result.logResult!, 'base64').toString().split('\n').slice(0, -1)
      const id = req.requestId
      assert.equal(lines[0], `START RequestId: ${id} Version: $LATEST`)
      assert.match(lines[1], new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${id}\\tINFO\\tlog hello$`))
      assert.match(lines[2], new RegExp(`\\t${id}\\tINFO\\tinfo 42$`))
      assert.match(lines[3], new RegExp(`\\t${id}\\tWARN\\twarn$`))
      assert.match(lines[4], new RegExp(`\\t${id}\\tERROR\\terror$`))
      assert.equal(lines[5], `END RequestId: ${id}`)
      assert.match(lines[6], new RegExp(`^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms\\t$`))
      const logged = gatewayLog.filter((entry) => entry.requestId === id).map((entry) => entry.msg)
      assert.deepEqual(logged, lines)
      assert.ok(gatewayLog.filter((entry) => entry.requestId === id).every((entry) => entry.function === 'logs'))

      const warm = await host.invoke(request('logs', { message: 'again' }, { logType: 'Tail' }))
      assert.doesNotMatch(Buffer.from(warm.logResult!, 'base64').toString(), /Init Duration/)
    })
  })
})

describe('hot reload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-reload-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it("runs the new code on the next invocation after the handler's file changes", async () => {
    writeFileSync(join(dir, 'app.mjs'), 'export const handler = async () => "v1"\n')
    const host = new WorkerFunctionHost({
      functions: { app: { handler: 'app.handler' } },
      baseDir: dir,
      aws: DEFAULT_AWS_ENVIRONMENT,
      logger: silentLogger,
      watch: true,
    })
    try {
      assert.equal((await host.invoke(request('app'))).payload, '"v1"')
      const reloaded = new Promise<string>((done) => host.onReload(done))
      writeFileSync(join(dir, 'app.mjs'), 'export const handler = async () => "v2"\n')
      assert.equal(await reloaded, 'app')
      const next = await host.invoke(request('app'))
      assert.equal(next.payload, '"v2"')
      assert.ok(next.initDurationMs !== undefined)
    } finally {
      await host.close()
    }
  })
})
