import { pino, type Logger } from 'pino'

export type { Logger }

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime })
}

/** For tests and embedders that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' })
