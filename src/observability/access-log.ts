import type { Logger } from '../core/logger.ts'

/** One request's access-log line, made from the stage's format and that request's `$context` variables. */
export type AccessLogFormatter = (context: Readonly<Record<string, unknown>>) => string

const CONTEXT_VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g

/**
 * A stage's access-log `Format` (developer guide, "Customizing HTTP API access logs"; "Configure
 * logging for HTTP APIs"): every `$context.<name>` (dotted for nested ones, `$context.identity.sourceIp`)
 * is replaced by that request's value; a variable the request has no value for is written `-`, as
 * in the log lines AWS writes. The rest of the format is kept as written (JSON, CLF, XML, CSV).
 */
export function compileAccessLogFormat(format: string): AccessLogFormatter {
  const parts: (string | readonly string[])[] = []
  let last = 0
  for (const match of format.matchAll(CONTEXT_VARIABLE)) {
    if (match.index > last) parts.push(format.slice(last, match.index))
    parts.push(match[1].split('.'))
    last = match.index + match[0].length
  }
  if (last < format.length) parts.push(format.slice(last))
  return (context) => parts.map((part) => (typeof part === 'string' ? part : contextValue(context, part))).join('')
}

function contextValue(context: Readonly<Record<string, unknown>>, path: readonly string[]): string {
  let value: unknown = context
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  if (value === undefined || value === null || value === '') return '-'
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `$context.requestTime`: CLF, `dd/MMM/yyyy:HH:mm:ss +0000` (developer guide, "Customizing HTTP API access logs"). */
export function clfTime(epochMillis: number): string {
  const d = new Date(epochMillis)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}

/** A stage's `AccessLogSettings` with a format, compiled: where each line goes and how it is written. */
export interface StageAccessLog {
  readonly destinationArn: string | undefined
  readonly format: AccessLogFormatter
}

/** `AccessLogSettings` as stored, compiled once per stage load so that a request only formats its line; undefined without a format. */
export function compileStageAccessLog(settings: { destinationArn?: string; format?: string } | undefined): StageAccessLog | undefined {
  if (settings?.format === undefined) return undefined
  return { destinationArn: settings.destinationArn, format: compileAccessLogFormat(settings.format) }
}

/**
 * Writes one access-log line to the gateway's log, marked `accessLog` with its destination ARN, API
 * and stage, once the answer is on its way: `context` is gathered then, so a log line never delays or
 * fails what it reports.
 */
export function writeAccessLog(
  logger: Logger, log: StageAccessLog, labels: { readonly apiId: string; readonly stage: string }, context: () => Readonly<Record<string, unknown>>,
): void {
  setImmediate(() => {
    try {
      logger.info({ accessLog: true, destinationArn: log.destinationArn, apiId: labels.apiId, stage: labels.stage }, log.format(context()))
    } catch (error) {
      logger.warn({ err: error, apiId: labels.apiId }, 'access log line not written')
    }
  })
}
