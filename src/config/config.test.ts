import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('loadConfig', () => {
  it('uses the defaults when there is no gatehouse.yaml', () => {
    const config = loadConfig({ explicitFile: false, env: {}, flags: {}, cwd: join(dir) })
    assert.equal(config.port, 4567)
    assert.equal(config.dataDir, './.gatehouse')
    assert.equal(config.region, 'us-east-1')
    assert.equal(config.inMemory, false)
  })

  it('layers file < environment < flags', () => {
    writeFileSync(join(dir, 'layers.yaml'), 'port: 5000\nregion: eu-west-1\nlogLevel: debug\napiIds:\n  PetStore: petstore00\n')
    const config = loadConfig({
      file: 'layers.yaml',
      explicitFile: true,
      env: { GATEHOUSE_PORT: '6000', GATEHOUSE_REGION: 'eu-central-1', GATEHOUSE_IN_MEMORY: 'true' },
      flags: { port: '7000' },
      cwd: dir,
    })
    assert.equal(config.port, 7000)
    assert.equal(config.region, 'eu-central-1')
    assert.equal(config.logLevel, 'debug')
    assert.equal(config.inMemory, true)
    assert.deepEqual(config.apiIds, { PetStore: 'petstore00' })
    assert.equal(config.baseDir, dir)
  })

  it('names the bad key and the flag that fixes it', () => {
    assert.throws(
      () => loadConfig({ explicitFile: false, env: { GATEHOUSE_PORT: '99999' }, flags: {}, cwd: dir }),
      (error: unknown) => error instanceof ConfigError && /port: .*--port or GATEHOUSE_PORT/.test(error.message),
    )
  })

  it('rejects unknown keys, bad handlers and a missing file that was asked for', () => {
    writeFileSync(join(dir, 'typo.yaml'), 'prot: 1\n')
    assert.throws(() => loadConfig({ file: 'typo.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }), /prot/)
    writeFileSync(join(dir, 'fn.yaml'), 'functions:\n  pets:\n    handler: nodot\n')
    assert.throws(() => loadConfig({ file: 'fn.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }), /functions\.pets\.handler: must be file\.export/)
    assert.throws(() => loadConfig({ file: 'nope.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }), ConfigError)
    writeFileSync(join(dir, 'bad.yaml'), 'port: [\n')
    assert.throws(() => loadConfig({ file: 'bad.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }), /not valid YAML/)
  })

  it('reads local and remote functions and the functions host options', () => {
    writeFileSync(join(dir, 'functions.yaml'), [
      'functions:',
      '  pets:',
      '    handler: functions/pets.handler',
      '    reservedConcurrency: 2',
      '  orders:',
      '    endpoint: https://lambda.eu-west-1.amazonaws.com',
      '    functionName: orders-prod',
      '    qualifier: live',
      'functionConcurrency: 4',
      '',
    ].join('\n'))
    const config = loadConfig({ file: 'functions.yaml', explicitFile: true, env: { GATEHOUSE_WATCH: 'true' }, flags: { functionIdleTimeout: '60' }, cwd: dir })
    assert.deepEqual(config.functions.pets, { handler: 'functions/pets.handler', reservedConcurrency: 2 })
    assert.deepEqual(config.functions.orders, { endpoint: 'https://lambda.eu-west-1.amazonaws.com', functionName: 'orders-prod', qualifier: 'live' })
    assert.equal(config.functionConcurrency, 4)
    assert.equal(config.functionIdleTimeout, 60)
    assert.equal(config.watch, true)
    assert.equal(config.functionIsolation, 'process', 'handlers run in their own processes unless told otherwise')
  })

  it('takes functionIsolation and a function\'s permissions, and refuses an unknown isolation', () => {
    writeFileSync(join(dir, 'isolation.yaml'), [
      'functionIsolation: thread',
      'functions:',
      '  tools:',
      '    handler: tools/index.handler',
      '    allowRead: [shared]',
      '    allowWrite: [/tmp]',
      '    allowChildProcess: true',
      '',
    ].join('\n'))
    const config = loadConfig({ file: 'isolation.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir })
    assert.equal(config.functionIsolation, 'thread')
    assert.deepEqual(config.functions.tools, { handler: 'tools/index.handler', allowRead: ['shared'], allowWrite: ['/tmp'], allowChildProcess: true })
    assert.equal(loadConfig({ file: 'isolation.yaml', explicitFile: true, env: { GATEHOUSE_FUNCTION_ISOLATION: 'process' }, flags: {}, cwd: dir }).functionIsolation, 'process')
    assert.throws(
      () => loadConfig({ file: 'isolation.yaml', explicitFile: true, env: {}, flags: { functionIsolation: 'container' }, cwd: dir }),
      (error: unknown) => error instanceof ConfigError && /functionIsolation: must be process or thread/.test(error.message),
    )
  })

  it('refuses a function that is neither local nor remote', () => {
    writeFileSync(join(dir, 'neither.yaml'), 'functions:\n  broken:\n    timeout: 3\n')
    assert.throws(
      () => loadConfig({ file: 'neither.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }),
      (error: unknown) => error instanceof ConfigError && /functions\.broken: must have either handler .* or endpoint/.test(error.message),
    )
  })
  it('reads vpcLinks (a link id, name or target ARN → an http(s) URL) and refuses another scheme', () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/orders/1'
    writeFileSync(join(dir, 'links.yaml'), `vpcLinks:\n  "${arn}": http://127.0.0.1:8080\n  orders-link: https://orders.local\n`)
    assert.deepEqual(loadConfig({ file: 'links.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }).vpcLinks, {
      [arn]: 'http://127.0.0.1:8080', 'orders-link': 'https://orders.local',
    })
    writeFileSync(join(dir, 'bad-links.yaml'), 'vpcLinks:\n  orders-link: ftp://orders.local\n')
    assert.throws(
      () => loadConfig({ file: 'bad-links.yaml', explicitFile: true, env: {}, flags: {}, cwd: dir }),
      (error: unknown) => error instanceof ConfigError && /vpcLinks\.orders-link: must be an http:\/\/ or https:\/\/ URL/.test(error.message),
    )
  })
})
