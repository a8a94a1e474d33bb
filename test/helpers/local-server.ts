import type { ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import { basename, delimiter, join } from 'node:path'
import { it } from 'node:test'

/**
 * What every helper that starts a private server for the tests (nginx, redis-server, PostgreSQL)
 * needs alike: whether its binary is there, a free port, a loud skip when it is not, and no child
 * left running when the test process ends.
 */

/** Whether an executable named `binary` is in one of PATH's directories. */
export const onPath = (binary: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false
    try {
      accessSync(join(dir, binary), constants.X_OK)
      return true
    } catch {
      return false
    }
  })

/**
 * A port of 127.0.0.1 nothing listens on right now. Another process may take it before the server
 * binds it: callers retry with another one when the server reports the address in use.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

const announced = new Set<string>()
/**
 * The suite, reported skipped with the reason, as a skipped test of its name: the run's summary then
 * counts it under "skipped" (a skipped describe is counted as a suite only, leaving "skipped 0").
 * The first skip of each `what` (e.g. "REDIS") in a test file also says so on stderr, once, so a
 * missing server is not mistaken for a pass.
 */
export function skipSuiteLoudly(what: string, name: string, reason: string): void {
  if (!announced.has(what)) {
    announced.add(what)
    process.stderr.write(`\n!!! ${what} TESTS SKIPPED (${basename(process.argv[1] ?? '')}): ${reason} !!!\n\n`)
  }
  it(name, { skip: reason }, () => {})
}

/**
 * Sends `signal` to the child `current()` returns when this process exits, so a test that fails
 * before its cleanup leaves no server behind. Returns the function that cancels it (call it once the
 * child was stopped the ordinary way).
 */
export function killOnExit(current: () => ChildProcess | undefined, signal: NodeJS.Signals): () => void {
  const kill = (): void => void current()?.kill(signal)
  process.once('exit', kill)
  return () => void process.off('exit', kill)
}
