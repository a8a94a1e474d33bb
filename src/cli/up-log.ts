import { Writable } from 'node:stream'
import { createLogger, type LogLevel, type Logger } from '../core/logger.ts'

/**
 * `gatehouse up`'s console: what the functions print (their `console.log` and Lambda's
 * START/END/REPORT lines, which the functions host logs at `info`) is shown by default, as
 * `sam local start-api` shows it, one plain line each prefixed with the function's name; the
 * gateway's own lines only from `--log-level` up. On a terminal the function name is coloured and
 * Lambda's own lines are dimmed; piped, the lines are plain text (no colour codes, no JSON).
 */

const LEVELS: Readonly<Record<number, LogLevel>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' }
const RANK: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity }
const LAMBDA_LINE = /^(START|END|REPORT|INIT_START) RequestId|^INIT_START /

interface Output {
  write(text: string): unknown
  readonly isTTY?: boolean
}

/** One pino record as `up` prints it, or undefined when it is below the gateway's level. */
export function formatUpLogLine(record: Record<string, unknown>, gatewayLevel: LogLevel, pretty: boolean): string | undefined {
  const message = typeof record.msg === 'string' ? record.msg : ''
  const paint = (code: string, text: string): string => (pretty ? `\x1b[${code}m${text}\x1b[0m` : text)
  if (typeof record.function === 'string') {
    const body = message.replace(/\n$/, '')
    return `${paint('36', record.function)} ${LAMBDA_LINE.test(body) ? paint('2', body) : body}`
  }
  const level = LEVELS[Number(record.level)] ?? 'info'
  if (RANK[level] < RANK[gatewayLevel]) return undefined
  const err = record.err as { message?: string; stack?: string } | undefined
  const detail = err === undefined ? '' : `\n${err.stack ?? err.message ?? ''}`
  return `${paint(RANK[level] >= RANK.error ? '31' : '33', `gatehouse ${level}`)}: ${message}${detail}`
}

/** The logger `up` hands the gateway: function output always, gateway lines from `gatewayLevel` up. */
export function createUpLogger(gatewayLevel: LogLevel, output: Output = process.stdout): Logger {
  if (gatewayLevel === 'silent') return createLogger('silent')
  const pretty = output.isTTY === true
  let pending = ''
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8')
      let newline = pending.indexOf('\n')
      while (newline !== -1) {
        const line = pending.slice(0, newline)
        pending = pending.slice(newline + 1)
        newline = pending.indexOf('\n')
        let record: Record<string, unknown>
        try {
          record = JSON.parse(line) as Record<string, unknown>
        } catch {
          output.write(`${line}\n`)
          continue
        }
        const text = formatUpLogLine(record, gatewayLevel, pretty)
        if (text !== undefined) output.write(`${text}\n`)
      }
      done()
    },
  })
  // The functions host logs their output at info: the logger must let that through whatever the gateway level.
  return createLogger(RANK[gatewayLevel] < RANK.info ? gatewayLevel : 'info', destination)
}
