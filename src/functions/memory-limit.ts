import { writeSync } from 'node:fs'

/**
 * Lambda bounds an execution environment's memory as a whole, runtime and all, at its MemorySize
 * (Lambda developer guide, "Configure Lambda function memory"); V8's `--max-old-space-size` bounds
 * only the JavaScript heap, so memory outside it (Buffers, typed arrays) is watched here: when the
 * process's resident set passes MemorySize, it reports so on stderr and ends at once, as Lambda ends
 * an environment that runs out of memory. A synchronous loop that never yields is not seen until it
 * does; that is as far as Node allows a process to bound itself.
 */
export const MEMORY_LIMIT_EXCEEDED = 'Runtime.OutOfMemory: the execution environment used more than its MemorySize'

const CHECK_EVERY_MS = 25

export function enforceMemoryLimit(memorySizeMB: number): void {
  const limit = memorySizeMB * 1024 * 1024
  const timer = setInterval(() => {
    if (process.memoryUsage.rss() <= limit) return
    writeSync(2, `${MEMORY_LIMIT_EXCEEDED}\n`)
    process.kill(process.pid, 'SIGKILL')
  }, CHECK_EVERY_MS)
  // The watch alone never keeps the environment alive.
  timer.unref()
}
