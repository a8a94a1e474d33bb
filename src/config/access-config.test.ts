import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { PrincipalDirectory } from '../auth/iam-principal.ts'
import { ConfigError, loadConfig } from './config.ts'

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-access-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const load = (yaml: string, env: NodeJS.ProcessEnv = {}) => {
  writeFileSync(join(dir, 'gatehouse.yaml'), yaml)
  return loadConfig({ explicitFile: false, env, flags: {}, cwd: dir })
}

describe('access control in gatehouse.yaml', () => {
  it("accepts the README's principals, adminKeys and trustedProxies example", () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8')
    const example = /```yaml\n(principals:[\s\S]*?)```/.exec(readme)?.[1]
    assert.ok(example, 'the README shows a principals example')
    const config = load(example)
    assert.equal(config.principals.alice.accessKeyId, 'AKIAALICE00000000001')
    assert.equal(config.adminKeys.length, 1)
    assert.deepEqual(config.trustedProxies, ['10.0.0.0/8'])
    const directory = new PrincipalDirectory(config.principals, { region: 'us-east-1', accountId: config.accountId })
    assert.equal(directory.byAccessKey('AKIAALICE00000000001')?.arn, 'arn:aws:iam::000000000000:user/alice')
  })

  it('adds an admin key from GATEHOUSE_ADMIN_ACCESS_KEY_ID and GATEHOUSE_ADMIN_SECRET_ACCESS_KEY, which go together', () => {
    const config = load('', { GATEHOUSE_ADMIN_ACCESS_KEY_ID: 'AKIAADMIN00000000002', GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: 's' })
    assert.deepEqual(config.adminKeys, [{ accessKeyId: 'AKIAADMIN00000000002', secretAccessKey: 's' }])
    assert.throws(() => load('', { GATEHOUSE_ADMIN_ACCESS_KEY_ID: 'AKIAADMIN00000000002' }), /must be set together/)
  })

  it('names the key and the fix for a bad access key id, never echoing a secret', () => {
    try {
      load('principals:\n  bob:\n    accessKeyId: lowercase\n    secretAccessKey: hunter2-secret\n')
      assert.fail('expected a ConfigError')
    } catch (error) {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /principals\.bob\.accessKeyId: must be 16-128 uppercase letters or digits/)
      assert.ok(!error.message.includes('hunter2-secret'))
    }
  })

  it('refuses an identity policy it cannot evaluate when the gateway starts', () => {
    const config = load('principals:\n  bob:\n    accessKeyId: AKIABOB0000000000001\n    secretAccessKey: s\n    policies:\n      - Statement: [{ Effect: Perhaps, Action: "*", Resource: "*" }]\n')
    assert.throws(() => new PrincipalDirectory(config.principals, { region: 'us-east-1', accountId: '000000000000' }), /principals\.bob\.policies\[0\]: Statement 1: Effect must be Allow or Deny/)
  })
})
