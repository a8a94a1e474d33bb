import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'

const LAUNCHER = resolve(REPO_ROOT, 'bin/gatehouse.js')
const VERSION = (JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version

/** A Node on PATH, outside node_modules, too old to strip types (a system Node 20, say), if there is one. */
function oldSystemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue
    const node = join(dir, 'node')
    const probe = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' })
    if (probe.status !== 0) continue
    const [major, minor] = probe.stdout.trim().split('.').map(Number)
    if (major < 22 || (major === 22 && minor < 18)) return node
  }
  return undefined
}

describe('the gatehouse launcher (bin/gatehouse.js) runs from any directory', () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'gatehouse-elsewhere-'))
  after(() => rmSync(elsewhere, { recursive: true, force: true }))
  const oldNode = oldSystemNode()

  it('prints the package version from an unrelated working directory', () => {
    const run = spawnSync(process.execPath, [LAUNCHER, '--version'], { cwd: elsewhere, encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stdout.trim(), VERSION)
  })

  it('started by a Node too old for Gatehouse, runs on the Node that npm install brought', { skip: oldNode === undefined && 'no Node older than 22.18 on PATH to start it with' }, () => {
    const run = spawnSync(oldNode!, [LAUNCHER, '--version'], { cwd: elsewhere, encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stdout.trim(), VERSION)
  })

  it('started by a Node too old, with no Node installed beside it, says what to install and exits 1', { skip: oldNode === undefined && 'no Node older than 22.18 on PATH to start it with' }, () => {
    // A copy of the launcher with no node_modules above it: nothing pinned to find.
    const lonely = join(elsewhere, 'lonely', 'bin')
    mkdirSync(lonely, { recursive: true })
    copyFileSync(LAUNCHER, join(lonely, 'gatehouse.js'))
    copyFileSync(resolve(REPO_ROOT, 'package.json'), join(lonely, '..', 'package.json'))
    const run = spawnSync(oldNode!, [join(lonely, 'gatehouse.js'), '--version'], { cwd: elsewhere, encoding: 'utf8' })
    assert.equal(run.status, 1)
    assert.match(run.stderr, /needs Node\.js 22\.18 or newer/)
    assert.match(run.stderr, /install Node 24/)
  })
})
