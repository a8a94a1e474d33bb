import { Writable } from 'node:stream'
import { createLogger } from '../../src/core/logger.ts'
import type { Logger } from '../../src/core/logger.ts'
import { within } from './within.ts'

/** One line of the gateway's JSON log; access-log lines carry `accessLog` with their destination, API and stage. */
export interface LogLine { msg: string; accessLog?: boolean; destinationArn?: string; apiId?: string; stage?: string }

/** A logger at `info` whose lines the test reads back, and a wait for the stage access-log lines among them. */
export interface CapturedLog {
  readonly logger: Logger
  readonly lines: LogLine[]
  /** The access-log lines written so far, waited for until there are at least `count`. */
  accessLines(count: number): Promise<LogLine[]>
}

export function captureLog(): CapturedLog {
  const lines: LogLine[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line))
      done()
    },
  })
  const accessLines = (count: number): Promise<LogLine[]> => within(10_000, `${count} access-log lines`, (async () => {
    for (;;) {
      const found = lines.filter((line) => line.accessLog === true)
      if (found.length >= count) return found
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })())
  return { logger: createLogger('info', sink), lines, accessLines }
}
