import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, it } from 'node:test'
import { REPO_ROOT, spawnServe, type ServeProcess } from '../../helpers/cli.ts'
import { describeWithRedis } from '../../helpers/redis-server.ts'

/** One request on a connection of its own, so the cluster may hand it to any worker. */
function healthOnFreshConnection(url: string): Promise<{ status: number; pid: number }> {
  return new Promise((done, fail) => {
    const req = request(`${url}/_gatehouse/health`, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, pid: (JSON.parse(text) as { process: { pid: number } }).process.pid }))
    })
    req.on('error', fail)
    // A connection that is never answered is a failure to report, not a test that waits forever.
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')))
    req.end()
  })
}

it('--workers 2 without Redis is refused: each worker would admit every limit once', () => {
  const run = spawnSync(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), 'serve', '--workers', '2', '--port', '0', '--in-memory'], { encoding: 'utf8' })
  assert.equal(run.status, 2, run.stdout)
  assert.match(run.stderr, /invalid configuration for --workers 2/)
  assert.match(run.stderr, /inMemory: each worker would keep its own APIs/)
  assert.match(run.stderr, /redis: usage plan quotas and throttles.*pass --redis/)
})

describeWithRedis('gatehouse serve --workers 2', (redis) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-workers-'))
  let serve: ServeProcess
  // Every step has a bound, so a gateway that stops answering fails this suite instead of holding the run open.
  before(async () => {
    serve = await spawnServe(['--workers', '2', '--port', '0', '--data-dir', dataDir, '--redis', redis.url])
  }, { timeout: 60_000 })
  after(async () => {
    serve?.child.kill('SIGTERM')
    const stopped = await Promise.race([serve?.exited.then(() => true), new Promise<boolean>((done) => setTimeout(done, 20_000, false).unref())])
    if (!stopped) serve?.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
    assert.ok(stopped, 'the gateway stops within 20 s of SIGTERM')
  })

  it('serves one port from two processes, and a SIGHUP replaces both without a failed request', { timeout: 120_000 }, async () => {
    // Worker 1 prints the banner; worker 2 may still be starting, so ask until both have answered.
    const seen = new Set<number>()
    const started = Date.now()
    while (seen.size < 2 && Date.now() - started < 15_000) seen.add((await healthOnFreshConnection(serve.url)).pid)
    assert.equal(seen.size, 2, 'connections reach both workers')

    let stop = false
    const failures: string[] = []
    let answered = 0
    const load = (async () => {
      while (!stop) {
        try {
          const { status } = await healthOnFreshConnection(serve.url)
          if (status !== 200) failures.push(`status ${status}`)
          answered++
        } catch (error) {
          failures.push((error as Error).message)
        }
      }
    })()
    serve.child.kill('SIGHUP')
    // Both replaced: every pid answering now is new.
    const deadline = Date.now() + 30_000
    let fresh = new Set<number>()
    while (Date.now() < deadline) {
      fresh = new Set<number>()
      for (let n = 0; n < 20; n++) fresh.add((await healthOnFreshConnection(serve.url)).pid)
      if (fresh.size === 2 && [...fresh].every((pid) => !seen.has(pid))) break
    }
    stop = true
    await load
    assert.deepEqual([...fresh].filter((pid) => seen.has(pid)), [], 'no old worker answers after the restart')
    assert.equal(fresh.size, 2)
    assert.deepEqual(failures, [], `every request during the restart was answered (${answered} requests)`)
  })
})
