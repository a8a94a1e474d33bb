/**
 * The processes /proc lists (Linux; elsewhere none): each one's parent and CPU time, and its command line. The
 * bench's CPU per request, its memory figures and its placement of Lambda functions all read them here.
 */
import { readdirSync, readFileSync } from 'node:fs'

export interface ProcessEntry {
  readonly pid: number
  readonly parent: number
  /** User and system time so far. */
  readonly cpuSeconds: number
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** Every live process, read from /proc/<pid>/stat. */
export function processTable(): ProcessEntry[] {
  const table: ProcessEntry[] = []
  for (const pid of numberedEntries('/proc')) {
    const stat = readProc(`/proc/${pid}/stat`)
    if (stat === '') continue
    // After the command (which may hold spaces and parentheses): state, parent, ... utime is field 14 and stime 15
    // of stat, 11 and 12 here.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    table.push({ pid, parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND })
  }
  return table
}

/** The processes under `pid`, however deep, in `table`. */
export function descendantsOf(pid: number, table: readonly ProcessEntry[] = processTable()): ProcessEntry[] {
  const parents = new Map(table.map((entry) => [entry.pid, entry.parent]))
  return table.filter((entry) => {
    for (let at = parents.get(entry.pid); at !== undefined && at > 0; at = parents.get(at)) if (at === pid) return true
    return false
  })
}

/** CPU seconds (user + system) a process and every live descendant have used. */
export function treeCpuSeconds(pid: number): number {
  const table = processTable()
  const own = table.find((entry) => entry.pid === pid)?.cpuSeconds ?? 0
  return descendantsOf(pid, table).reduce((sum, entry) => sum + entry.cpuSeconds, own)
}

/** A process's arguments, NUL-separated, or '' once it has ended. */
export function commandLine(pid: number): string {
  return readProc(`/proc/${pid}/cmdline`)
}

/** The numbered entries of a /proc folder (processes, or a process's threads), none when it is gone. */
export function numberedEntries(folder: string): number[] {
  try {
    return readdirSync(folder).filter((name) => /^\d+$/.test(name)).map(Number)
  } catch {
    return []
  }
}

/** A /proc file's text, or '' when its process ended while it was being read (or there is no /proc). */
export function readProc(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
