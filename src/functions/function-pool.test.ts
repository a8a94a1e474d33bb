import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../core/clock.ts'
import type { ExecutionEnvironment, WorkerInvocation, WorkerOutcome } from './execution-environment.ts'
import { TooManyRequestsError } from './function-errors.ts'
import { FunctionPool, UNRESERVED_CONCURRENCY } from './function-pool.ts'

/** Environments whose invocations end when the test says so. */
function fakeEnvironments() {
  const pending: ((outcome: WorkerOutcome) => void)[] = []
  let started = 0
  const start = (generation: number): ExecutionEnvironment => {
    started++
    return {
      generation, ready: Promise.resolve(undefined), initDurationMs: 1, lastUsedAt: 0, alive: true,
      invoke: () => new Promise<WorkerOutcome>((resolve) => pending.push(resolve)),
      terminate: async () => {},
    } as unknown as ExecutionEnvironment
  }
  const finishOne = () => pending.shift()!({ payload: '"ok"', failed: false, reusable: true })
  const settled = () => new Promise<void>((resolve) => setImmediate(resolve))
  return { start, finishOne, settled, pending, started: () => started }
}

const invocation: WorkerInvocation = { requestId: 'r', payload: '{}', timeoutMs: 1000, invokedFunctionArn: 'arn', onLog: () => {} }

describe('FunctionPool concurrency (Lambda developer guide, "Configuring reserved concurrency", "Lambda quotas")', () => {
  it('without reserved concurrency nothing is refused: calls past the machine\'s environments wait for one', async () => {
    const envs = fakeEnvironments()
    const pool = new FunctionPool({ functionName: 'f', maxEnvironments: 2, idleTimeoutMs: 1000, clock: new ManualClock(), start: envs.start })
    const calls = Array.from({ length: 12 }, () => pool.invoke(invocation))
    await envs.settled()
    assert.deepEqual(pool.stats, { running: 2, idle: 0, waiting: 10 })
    for (let done = 0; done < 12; done++) {
      while (envs.pending.length === 0) await envs.settled()
      envs.finishOne()
    }
    const outcomes = await Promise.all(calls)
    assert.equal(outcomes.length, 12)
    assert.ok(outcomes.every((outcome) => outcome.payload === '"ok"'))
    assert.equal(envs.started(), 2, 'the waiting calls ran in the two warm environments')
    assert.equal(UNRESERVED_CONCURRENCY, 1000)
  })

  it('an explicit reservedConcurrency throttles past it, waiting calls included', async () => {
    const envs = fakeEnvironments()
    const pool = new FunctionPool({ functionName: 'f', reservedConcurrency: 3, maxEnvironments: 1, idleTimeoutMs: 1000, clock: new ManualClock(), start: envs.start })
    const admitted = [pool.invoke(invocation), pool.invoke(invocation), pool.invoke(invocation)]
    await assert.rejects(pool.invoke(invocation), (error: unknown) => error instanceof TooManyRequestsError)
    for (let done = 0; done < 3; done++) {
      while (envs.pending.length === 0) await envs.settled()
      envs.finishOne()
    }
    await Promise.all(admitted)
  })
})
