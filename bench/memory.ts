/**
 * Memory figures of `npm run bench`, read from /proc (Linux; elsewhere they are left out): a
 * process's resident set, and the execution environments (child processes) a gateway holds.
 */
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { commandLine, processTable } from './process-table.ts'

/** VmRSS of a process in MB, where /proc has it. */
export function residentMegabytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? undefined : Number(match[1]) / 1024
  } catch {
    return undefined
  }
}

/** The resident sets (MB) of a process's children whose command line contains `marker`. */
export function childrenResidentMegabytes(parentPid: number, marker: string): number[] {
  const sizes: number[] = []
  for (const { pid, parent } of processTable()) {
    if (parent !== parentPid || !commandLine(pid).includes(marker)) continue
    const rss = residentMegabytes(pid)
    if (rss !== undefined) sizes.push(rss)
  }
  return sizes
}

/**
 * The handler's own footprint: the resident set of a plain Node process (same binary) that has
 * loaded the handler module and then idles, the floor a function's execution environment cannot go under.
 */
export async function handlerOwnMegabytes(handlerFile: string): Promise<number | undefined> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e',
    `await import(${JSON.stringify(pathToFileURL(handlerFile).href)}); process.stdout.write('ready\\n'); setInterval(() => {}, 1 << 30)`], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    await new Promise((done) => child.stdout.once('data', done))
    // Give the process a moment's idleness the way a warm environment has between calls.
    await new Promise((done) => setTimeout(done, 500))
    return residentMegabytes(child.pid ?? 0)
  } finally {
    child.kill('SIGTERM')
  }
}

/** A gateway's resident set a second after it listens, and once it has sat idle long enough to settle. */
export interface IdleResidentSet {
  readonly atStartMb: number
  readonly settledMb: number
}

/**
 * V8 returns the young generation that start-up grew (module loading allocates fast) only when its
 * memory reducer runs, some 15-20 s into an idle spell; until then the resident set is start-up's.
 */
const SETTLE_MS = 30_000

/**
 * The resident set of an idle gateway as a user runs it: the package built (`tsc -p
 * tsconfig.build.json`, what `npm pack` ships, so no TypeScript is stripped at run time) into
 * `scratch`, started with `serve --in-memory` and read a second after it listens, then again once idle.
 */
export async function builtGatewayIdleMegabytes(root: string, scratch: string): Promise<IdleResidentSet | undefined> {
  const built = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', join(scratch, 'dist')], { encoding: 'utf8' })
  if (built.status !== 0) {
    console.error(`(the package did not build, so its idle memory is left out: ${built.stdout}${built.stderr})`)
    return undefined
  }
  // The built files resolve their dependencies and their module type as an installed package does.
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir')
  copyFileSync(join(root, 'package.json'), join(scratch, 'package.json'))
  const child = spawn(process.execPath, [join(scratch, 'dist/src/cli/main.js'), 'serve', '--in-memory', '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    await new Promise<void>((done, fail) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('Gatehouse listening on')) done()
      })
      child.once('exit', (code) => fail(new Error(`the built gateway exited with ${code}`)))
    })
    await new Promise((done) => setTimeout(done, 1000))
    const atStartMb = residentMegabytes(child.pid ?? 0)
    await new Promise((done) => setTimeout(done, SETTLE_MS))
    const settledMb = residentMegabytes(child.pid ?? 0)
    // Without /proc there is nothing to read (the figures are left out).
    return atStartMb === undefined || settledMb === undefined ? undefined : { atStartMb, settledMb }
  } finally {
    child.kill('SIGTERM')
  }
}
