import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { pino } from 'pino'
import { DEFAULT_AWS_ENVIRONMENT } from '../core/aws-environment.ts'
import { silentLogger } from '../core/logger.ts'
import { InitSlots } from './function-pool.ts'
import { WorkerFunctionHost } from './worker-function-host.ts'

const REPO_ROOT = resolve(import.meta.dirname, '../..')
const fixture = (name: string): string => `test/fixtures/functions/lambda/${name}`

// Lambda developer guide, "Understanding the Lambda execution environment lifecycle": the Init phase
// has 10 s of its own; the function's timeout covers the invocation only.
describe('cold starts', () => {
  it('50 simultaneous cold starts of a trivial handler (child processes) all answer: inits queue for a core, none times out', async () => {
    const host = new WorkerFunctionHost({
      functions: { trivial: { handler: fixture('styles.asyncHandler') } },
      baseDir: REPO_ROOT, aws: DEFAULT_AWS_ENVIRONMENT, logger: silentLogger,
      isolation: 'process', defaultConcurrency: 50, concurrentInits: 2,
    })
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () =>
        host.invoke({ functionName: 'trivial', payload: '{}', requestId: randomUUID() })))
      assert.deepEqual(results.filter((result) => result.functionError !== undefined).map((result) => result.payload), [])
      const inits = results.flatMap((result) => result.initDurationMs ?? [])
      assert.ok(inits.length >= 2, 'cold starts happened')
      // Each init is measured from its own start, not from the queue: none comes near Lambda's 10 s.
      assert.ok(Math.max(...inits) < 5_000, `init durations: ${inits.map((ms) => ms.toFixed(0)).join(', ')}`)
    } finally {
      await host.close()
    }
  })

  it('InitSlots lets no more than its limit run and hands each freed slot to the next in line', async () => {
    const slots = new InitSlots(2)
    const first = await slots.acquire()
    const second = await slots.acquire()
    let thirdGot = false
    const third = slots.acquire().then((release) => { thirdGot = true; return release })
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(thirdGot, false)
    assert.deepEqual(slots.stats, { running: 2, waiting: 1 })
    first()
    first()
    const releaseThird = await third
    assert.deepEqual(slots.stats, { running: 2, waiting: 0 })
    second()
    releaseThird()
    assert.deepEqual(slots.stats, { running: 0, waiting: 0 })
  })

  for (const isolation of ['process', 'thread'] as const) {
    it(`an init timeout (${isolation}) names the invocation's request id and REPORTs the init's real duration`, async () => {
      const lines: string[] = []
      const host = new WorkerFunctionHost({
        functions: { slow: { handler: fixture('slow-init.handler') } },
        baseDir: REPO_ROOT, aws: DEFAULT_AWS_ENVIRONMENT, isolation, initTimeoutMs: 300,
        logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line).msg) }),
      })
      try {
        const requestId = randomUUID()
        const result = await host.invoke({ functionName: 'slow', payload: '{}', requestId, logType: 'Tail' })
        assert.equal(result.functionError, 'Unhandled')
        assert.deepEqual(JSON.parse(result.payload), {
          errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 0.30 seconds`, trace: [],
        })
        const report = lines.find((line) => line.startsWith('REPORT '))!
        assert.match(report, new RegExp(`^REPORT RequestId: ${requestId}\\t`))
        const init = Number(/Init Duration: ([\d.]+) ms/.exec(report)?.[1])
        // About the 300 ms budget: timers and the clock that measures them may differ by a fraction of a millisecond.
        assert.ok(init >= 250 && init < 2_000, report)
        assert.match(report, /Status: timeout/)
        assert.doesNotMatch(Buffer.from(result.logResult!, 'base64').toString(), /RequestId: init/)
      } finally {
        await host.close()
      }
    })
  }
})
