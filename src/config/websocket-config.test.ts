import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

describe('WebSocket limits configuration (gatehouse.yaml websocket)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-config-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const load = (yaml: string) => {
    writeFileSync(join(dir, 'gatehouse.yaml'), yaml)
    return loadConfig({ file: join(dir, 'gatehouse.yaml'), explicitFile: true, env: {}, flags: {}, cwd: dir })
  }

  it('is AWS\'s quotas by default: 10 minutes idle, 2 hours in all, 500 new connections a second', () => {
    assert.deepEqual(load('port: 4000\n').websocket, { idleTimeoutSeconds: 600, maxConnectionSeconds: 7_200, newConnectionsPerSecond: 500 })
  })

  it('takes shorter limits, keeping the defaults of what it does not name', () => {
    assert.deepEqual(load('websocket:\n  idleTimeoutSeconds: 5\n  newConnectionsPerSecond: 2\n').websocket, { idleTimeoutSeconds: 5, maxConnectionSeconds: 7_200, newConnectionsPerSecond: 2 })
  })

  it('refuses an unknown key or a limit that is no positive number', () => {
    assert.throws(() => load('websocket:\n  idleTimeout: 5\n'), ConfigError)
    assert.throws(() => load('websocket:\n  maxConnectionSeconds: 0\n'), ConfigError)
  })
})
