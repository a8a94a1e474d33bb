import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyBasePath, documentBasePath, readBasePathMode } from './base-path.ts'
import { readOpenApiDocument } from './read-document.ts'

const oas = (servers: unknown) => readOpenApiDocument(Buffer.from(JSON.stringify({ openapi: '3.0.1', info: { title: 't' }, servers })))

test('the base path: Swagger basePath, an OpenAPI basePath variable, else the server URL path', () => {
  assert.deepEqual(documentBasePath(readOpenApiDocument(Buffer.from('swagger: "2.0"\nbasePath: /v1/api\n'))), ['v1', 'api'])
  assert.deepEqual(documentBasePath(oas([{ url: 'https://x.com', variables: { basePath: { default: '/base-var' } } }])), ['base-var'])
  assert.deepEqual(documentBasePath(oas([{ url: 'https://x.com/{stage}/part/', variables: { stage: { default: 'dev' } } }])), ['dev', 'part'])
  assert.deepEqual(documentBasePath(oas([{ url: '/relative' }])), ['relative'])
  assert.deepEqual(documentBasePath(oas(undefined)), [])
})

test('ignore drops it, prepend keeps it all, split drops its first segment', () => {
  assert.equal(applyBasePath('ignore', ['base-url', 'part'], '/test'), '/test')
  assert.equal(applyBasePath('prepend', ['base-url', 'part'], '/test'), '/base-url/part/test')
  assert.equal(applyBasePath('split', ['base-url', 'part'], '/test'), '/part/test')
  assert.equal(applyBasePath('prepend', ['v1'], '/'), '/v1')
  assert.equal(readBasePathMode(null), 'ignore')
  assert.throws(() => readBasePathMode('sideways'), /Invalid basepath specified/)
})

test('Swagger 2.0 and OpenAPI 3.0.x are read, in JSON or YAML; 3.1 and non-documents are not', () => {
  assert.equal(readOpenApiDocument(Buffer.from('{"swagger": "2.0"}')).dialect, 'swagger2')
  assert.equal(readOpenApiDocument(Buffer.from('openapi: 3.0.3\n')).dialect, 'oas30')
  for (const bad of ['openapi: 3.1.0\n', 'just text', '[1, 2]', '{"openapi": ']) {
    assert.throws(() => readOpenApiDocument(Buffer.from(bad)), { message: 'Invalid OpenAPI input.' }, bad)
  }
})

test('an unquoted swagger: 2.0 (a number to YAML) is Swagger 2.0, as AWS reads the node as text', () => {
  assert.equal(readOpenApiDocument(Buffer.from('swagger: 2.0\ninfo: {title: t}\n')).dialect, 'swagger2')
  assert.equal(readOpenApiDocument(Buffer.from('openapi: 3.0\n')).dialect, 'oas30')
})

test('Invalid OpenAPI input. keeps AWS\'s text and says what is wrong and where in `detail`', () => {
  const detailOf = (text: string): string | undefined => {
    try {
      readOpenApiDocument(Buffer.from(text))
    } catch (error) {
      return (error as { detail?: string }).detail
    }
    return undefined
  }
  assert.match(detailOf('openapi: 3.1.0\n')!, /^openapi: 3\.1\.0 is not a version API Gateway imports/)
  assert.match(detailOf('swagger: "1.2"\n')!, /^swagger: 1\.2 is not a version/)
  assert.match(detailOf('openapi: 3.0.1\ninfo: {title: x\n  paths: ]')!, /^line \d+, column \d+: /)
  assert.equal(detailOf('info: {title: x}\n'), 'the top-level mapping has neither swagger: "2.0" nor openapi: 3.0.x')
  assert.match(detailOf('[1, 2]')!, /a list/)
})
