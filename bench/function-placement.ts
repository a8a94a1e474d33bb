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
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

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
    for (const pid of descendants(gatewayPid)) {
      if (!placed.has(pid) && commandLine(pid).includes('process-runtime')) place(pid, true)
    }
    for (const tid of entries(`/proc/${gatewayPid}/task`)) {
      if (!placed.has(tid) && read(`/proc/${gatewayPid}/task/${tid}/comm`).startsWith('lambda:')) place(tid, false)
    }
  }
  const gateway = (): void => {
    if (read(`/proc/${gatewayPid}/stat`) === '') process.exit(0)
    move()
  }
  gateway()
  setInterval(gateway, EVERY_MS)
}

/** Every live process under `pid`, children first found through each process's parent in /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>()
  for (const id of entries('/proc')) {
    const stat = read(`/proc/${id}/stat`)
    // After the command (which may hold spaces and parentheses): state, then the parent's pid.
    if (stat !== '') parents.set(id, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
  }
  const found: number[] = []
  for (const id of parents.keys()) {
    for (let at = parents.get(id); at !== undefined && at > 0; at = parents.get(at)) {
      if (at === pid) {
        found.push(id)
        break
      }
    }
  }
  return found
}

function entries(folder: string): number[] {
  try {
    return readdirSync(folder).filter((name) => /^\d+$/.test(name)).map(Number)
  } catch {
    return []
  }
}

/** A /proc file's text, or '' when its process ended while it was being read. */
function read(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

function commandLine(pid: number): string {
  return read(`/proc/${pid}/cmdline`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) follow(Number(process.argv[2]), process.argv[3])
