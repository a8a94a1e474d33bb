import { pino, type Logger } from 'pino'

export type { Logger }

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/**
 * Secrets that must never reach a log line, wherever a logged object carries them: signatures and
 * tokens in headers, API key values, signing secrets.
 */
export const REDACTED_PATHS = [
  'authorization', '*.authorization', '*.headers.authorization', '*.headers["x-api-key"]', '*.headers["x-amz-security-token"]',
  'secretAccessKey', '*.secretAccessKey', 'sessionToken', '*.sessionToken', 'apiKey', '*.apiKey',
]

export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }
  return destination === undefined ? pino(options) : pino(options, destination)
}

/** For tests and embedders that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' })
