import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, describe, it } from 'node:test'

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-supervisor-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A stand-in for a gateway worker: it prints its place and whether it was started as a replacement, then
 * dies before it is ready on its first start, dies just after it is ready on its second, and stays on its third.
 */
const WORKER = `
  import { existsSync, readFileSync, writeFileSync } from 'node:fs'
  const counter = process.env.COUNTER
  const attempt = (existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0) + 1
  writeFileSync(counter, String(attempt))
  console.log(JSON.stringify({ attempt, index: process.env.GATEHOUSE_WORKER_INDEX, replacement: process.env.GATEHOUSE_WORKER_REPLACEMENT ?? null }))
  if (attempt === 1) process.exit(1)
  process.send('gatehouse:worker-ready', () => { if (attempt === 2) setTimeout(() => process.exit(1), 50) })
  setInterval(() => {}, 1000)
`

describe('superviseWorkers', () => {
  it('replaces a worker 1 that died before it was ready with a first worker, so the banner is still printed', async () => {
    const workerFile = join(dir, 'worker.mjs')
    writeFileSync(workerFile, WORKER)
    const supervisor = new URL('./worker-supervisor.ts', import.meta.url).href
    // The primary is a file too: cluster workers start with the primary's exec arguments, and an `-e` would run again in each.
    const primaryFile = join(dir, 'primary.mjs')
    writeFileSync(primaryFile, `
      import cluster from 'node:cluster'
      import { superviseWorkers } from ${JSON.stringify(supervisor)}
      cluster.setupPrimary({ exec: ${JSON.stringify(workerFile)} })
      const quiet = () => {}
      superviseWorkers(1, { info: quiet, error: quiet, warn: quiet, debug: quiet })
    `)
    const primary = spawn(process.execPath, [primaryFile], { env: { ...process.env, COUNTER: join(dir, 'attempts') }, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const lines = createInterface({ input: primary.stdout! })[Symbol.asyncIterator]()
      const starts = []
      for (let started = 0; started < 3; started++) starts.push(JSON.parse((await lines.next()).value as string))
      assert.deepEqual(starts, [
        { attempt: 1, index: '1', replacement: null },
        // Died before it was ready: nobody has printed the banner yet.
        { attempt: 2, index: '1', replacement: null },
        // Died after it was ready: the banner was printed, so its successor is a replacement and prints nothing.
        { attempt: 3, index: '1', replacement: '1' },
      ])
    } finally {
      primary.kill('SIGTERM')
    }
  })
})
