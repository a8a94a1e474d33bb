import { readdirSync, watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'

/** Changes under these never mean new handler code: dependencies, VCS and tool state, our own store. */
const IGNORED = /(^|[\\/])(node_modules|\.[^\\/]+)([\\/]|$)/

/**
 * Watches a directory tree of handler code and calls `onChange` once per burst of changes (editors
 * and compilers write several files, or one file several times, for one save). The directory itself
 * is watched flat and each of its subdirectories recursively, so node_modules and dot-directories
 * (often most of a project) are never walked.
 */
export function watchHandlerDirectory(directory: string, onChange: (file: string) => void, debounceMs = 50): () => void {
  let timer: NodeJS.Timeout | undefined
  const watchers: FSWatcher[] = []
  const changed = (base: string) => (_event: string, file: string | Buffer | null): void => {
    const name = file === null ? base : join(base, file.toString())
    if (IGNORED.test(name)) return
    clearTimeout(timer)
    timer = setTimeout(() => onChange(name), debounceMs)
    timer.unref()
  }
  const add = (path: string, base: string, recursive: boolean): void => {
    try {
      const watcher = watch(path, { recursive, persistent: false }, changed(base))
      watcher.on('error', () => watcher.close())
      watchers.push(watcher)
    } catch {
      // A directory that vanished or cannot be watched: its code simply does not hot-reload.
    }
  }
  add(directory, '', false)
  let entries: { name: string; isDirectory(): boolean }[] = []
  try {
    entries = readdirSync(directory, { withFileTypes: true })
  } catch {
    entries = []
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !IGNORED.test(entry.name)) add(join(directory, entry.name), entry.name, true)
  }
  return () => {
    clearTimeout(timer)
    for (const watcher of watchers) watcher.close()
  }
}
