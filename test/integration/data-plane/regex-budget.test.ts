import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * Regular expressions from API owners run with a guarantee on time: a template's `matches()` and an
 * integration response's `selectionPattern` meet a 34-character input that makes a backtracking
 * engine take seconds (`^(.*a){12}$`), while an unrelated request is served. The linear-time
 * engine answers as Java would; a pattern only backtracking can run (a backreference) fails its own
 * request with AWS's 500 `Internal server error` within its budget. The event loop stays free.
 */
const HOSTILE_INPUT = `${'a'.repeat(33)}b`
const LINEAR_HOSTILE = '^(.*a){12}$'
const BACKTRACKING_HOSTILE = '^(.*a){12}\\1$'
// A loaded CI machine may pause the loop on its own; a backtracking engine held it for 10 s and more.
const MAX_LOOP_DELAY_MS = 1000

const lambdaUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`

// The response template reads the request's query string: a MOCK backend has no body of its own.
const responseTemplate = (pattern: string): string => `{"matched": $input.params('s').matches("${pattern}")}`

describe('hostile regular expressions do not stall the gateway', () => {
  let gw: TestGateway
  let url: string

  before(async () => {
    gw = await startTestGateway({ baseDir: REPO_ROOT, functions: { failWithMessage: { handler: 'test/fixtures/functions/lambda/non-proxy.failWithMessage' } } })
    const mock = (path: string, pattern: string) => ({
      path,
      httpMethod: 'POST',
      integration: { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
      responses: [{ statusCode: '200', responseTemplates: { 'application/json': responseTemplate(pattern) } }],
    })
    const selecting = (path: string, pattern: string) => ({
      path,
      httpMethod: 'POST',
      integration: { type: 'AWS' as const, integrationHttpMethod: 'POST', uri: lambdaUri('failWithMessage') },
      responses: [{ statusCode: '200' }, { statusCode: '400', selectionPattern: pattern }],
    })
    const restApiId = await buildRestApi(gw, {
      name: 'regex-budget',
      methods: [
        mock('template-linear', LINEAR_HOSTILE),
        mock('template-backtracking', BACKTRACKING_HOSTILE),
        selecting('select-linear', LINEAR_HOSTILE),
        selecting('select-backtracking', BACKTRACKING_HOSTILE),
        { path: 'unrelated', httpMethod: 'GET', integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }] },
      ],
    })
    url = gw.stageUrl(restApiId, 'test')
  })
  after(() => gw.close())

  /** Sends the hostile request and, while it is in flight, an unrelated one; reports both and the loop's worst delay. */
  async function underHostileRequest(path: string, body: unknown = {}): Promise<{ hostile: Response; hostileText: string; unrelatedMillis: number; maxDelayMillis: number }> {
    const histogram = monitorEventLoopDelay({ resolution: 10 })
    histogram.enable()
    const hostile = fetch(`${url}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const started = performance.now()
    const unrelated = await fetch(`${url}/unrelated`)
    assert.equal(unrelated.status, 200)
    await unrelated.text()
    const unrelatedMillis = performance.now() - started
    const response = await hostile
    const hostileText = await response.text()
    histogram.disable()
    return { hostile: response, hostileText, unrelatedMillis, maxDelayMillis: histogram.max / 1e6 }
  }

  it('a template\'s matches(): the linear engine answers as Java does, at once', async () => {
    const run = await underHostileRequest(`template-linear?s=${HOSTILE_INPUT}`)
    assert.equal(run.hostile.status, 200)
    assert.deepEqual(JSON.parse(run.hostileText), { matched: false })
    assert.ok(run.maxDelayMillis < MAX_LOOP_DELAY_MS, `event loop held ${run.maxDelayMillis} ms`)
    assert.ok(run.unrelatedMillis < MAX_LOOP_DELAY_MS, `unrelated request waited ${run.unrelatedMillis} ms`)
  })

  it('a template\'s backtracking-only pattern fails its own request with AWS\'s 500, within its budget', async () => {
    const run = await underHostileRequest(`template-backtracking?s=${HOSTILE_INPUT}`)
    assert.equal(run.hostile.status, 500)
    assert.deepEqual(JSON.parse(run.hostileText), { message: 'Internal server error' })
    assert.ok(run.maxDelayMillis < MAX_LOOP_DELAY_MS, `event loop held ${run.maxDelayMillis} ms`)
    assert.ok(run.unrelatedMillis < MAX_LOOP_DELAY_MS, `unrelated request waited ${run.unrelatedMillis} ms`)
  })

  it('a selectionPattern against a Lambda errorMessage: no match, the default response, at once', async () => {
    const run = await underHostileRequest('select-linear', { message: HOSTILE_INPUT })
    assert.equal(run.hostile.status, 200, 'the default response: the pattern does not match')
    assert.ok(run.maxDelayMillis < MAX_LOOP_DELAY_MS, `event loop held ${run.maxDelayMillis} ms`)
    assert.ok(run.unrelatedMillis < MAX_LOOP_DELAY_MS, `unrelated request waited ${run.unrelatedMillis} ms`)
    const matching = await fetch(`${url}/select-linear`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'a'.repeat(12) }) })
    assert.equal(matching.status, 400, 'a message the pattern matches selects its response')
  })

  it('a backtracking-only selectionPattern fails its own request with AWS\'s 500, within its budget', async () => {
    const run = await underHostileRequest('select-backtracking', { message: HOSTILE_INPUT })
    assert.equal(run.hostile.status, 500)
    assert.deepEqual(JSON.parse(run.hostileText), { message: 'Internal server error' })
    assert.ok(run.maxDelayMillis < MAX_LOOP_DELAY_MS, `event loop held ${run.maxDelayMillis} ms`)
    assert.ok(run.unrelatedMillis < MAX_LOOP_DELAY_MS, `unrelated request waited ${run.unrelatedMillis} ms`)
  })
})
