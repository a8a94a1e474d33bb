import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { describe, it } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { placeFunctions } from '../../bench/function-placement.ts'

/**
 * A stand-in gateway on CPU 0: a child whose command line names process-runtime (as an execution
 * environment's does), another child that is no function, and a worker thread named `lambda:*`.
 * It prints its own pid and its children's once all are up.
 */
const GATEWAY = `
const { spawn } = require('node:child_process')
const { Worker } = require('node:worker_threads')
const idle = ['-e', 'setInterval(() => {}, 1 << 30)']
const runtime = spawn(process.execPath, [...idle, 'process-runtime.ts'], { stdio: 'ignore' })
const other = spawn(process.execPath, [...idle, 'not-a-function'], { stdio: 'ignore' })
new Worker('setInterval(() => {}, 1 << 30)', { eval: true, name: 'lambda:test' })
setTimeout(() => console.log(JSON.stringify({ runtime: runtime.pid, other: other.pid })), 300)
process.on('SIGTERM', () => { runtime.kill(); other.kill(); process.exit(0) })
`

const allowed = (task: string): string => /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${task}/status`, 'utf8'))?.[1] ?? ''
const threadsOf = (pid: number): string[] => readdirSync(`/proc/${pid}/task`).map((tid) => `${pid}/task/${tid}`)
const named = (pid: number, prefix: string): string[] =>
  threadsOf(pid).filter((task) => readFileSync(`/proc/${task}/comm`, 'utf8').startsWith(prefix))

const canPin = process.platform === 'linux' && availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0
if (!canPin) console.log('SKIPPED bench function placement: needs Linux, two CPUs and taskset')

describe('bench: Lambda functions placed beside the backend', { skip: !canPin }, () => {
  it('moves every thread of the execution environments and the lambda:* threads, and nothing else', async () => {
    const gateway = spawn('taskset', ['-c', '0', process.execPath, '-e', GATEWAY], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const line = await new Promise<string>((done) => gateway.stdout.once('data', (chunk: Buffer) => done(chunk.toString())))
      const { runtime, other } = JSON.parse(line) as { runtime: number; other: number }
      const gatewayPid = gateway.pid!
      assert.deepEqual([...threadsOf(runtime), ...named(gatewayPid, 'lambda:')].map(allowed).filter((cpus) => cpus !== '0'), [])

      const placement = placeFunctions(gatewayPid, '1')
      try {
        // The follower is a process of its own that looks every 100 ms: wait for it, within 10 s.
        const moved = (): string[] => [...threadsOf(runtime), ...named(gatewayPid, 'lambda:')]
        for (let waited = 0; waited < 10_000 && !moved().every((task) => allowed(task) === '1'); waited += 50) await delay(50)
        assert.deepEqual(moved().map(allowed), moved().map(() => '1'), 'the environment (all its threads) and the lambda:* thread')
        assert.ok(threadsOf(runtime).length > 1, 'the environment has threads of its own besides its main one')
        const stayed = [...threadsOf(other), ...named(gatewayPid, 'MainThread')]
        assert.ok(stayed.length >= 2)
        assert.deepEqual(stayed.filter((task) => allowed(task) !== '0'), [], "another child and the gateway's own thread stay on the gateway's CPU")
      } finally {
        placement.stop()
      }
    } finally {
      gateway.kill('SIGTERM')
    }
  })
})
