import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GatewayError } from '../core/gateway-error.ts'
import { EMPTY_TEMPLATE_INPUT } from '../vtl/compile-template.ts'
import { compileMapping } from './compiled-mapping.ts'
import { CompiledTemplates } from './compiled-templates.ts'

describe('CompiledTemplates', () => {
  it('compiles a template text once for every method of a deployment that has it', () => {
    const templates = new CompiledTemplates()
    const problems: string[] = []
    const first = templates.compile('{"statusCode": 200}', (reason) => problems.push(reason))
    const again = templates.compile('{"statusCode": 200}', (reason) => problems.push(reason))
    const other = templates.compile('{"statusCode": 404}', (reason) => problems.push(reason))
    assert.equal(again, first)
    assert.notEqual(other, first)
    assert.equal(first.render(EMPTY_TEMPLATE_INPUT).body, '{"statusCode": 200}')
    assert.equal(other.render(EMPTY_TEMPLATE_INPUT).body, '{"statusCode": 404}')
    assert.deepEqual(problems, [])
  })

  it('keeps no template that fails: each method that has it reports its own problem and answers 500', () => {
    const templates = new CompiledTemplates()
    const problems: string[] = []
    const broken = '#if($input.body'
    const first = templates.compile(broken, (reason) => problems.push(`GET /a: ${reason}`))
    const second = templates.compile(broken, (reason) => problems.push(`GET /b: ${reason}`))
    assert.equal(problems.length, 2)
    assert.match(problems[0], /^GET \/a: .*the method answers 500 Internal server error$/)
    assert.match(problems[1], /^GET \/b: /)
    for (const compiled of [first, second]) assert.throws(() => compiled.render(EMPTY_TEMPLATE_INPUT), GatewayError)
  })

  it('is shared by the integrations compiled with it, request and response templates alike', () => {
    const templates = new CompiledTemplates()
    const integration = (status: string) => ({
      type: 'MOCK' as const,
      passthroughBehavior: 'WHEN_NO_MATCH' as const,
      timeoutInMillis: 29_000,
      cacheNamespace: 'r1',
      cacheKeyParameters: [],
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: { [status]: { statusCode: status, responseTemplates: { 'application/json': '{"statusCode": 200}' } } },
    })
    const a = compileMapping(integration('200'), undefined, templates)
    const b = compileMapping(integration('201'), undefined, templates)
    const request = a.requestTemplates.get('application/json')
    assert.ok(request !== undefined)
    assert.equal(b.requestTemplates.get('application/json'), request)
    assert.equal(a.defaultResponse?.templates.get('application/json'), request)
    assert.equal(b.defaultResponse?.templates.get('application/json'), request)
    // Without a shared set, each integration compiles its own.
    assert.notEqual(compileMapping(integration('200')).requestTemplates.get('application/json'), request)
  })
})
