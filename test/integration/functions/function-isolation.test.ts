import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { GetRestApisCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { REPO_ROOT, spawnServe, type ServeProcess } from '../../helpers/cli.ts'

const ADMIN = { accessKeyId: 'AKIAGATEHOUSEADMIN01', secretAccessKey: 'admin-secret-that-no-handler-may-see' }
const PRINCIPAL_SECRET = 'principal-secret-in-gatehouse-yaml'
const HOSTILE = join(REPO_ROOT, 'test/fixtures/functions/hostile/hostile.ts')

/**
 * A handler must neither end nor read the gateway that runs it: with the default process
 * isolation it runs in a child process with a clean environment and Node's permission model.
 * The gateway runs as `gatehouse serve`, as users run it, with an admin secret in its
 * environment and a principal's secret in gatehouse.yaml beside the function's code.
 */
describe('function isolation: a hostile handler against `gatehouse serve`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-isolation-'))
  let serve: ServeProcess
  let lambda: LambdaClient
  let apigateway: APIGatewayClient

  before(async () => {
    // The SAM layout: the handler sits beside gatehouse.yaml, the data directory and a .env file.
    copyFileSync(HOSTILE, join(dir, 'app.ts'))
    writeFileSync(join(dir, 'data.json'), '{"readable":true}')
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=dotenv-secret\n')
    mkdirSync(join(dir, 'code'))
    copyFileSync(HOSTILE, join(dir, 'code', 'hostile.ts'))
    writeFileSync(join(dir, 'gatehouse.yaml'), [
      'functions:',
      '  beside:',
      '    handler: app.handler',
      '  nested:',
      '    handler: code/hostile.handler',
      'principals:',
      '  alice:',
      '    accessKeyId: AKIAALICEEXAMPLE0001',
      `    secretAccessKey: ${PRINCIPAL_SECRET}`,
      '',
    ].join('\n'))
    serve = await spawnServe(['--port', '0'], {
      cwd: dir,
      env: { GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, GATEHOUSE_DATA_DIR: '.gatehouse' },
    })
    lambda = new LambdaClient({ endpoint: serve.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 })
    apigateway = new APIGatewayClient({ endpoint: serve.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 })
  })
  after(async () => {
    lambda.destroy()
    apigateway.destroy()
    serve.child.kill('SIGTERM')
    await serve.exited
    rmSync(dir, { recursive: true, force: true })
  })

  const attack = async (functionName: string, event: unknown): Promise<{ error?: string; result: any }> => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }))
    return { error: out.FunctionError, result: JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) }
  }
  const stillServing = async (): Promise<void> => {
    assert.equal(serve.child.exitCode, null, 'the gateway process is alive')
    assert.ok(Array.isArray((await apigateway.send(new GetRestApisCommand({}))).items), 'the management API answers')
  }

  it('cannot signal the gateway: kill(ppid), kill(-pgid), _kill, _debugProcess are refused', async () => {
    const { error, result } = await attack('beside', { attack: 'signals' })
    assert.equal(error, undefined)
    assert.equal(result.killParent, 'refused: ERR_ACCESS_DENIED')
    assert.equal(result.killParentGroup, 'refused: ERR_ACCESS_DENIED')
    assert.equal(result.killOwnGroup, 'refused: ERR_ACCESS_DENIED')
    assert.equal(result.rawKill, 'refused: ERR_ACCESS_DENIED')
    assert.equal(result.inspectParent, 'refused: ERR_ACCESS_DENIED')
    assert.match(result.restoreKill, /^refused: /, 'the guard cannot be replaced')
    await stillServing()
  })

  it('killing its own process ends only its execution environment (Runtime.ExitError), and the next call cold-starts', async () => {
    const { error, result } = await attack('beside', { attack: 'kill-self' })
    assert.equal(error, 'Unhandled')
    assert.equal(result.errorType, 'Runtime.ExitError')
    assert.match(result.errorMessage, /Runtime exited with error: signal: killed$/)
    await stillServing()
    assert.equal((await attack('beside', { attack: 'exec' })).error, undefined)
  })

  it("sees Lambda's environment and its own, not the gateway's secrets", async () => {
    const { result: env } = await attack('beside', { attack: 'env' })
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'beside')
    assert.equal(env.GATEHOUSE_ADMIN_SECRET_ACCESS_KEY, undefined)
    assert.equal(env.GATEHOUSE_ADMIN_ACCESS_KEY_ID, undefined)
    assert.equal(env.GATEHOUSE_DATA_DIR, undefined)
    assert.ok(!JSON.stringify(env).includes(ADMIN.secretAccessKey))
  })

  it("cannot read the gateway's files, its own or the gateway's /proc environ, or the store; reads its own code", async () => {
    const paths = [
      join(dir, 'gatehouse.yaml'), join(dir, '.env'), join(dir, '.gatehouse', 'gatehouse.db'),
      '/proc/self/environ', '/proc/1/environ', `/proc/${serve.child.pid}/environ`, `/proc/${serve.child.pid}/cmdline`,
      join(REPO_ROOT, 'package.json'), '/etc/passwd',
      join(dir, 'data.json'), join(dir, 'app.ts'),
    ]
    for (const name of ['beside', 'nested']) {
      const { result } = await attack(name, { attack: 'read', paths })
      for (const path of paths.slice(0, -2)) assert.equal(result[path], 'refused: ERR_ACCESS_DENIED', `${name} reading ${path}`)
      if (name === 'beside') {
        assert.equal(result[join(dir, 'data.json')], 'ok: {"readable":true}', 'files beside its handler are its code')
        assert.match(result[join(dir, 'app.ts')], /^ok: /)
      } else {
        assert.equal(result[join(dir, 'data.json')], 'refused: ERR_ACCESS_DENIED', 'outside code/, nothing is readable')
      }
      assert.ok(!JSON.stringify(result).includes(PRINCIPAL_SECRET))
      assert.ok(!JSON.stringify(result).includes(ADMIN.secretAccessKey))
    }
    await stillServing()
  })

  it('cannot start a child process (execSync)', async () => {
    const { result } = await attack('nested', { attack: 'exec' })
    assert.equal(result.execSync, 'refused: ERR_ACCESS_DENIED')
    await stillServing()
  })
})
