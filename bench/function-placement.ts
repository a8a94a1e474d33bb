/**
 * Where the bench runs a gateway's Lambda functions: with the backend, on the load's CPU, not on the
 * gateway's. The placement is "the gateway alone on one core, load and backend on the other",
 * and a function is an AWS_PROXY method's backend as the HTTP server is HTTP_PROXY's (on AWS it runs on
 * other hosts altogether). Left alone, the execution environments inherit the gateway's `taskset`: each
 * pipe write to a function then wakes its process on the gateway's own core, which preempts the
 * gateway in the middle of the write (42 % of the gateway's CPU profile was that write).
 *
 * Environments start while load runs (one per concurrent call), so the placement follows the gateway:
 * every 100 ms it moves the processes of `process-runtime` under the gateway, every thread of theirs
 * (`taskset -a`), and the gateway's own threads named `lambda:*` (`functionIsolation: thread`). It
 * does so from a process of its own on those CPUs: the bench waits on wrk synchronously, so a timer
 * of the bench's would not fire while the load runs.
 */
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { commandLine, descendantsOf, numberedEntries, readProc } from './process-table.ts'

const EVERY_MS = 100

export interface FunctionPlacement {
  stop(): void
}

/** Moves the gateway's functions to `cpus` from now until stop(). */
export function placeFunctions(gatewayPid: number, cpus: string): FunctionPlacement {
  const follower = spawn('taskset', ['-c', cpus, process.execPath, fileURLToPath(import.meta.url), String(gatewayPid), cpus], { stdio: 'ignore' })
  return { stop: () => follower.kill('SIGTERM') }
}

function follow(gatewayPid: number, cpus: string): void {
  const placed = new Set<number>()
  const place = (id: number, allThreads: boolean): void => {
    placed.add(id)
    spawnSync('taskset', [...(allThreads ? ['-a'] : []), '-p', '-c', cpus, String(id)], { stdio: 'ignore' })
  }
  const move = (): void => {
    for (const { pid } of descendantsOf(gatewayPid)) {
      if (!placed.has(pid) && commandLine(pid).includes('process-runtime')) place(pid, true)
    }
    for (const tid of numberedEntries(`/proc/${gatewayPid}/task`)) {
      if (!placed.has(tid) && readProc(`/proc/${gatewayPid}/task/${tid}/comm`).startsWith('lambda:')) place(tid, false)
    }
  }
  const gateway = (): void => {
    if (readProc(`/proc/${gatewayPid}/stat`) === '') process.exit(0)
    move()
  }
  gateway()
  setInterval(gateway, EVERY_MS)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) follow(Number(process.argv[2]), process.argv[3])
