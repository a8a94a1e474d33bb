import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts'
import type { StoreChangeEvent } from '../../../src/store/store.ts'

const WRITER = fileURLToPath(new URL('./write-resources.ts', import.meta.url))
const PER_WRITER = 200
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-feed-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function runWriter(filename: string, prefix: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, filename, prefix, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))))
  })
}

describe('SQLite change feed across processes', () => {
  it('delivers commits from another process and this one, interleaved, each once and in revision order', { timeout: 30_000 }, async () => {
    const filename = join(dir, 'gatehouse.db')
    const store = new SqliteStore({ filename, pollIntervalMs: 20 })
    try {
      const events: StoreChangeEvent[] = []
      let done!: () => void
      let childWriting!: () => void
      const allSeen = new Promise<void>((resolve) => (done = resolve))
      const childStarted = new Promise<void>((resolve) => (childWriting = resolve))
      const subscription = store.watch(0, (event) => {
        events.push(event)
        if (event.changes?.some((change) => change.id?.startsWith('child-'))) childWriting()
        if (event.revision === 2 * PER_WRITER) done()
      })
      const other = runWriter(filename, 'child-', PER_WRITER)
      // Writing only once the child's first commit arrived makes the two writers overlap.
      await childStarted
      for (let i = 0; i < PER_WRITER; i++) {
        await store.transaction((tx) => tx.put('resource', 'w', `here-${i}`, { id: `here-${i}`, path: `/${i}` }))
      }
      await other
      await allSeen
      subscription.close()
      assert.deepEqual(events.map((event) => event.revision), Array.from({ length: 2 * PER_WRITER }, (_, i) => i + 1))
      const ids = events.flatMap((event) => event.changes?.map((change) => change.id) ?? [])
      assert.deepEqual(ids.filter((id) => id?.startsWith('child-')), Array.from({ length: PER_WRITER }, (_, i) => `child-${i}`))
      assert.deepEqual(ids.filter((id) => id?.startsWith('here-')), Array.from({ length: PER_WRITER }, (_, i) => `here-${i}`))
      assert.equal(await store.revision(), 2 * PER_WRITER)
    } finally {
      await store.close()
    }
  })
})
