import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from './compile-template.ts'
import type { TemplateInput } from './template-input.ts'

const CONTEXT = {
  requestId: 'r-1', stage: 'prod', resourcePath: '/pets', httpMethod: 'GET', apiId: 'a1', accountId: '123456789012',
  identity: { sourceIp: '10.0.0.1', userAgent: 'curl' }, authorizer: { principalId: 'me', n: 1 }, isCanaryRequest: true,
}

const render = (source: string, context: Record<string, unknown> = CONTEXT): TemplateInput & { out: string } => {
  const input: TemplateInput = { body: '{}', context, params: { path: {}, querystring: {}, header: {} }, stageVariables: {} }
  return { ...input, out: compileTemplate(source).render(input).body }
}

/**
 * `$context` is converted key by key as a template reads it, and built whole only when the template
 * does more (iterates, counts, writes). Whatever the template did first, it must see the one map AWS's
 * engine would have: same keys, same order, its own changes kept.
 */
describe('$context built as the template reads it', () => {
  it('lists the same keys in the same order whether or not a key was read first', () => {
    const whole = render('$context.keySet()').out
    assert.equal(render('$context.requestId|$context.identity.sourceIp|$context.keySet()').out, `r-1|10.0.0.1|${whole}`)
    assert.match(whole, /^\[.*requestOverride.*\]$/)
    assert.doesNotMatch(whole, /isCanaryRequest/)
  })

  it('keeps a change made through a value read before the map was built', () => {
    const source = '#set($i = $context.identity)#set($i.sourceIp = "9.9.9.9")'
      + '#foreach($e in $context.entrySet())#if($e.key == "identity")$e.value.sourceIp#end#end'
    assert.equal(render(source).out, '9.9.9.9')
  })

  it('counts every listed key before anything else was read', () => {
    assert.equal(render('$context.size()=$context.keySet().size()').out, `${render('$context.keySet().size()').out}=${render('$context.keySet().size()').out}`)
    assert.equal(render('$context.isEmpty()').out, 'false')
  })

  it('reads isCanaryRequest before and after the map is built, and never lists it', () => {
    assert.equal(render('$context.isCanaryRequest,#foreach($k in $context.keySet())#if($k == "isCanaryRequest")listed#end#end,$context.isCanaryRequest').out, 'true,,true')
    assert.equal(render('$context.isCanaryRequest', { requestId: 'r-2' }).out, 'false')
  })

  it('answers containsKey without building, and sees what the template puts', () => {
    assert.equal(render('$context.containsKey("requestOverride") $context.containsKey("nope") $context.containsKey("isCanaryRequest")').out, 'true false false')
    assert.equal(render('$context.put("extra", "x")$context.containsKey("extra") $context.extra $context.get("extra")').out, 'true x x')
  })

  it('hands out the authorizer values as strings, read early or late', () => {
    assert.equal(render('$context.authorizer.n|$context.keySet().size()|$context.authorizer.n').out.split('|').filter((_, i) => i !== 1).join('|'), '1|1')
    assert.equal(render('#foreach($e in $context.entrySet())#if($e.key == "authorizer")$e.value.n#end#end').out, '1')
  })

  it('applies overrides written before or after the map was built', () => {
    const early = compileTemplate('#set($context.responseOverride.status = 201)$context.keySet().size()')
    const late = compileTemplate('$context.keySet().size()#set($context.responseOverride.header.X-A = "b")')
    const input: TemplateInput = { body: '{}', context: CONTEXT, params: { path: {}, querystring: {}, header: {} }, stageVariables: {} }
    assert.deepEqual(early.render(input).responseOverride, { header: {}, status: 201 })
    assert.deepEqual(late.render(input).responseOverride, { header: { 'X-A': 'b' } })
  })
})
