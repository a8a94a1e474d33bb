import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { watchHandlerDirectory } from './handler-watcher.ts'

describe('watchHandlerDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-watch-'))
  mkdirSync(join(dir, 'lib', 'deep'), { recursive: true })
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true })
  mkdirSync(join(dir, 'lib', 'node_modules'), { recursive: true })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('reports a change to a file in the directory or below it, and ignores node_modules', async () => {
    const seen: string[] = []
    let notify = (): void => {}
    const stop = watchHandlerDirectory(dir, (file) => {
      seen.push(file)
      notify()
    }, 10)
    try {
      const next = (): Promise<void> => new Promise((done) => (notify = done))
      let arrived = next()
      // The ignored writes come last: a burst is reported by its last file, so they would win if seen.
      writeFileSync(join(dir, 'lib', 'deep', 'util.mjs'), 'export const x = 1')
      writeFileSync(join(dir, 'lib', 'node_modules', 'dep.js'), 'x')
      writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'x')
      await arrived
      assert.deepEqual(seen, [join('lib', 'deep', 'util.mjs')])
      arrived = next()
      writeFileSync(join(dir, 'app.mjs'), 'export const handler = () => 1')
      await arrived
      assert.deepEqual(seen.slice(1), ['app.mjs'])
    } finally {
      stop()
    }
  })
})
