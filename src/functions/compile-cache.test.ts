import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../core/aws-environment.ts'
import { silentLogger } from '../core/logger.ts'
import { functionCompileCache } from './compile-cache.ts'
import { permissionFlags } from './runtime-permissions.ts'
import { WorkerFunctionHost } from './worker-function-host.ts'

const REPO_ROOT = resolve(import.meta.dirname, '../..')

describe("function processes keep Node's compile cache", () => {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-compile-cache-test-'))
  let host: WorkerFunctionHost
  before(() => {
    host = new WorkerFunctionHost({
      functions: { typed: { handler: 'test/fixtures/functions/lambda/styles.asyncHandler' } },
      baseDir: REPO_ROOT,
      aws: DEFAULT_AWS_ENVIRONMENT,
      logger: silentLogger,
      compileCacheRoot: root,
    })
  })
  after(async () => {
    await host.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('a cold start writes the runtime and the TypeScript handler compiled into the function\'s own directory', async () => {
    const result = await host.invoke({ functionName: 'typed', payload: '{}', requestId: randomUUID() })
    assert.equal(result.functionError, undefined, result.payload)
    const [directory, ...others] = readdirSync(root)
    assert.deepEqual(others, [], 'one directory for the one handler')
    // Node keeps one folder per Node version and architecture, holding an entry per compiled module;
    // the environment flushes it right after init, so allow it a moment (bounded, not a sleep).
    const entries = (): string[] => readdirSync(join(root, directory)).flatMap((version) => readdirSync(join(root, directory, version)))
    const deadline = Date.now() + 5_000
    while (entries().length === 0 && Date.now() < deadline) await new Promise((done) => setImmediate(done))
    assert.ok(entries().length > 0, 'entries were written')
  })

  it('each handler file has its own directory, which only its processes may read and write', () => {
    const one = functionCompileCache(root, '/code/one/index.ts')
    const two = functionCompileCache(root, '/code/two/index.ts')
    assert.notEqual(one, two)
    const flags = permissionFlags({ handlerFile: '/code/one/index.ts', runtimeFiles: [], tmpDir: '/tmp/x', privatePaths: [], compileCache: one })
    assert.ok(flags.includes(`--allow-fs-read=${one}`) && flags.includes(`--allow-fs-write=${one}`))
    assert.ok(!flags.some((flag) => flag.endsWith(two)), "another function's cache is out of reach")
  })
})
