/**
 * A bench run kept as JSON (`npm run bench -- --save FILE`) and a later run held against it
 * (`--compare FILE`): each line's throughput as a ratio to the saved one; a line more than
 * `threshold` below its saved figure fails the comparison.
 */
import { readFileSync, writeFileSync } from 'node:fs'

export interface SavedLine {
  readonly name: string
  readonly rps: number
  readonly p50: number
  readonly p99: number
  /** The server's CPU time per request (µs), where it was read. */
  readonly cpuUs?: number
  readonly errors: number
}

export interface SavedRun {
  readonly date: string
  readonly node: string
  readonly settings: string
  readonly lines: readonly SavedLine[]
}

export interface LineComparison {
  readonly name: string
  readonly before: number | undefined
  readonly after: number | undefined
  /** after / before; undefined when the line is in one run only. */
  readonly ratio: number | undefined
  readonly dropped: boolean
}

/** The largest drop a line may show before the comparison fails: 5 %. */
export const DROP_THRESHOLD = 0.05

export function compareRuns(before: SavedRun, after: SavedRun, threshold = DROP_THRESHOLD): { lines: LineComparison[]; failed: boolean } {
  const saved = new Map(before.lines.map((line) => [line.name, line]))
  const lines: LineComparison[] = after.lines.map((line) => {
    const old = saved.get(line.name)
    saved.delete(line.name)
    const ratio = old === undefined || old.rps <= 0 ? undefined : line.rps / old.rps
    return { name: line.name, before: old?.rps, after: line.rps, ratio, dropped: ratio !== undefined && ratio < 1 - threshold }
  })
  for (const old of saved.values()) lines.push({ name: old.name, before: old.rps, after: undefined, ratio: undefined, dropped: false })
  return { lines, failed: lines.some((line) => line.dropped) }
}

export function formatComparison(comparison: { lines: LineComparison[]; failed: boolean }, file: string, threshold = DROP_THRESHOLD): string {
  const rows = comparison.lines.map((line) => {
    const figure = (rps: number | undefined): string => (rps === undefined ? '-' : String(Math.round(rps)))
    const ratio = line.ratio === undefined ? (line.before === undefined ? 'new line' : 'not measured') : `${line.ratio.toFixed(3)}x`
    return `| ${line.name} | ${figure(line.before)} | ${figure(line.after)} | ${ratio} | ${line.dropped ? 'DROPPED' : ''} |`
  })
  const dropped = comparison.lines.filter((line) => line.dropped).length
  const verdict = comparison.failed
    ? `${dropped} line(s) dropped more than ${threshold * 100} % against ${file}`
    : `no line dropped more than ${threshold * 100} % against ${file}`
  return [`\n| line | saved req/s | now req/s | now / saved | |`, '|---|---|---|---|---|', ...rows, '', verdict].join('\n')
}

export function readRun(file: string): SavedRun {
  const run = JSON.parse(readFileSync(file, 'utf8')) as SavedRun
  if (!Array.isArray(run.lines)) throw new Error(`${file} is not a saved bench run (no "lines")`)
  return run
}

export function writeRun(file: string, run: SavedRun): void {
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`)
}
