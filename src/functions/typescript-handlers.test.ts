import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { DEFAULT_AWS_ENVIRONMENT } from '../core/aws-environment.ts'
import { importedNames } from './types-only-imports.ts'
import { WorkerFunctionHost } from './worker-function-host.ts'

const REPO_ROOT = resolve(import.meta.dirname, '../..')

/** The handler `sam init` writes for its Node.js TypeScript "Hello World" template (hello-world/app.ts). */
const SAM_INIT_APP = `import { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const lambdaHandler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    return {
        statusCode: 200,
        body: JSON.stringify({ message: 'hello world', path: event.path ?? null }),
    };
};
`
const invoke = (host: WorkerFunctionHost, functionName: string, event: unknown = {}) =>
  host.invoke({ functionName, payload: JSON.stringify(event), requestId: randomUUID() })

/**
 * TypeScript handlers as `sam init` writes them import types from `aws-lambda` without `import
 * type`; Lambda runs the compiled code, where such imports are gone. A handler that cannot load
 * says why in the log, as Lambda's runtime does.
 */
for (const isolation of ['process', 'thread'] as const) describe(`TypeScript handlers (isolation: ${isolation})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-types-only-'))
  const gatewayLog: { msg: string; function?: string }[] = []
  let host: WorkerFunctionHost
  before(() => {
    // A package known only by its declarations in node_modules/@types, as after `npm install`.
    mkdirSync(join(dir, 'node_modules', '@types', 'shapes'), { recursive: true })
    writeFileSync(join(dir, 'node_modules', '@types', 'shapes', 'package.json'), '{"name":"@types/shapes","types":"index.d.ts"}')
    writeFileSync(join(dir, 'node_modules', '@types', 'shapes', 'index.d.ts'), 'export interface Square { side: number }\n')
    // TypeScript sources the type checker of this repository must not see: they import what is not installed.
    writeFileSync(join(dir, 'app.ts'), SAM_INIT_APP)
    writeFileSync(join(dir, 'missing-dependency.ts'), "import { v4 } from 'uuid-not-installed-here'\nexport const handler = async () => v4()\n")
    writeFileSync(join(dir, 'shapes.ts'), [
      "import Shapes, {",
      "  Square,",
      "  type Circle as Round,",
      "} from 'shapes'",
      "export { Square as Box } from 'shapes'",
      "export const handler = async (event: Square): Promise<number> => event.side ** 2",
      '',
    ].join('\n'))
    host = new WorkerFunctionHost({
      functions: {
        samInit: { handler: join(dir, 'app.lambdaHandler') },
        missingDependency: { handler: join(dir, 'missing-dependency.handler') },
        environment: { handler: 'test/fixtures/functions/lambda/runtime-environment.handler' },
        typesFolder: { handler: join(dir, 'shapes.handler') },
      },
      baseDir: REPO_ROOT,
      aws: DEFAULT_AWS_ENVIRONMENT,
      isolation,
      // The gateway's default level: what a user sees without asking for more.
      logger: pino({ level: 'info' }, { write: (line: string) => gatewayLog.push(JSON.parse(line)) }),
    })
  })
  after(async () => {
    await host.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("loads sam init's handler, whose `aws-lambda` import is types only", async () => {
    const result = await invoke(host, 'samInit', { path: '/hello' })
    assert.equal(result.functionError, undefined, result.payload)
    assert.deepEqual(JSON.parse(result.payload), { statusCode: 200, body: '{"message":"hello world","path":"/hello"}' })
  })

  it('loads a handler importing a package of which only @types/ is installed', async () => {
    const result = await invoke(host, 'typesFolder', { side: 3 })
    assert.equal(result.functionError, undefined, result.payload)
    assert.equal(result.payload, '9')
  })

  it('reports a missing package with code as Runtime.ImportModuleError naming it, in the log at the default level', async () => {
    const result = await invoke(host, 'missingDependency')
    assert.equal(result.functionError, 'Unhandled')
    const error = JSON.parse(result.payload)
    assert.equal(error.errorType, 'Runtime.ImportModuleError', result.payload)
    assert.match(error.errorMessage, /^Error: Cannot find package 'uuid-not-installed-here'/)
    const logged = gatewayLog.filter((entry) => entry.function === 'missingDependency').map((entry) => entry.msg)
    assert.ok(logged.some((line) => /\tERROR\tUncaught Exception \t.*Runtime\.ImportModuleError.*uuid-not-installed-here/.test(line)), logged.join('\n'))
  })

  it("runs in Lambda's environment: TZ=:UTC, a trace header, LAMBDA_RUNTIME_DIR", async () => {
    const env = JSON.parse((await invoke(host, 'environment')).payload)
    assert.equal(env.TZ, ':UTC')
    assert.match(env.traceId, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/)
    assert.equal(env.runtimeDir, join(REPO_ROOT, 'src/functions'))
    assert.equal(env.taskRoot, REPO_ROOT)
    // TZ is read once per process: only a process of its own runs in UTC whatever the gateway's zone.
    if (isolation === 'process') assert.equal(env.offsetMinutes, 0)
  })
})

describe('importedNames', () => {
  it('finds named, renamed, default and re-exported names, and skips `import type`', () => {
    const source = [
      "import Default, { A, B as C, type D } from 'pkg'",
      "import type { Skipped } from 'pkg'",
      "import * as Everything from 'pkg'",
      "export { E } from \"pkg\"",
      "import { Other } from 'other-pkg'",
    ].join('\n')
    assert.deepEqual([...importedNames(source, 'pkg')].sort(), ['A', 'B', 'D', 'E', 'default'])
  })
})
