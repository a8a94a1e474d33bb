import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { inputPath } from '../../helpers/recordings.ts'

/** `gatehouse import` and `gatehouse export` as a user runs them, against a gateway running in this process. */

const run = promisify(execFile)
const gatehouse = (args: string[]) =>
  run(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), ...args], { cwd: REPO_ROOT }).catch((error: { code: number; stdout: string; stderr: string }) => error)

let gw: TestGateway

before(async () => {
  gw = await startTestGateway()
})
after(async () => {
  await gw.close()
})

describe('gatehouse import / export', () => {
  test('import FILE --stage deploys it and prints the invoke URL; export API --stage --format yaml gives it back', async () => {
    const imported = await gatehouse(['import', inputPath('openapi-method-int.spec.yaml'), '--stage', 'dev', '--endpoint-url', gw.adminUrl])
    assert.equal('code' in imported ? imported.code : 0, 0, imported.stderr)
    const id = /Imported REST API test-import-oas-int \((\w+)\)/.exec(imported.stdout)?.[1]
    assert.ok(id !== undefined, imported.stdout)
    const url = /Invoke URL: (\S+)/.exec(imported.stdout)?.[1]
    assert.equal(url, gw.stageUrl(id, 'dev'))
    assert.equal((await fetch(`${url}/test`)).status, 200)

    // By name, as YAML, with the extensions that make it importable again.
    const exported = await gatehouse(['export', 'test-import-oas-int', '--stage', 'dev', '--format', 'yaml', '--endpoint-url', gw.adminUrl])
    const document = parseYaml(exported.stdout)
    assert.equal(document.openapi, '3.0.1')
    assert.equal(document.paths['/test'].get['x-amazon-apigateway-integration'].type, 'mock')
    assert.equal(document.info.title, 'test-import-oas-int')
  })

  test('warnings go to stderr; a bad document or an unreachable gateway exits 1 with the reason', async () => {
    const warned = await gatehouse(['import', inputPath('openapi-basepath-url.yaml'), '--endpoint-url', gw.adminUrl])
    assert.match(warned.stderr, /^warning: Invalid format for 'requestParameters'/m)

    const bad = await gatehouse(['import', resolve(REPO_ROOT, 'package.json'), '--endpoint-url', gw.adminUrl])
    assert.equal('code' in bad ? bad.code : 0, 1)
    assert.match(bad.stderr, /gatehouse: BadRequestException: Invalid OpenAPI input\./)

    const unreachable = await gatehouse(['export', 'x', '--stage', 'dev', '--endpoint-url', 'http://127.0.0.1:9'])
    assert.equal('code' in unreachable ? unreachable.code : 0, 1)
    assert.match(unreachable.stderr, /cannot reach the gateway at http:\/\/127\.0\.0\.1:9/)
  })
})

describe('gatehouse import / export of HTTP APIs', () => {
  test('a document with x-amazon-apigateway-importexport-version imports as an HTTP API; export finds it by name', async () => {
    const file = resolve(REPO_ROOT, 'test/fixtures/openapi/http-api.yaml')
    const imported = await gatehouse(['import', file, '--stage', '$default', '--endpoint-url', gw.adminUrl])
    assert.equal('code' in imported ? imported.code : 0, 0, imported.stderr)
    const id = /Imported HTTP API cli-http-api \((\w+)\)/.exec(imported.stdout)?.[1]
    assert.ok(id !== undefined, imported.stdout)
    assert.match(imported.stdout, /Created stage \$default with AutoDeploy/)
    assert.equal(/Invoke URL: (\S+)/.exec(imported.stdout)?.[1], `${gw.adminUrl.replace(/\/+$/, '')}/_aws/execute-api/${id}`)

    const exported = await gatehouse(['export', 'cli-http-api', '--format', 'yaml', '--endpoint-url', gw.adminUrl])
    const document = parseYaml(exported.stdout)
    assert.equal(document['x-amazon-apigateway-importexport-version'], '1.0')
    assert.equal(document.paths['/hello'].get['x-amazon-apigateway-integration'].uri, 'https://example.com/hello')

    const reimported = await gatehouse(['import', file, '--api-id', id, '--endpoint-url', gw.adminUrl])
    assert.match(reimported.stdout, new RegExp(`Reimported HTTP API cli-http-api \\(${id}\\)`))
    const noStage = await gatehouse(['export', 'no-such-api', '--endpoint-url', gw.adminUrl])
    assert.match(noStage.stderr, /--stage is required to export a REST API/)
  })
})
