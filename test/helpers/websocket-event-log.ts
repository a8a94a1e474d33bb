import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { within } from './within.ts'

export type LoggedEvent = { requestContext: Record<string, any>; [key: string]: any }

/** The file the WebSocket fixture handlers (test/fixtures/functions/websocket/chat.ts) append their events to. */
export interface EventLog {
  /** The folder to let the handlers write (`allowWrite`). */
  readonly dir: string
  /** `EVENT_LOG` for the handlers. */
  readonly path: string
  /** The events recorded so far: only whole lines, since a handler may be half-way through appending one. */
  events(): LoggedEvent[]
  /** The first recorded event that matches, waited for (the handlers record as they run). */
  eventWhere(what: string, matches: (event: LoggedEvent) => boolean): Promise<LoggedEvent>
  remove(): void
}

export function createEventLog(prefix: string): EventLog {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const path = join(dir, 'events.jsonl')
  writeFileSync(path, '')
  const events = (): LoggedEvent[] => readFileSync(path, 'utf8').split('\n').slice(0, -1).filter(Boolean).map((line) => JSON.parse(line) as LoggedEvent)
  return {
    dir,
    path,
    events,
    eventWhere: (what, matches) => within(10_000, what, (async () => {
      for (;;) {
        const found = events().find(matches)
        if (found !== undefined) return found
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
