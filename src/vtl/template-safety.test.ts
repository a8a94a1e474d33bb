import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate, TemplateError, TemplateRenderError } from './compile-template.ts'
import type { TemplateInput } from './template-input.ts'

/**
 * Attack tests (a template is written by whoever can call the management API): prototype escapes, huge #foreach, deeply nested JSON,
 * template bombs and runaway templates — each refused or bounded, and the engine still rendering
 * the next template normally.
 */
const input = (body = '{}', context: Record<string, unknown> = {}): TemplateInput => ({
  body,
  params: { path: {}, querystring: {}, header: {} },
  context,
  stageVariables: { name: 'stage' },
})
const render = (template: string, body?: string): string => compileTemplate(template).render(input(body)).body
const refusedWith = (reason: string) => (e: unknown): boolean => e instanceof TemplateRenderError && e.reason === reason

function stillServes(): void {
  assert.equal(render('ok $input.path("$.a")', '{"a": 1}'), 'ok 1')
}

describe('template safety: JavaScript internals are out of reach', () => {
  const escapes = [
    '$input.constructor',
    '$input.constructor.constructor("return process").call()',
    '$util.constructor.name',
    '$context.constructor',
    '$context.__proto__',
    '$context["__proto__"]',
    '$stageVariables.__proto__.polluted',
    '$input.path("$").constructor.prototype',
    '$input.body.constructor.fromCharCode(65)',
    '$input.body.__proto__.toString()',
    '$input.body.valueOf()',
    '$input.params().toString.call(1)',
    '$input.path("$.a").constructor',
    '$util.parseJson("{}").__proto__',
    '$input.getClass().forName("java.lang.Runtime")',
    '$input.class.classLoader',
    '${input.body.class}',
    '$input.hasOwnProperty("body")',
    '$input.toJavaString()',
    '$input.callMethod("path", ["$"])',
  ]
  for (const template of escapes) {
    it(`renders nothing for ${template}`, () => {
      assert.equal(render(`[${template}]`, '{"a": "x"}'), '[]')
    })
  }

  it('a #set cannot write to Object.prototype through __proto__ or constructor.prototype', () => {
    render('#set($context.__proto__.polluted = "yes")#set($m = {})#set($m.__proto__.polluted = "yes")#set($m["__proto__"] = "x")#set($input.path("$").constructor.prototype.polluted = "yes")', '{}')
    render('$util.parseJson(\'{"__proto__": {"polluted": "yes"}}\').__proto__.polluted', '{}')
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false)
  })

  it('a JSON body with a __proto__ key is an ordinary key', () => {
    assert.equal(render('$input.path("$").keySet() $input.path("$.__proto__.x")', '{"__proto__": {"x": 1}}'), '[__proto__] 1')
    assert.equal(({} as Record<string, unknown>).x, undefined)
  })

  it('context values that are functions or class instances never reach the template', () => {
    const output = compileTemplate('[$context.fn][$context.date][$context.fn.call()]').render(input('{}', { fn: () => 'called', date: new Date(0) }))
    assert.equal(output.body, '[][][]')
  })
})

describe('template safety: #foreach, ranges and collections are bounded', () => {
  // "Amazon API Gateway quotas" (developer guide, REST API quotas): 1,000 iterations in a #foreach loop.
  it('stops each #foreach at 1000 iterations', () => {
    const items = JSON.stringify(Array.from({ length: 5000 }, (_, i) => i))
    assert.equal(render('#foreach($i in $input.path("$"))#set($n = $foreach.count)#end$n', items), '1000')
  })

  it('refuses a range too large to build instead of allocating it', () => {
    assert.throws(() => render('#foreach($i in [1..100000000])x#end'), refusedWith('COLLECTION_TOO_LARGE'))
    stillServes()
  })

  it('refuses a list doubled by addAll before it exhausts memory', () => {
    assert.throws(() => render('#set($l = [1])#foreach($i in [1..40])#set($x = $l.addAll($l))#end'), refusedWith('COLLECTION_TOO_LARGE'))
    stillServes()
  })

  it('stops nested loops (1000 x 1000 x 1000) on the step budget, not after a billion turns', () => {
    // The render clock stands still, so the time budget never runs out: only the step (or output) budget can stop it.
    const template = compileTemplate('#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])x#end#end#end', { clock: () => 0 })
    assert.throws(
      () => template.render(input()),
      (e: unknown) => e instanceof TemplateRenderError && ['STEP_BUDGET_EXCEEDED', 'OUTPUT_TOO_LARGE'].includes(e.reason),
    )
    stillServes()
  })
})

describe('template safety: template bombs', () => {
  it('refuses a string doubled past the output cap', () => {
    assert.throws(() => render('#set($s = "ab")#foreach($i in [1..40])#set($s = "$s$s")#end$s.length()'), refusedWith('OUTPUT_TOO_LARGE'))
    stillServes()
  })

  it('refuses a string grown by concat() or replace() past the cap', () => {
    assert.throws(() => render('#set($s = "ab")#foreach($i in [1..40])#set($s = $s.concat($s))#end'), refusedWith('OUTPUT_TOO_LARGE'))
    assert.throws(() => render('#set($s = "ab")#foreach($i in [1..40])#set($s = $s.replace("a", $s))#end'), refusedWith('OUTPUT_TOO_LARGE'))
    stillServes()
  })

  it('refuses output past the cap', () => {
    const limits = { maxOutputChars: 1000 }
    assert.throws(() => compileTemplate('#foreach($i in [1..999])xx#end', { limits }).render(input()), refusedWith('OUTPUT_TOO_LARGE'))
  })

  it('stops macro recursion at the depth limit', () => {
    assert.throws(() => render('#macro(boom $n)#boom($n)#boom($n)#end#boom(1)'), refusedWith('MACRO_DEPTH_EXCEEDED'))
    stillServes()
  })

  it('runs nested quantifiers in linear time, with Java\'s answers', () => {
    const body = JSON.stringify({ s: `${'a'.repeat(40)}!` })
    const started = performance.now()
    assert.equal(render('$input.path("$.s").matches("(a+)+$")', body), 'false')
    assert.equal(render('$input.path("$.s").replaceAll("(a*)*b", "")', body), `${'a'.repeat(40)}!`)
    assert.equal(render('$input.path("$.s").matches("(a|aa)*b")', body), 'false')
    assert.equal(render('$input.path("$.s").split("(a|ab)+").size()', body), '2')
    assert.equal(render('$input.path("$.s").matches("^(.*a){12}$")', body), 'false')
    assert.ok(performance.now() - started < 1000, 'no backtracking')
    stillServes()
  })

  it('stops a backtracking-only pattern (a backreference) at its budget, failing only that rendering', () => {
    const body = JSON.stringify({ s: `${'a'.repeat(33)}b` })
    const started = performance.now()
    assert.throws(() => render('$input.path("$.s").matches("^(.*a){12}\\1$")', body), refusedWith('TIME_BUDGET_EXCEEDED'))
    assert.throws(() => render('#foreach($i in [1..50])#set($r = $input.path("$.s").replaceAll("^(.*a){12}\\1$", ""))#end', body), refusedWith('TIME_BUDGET_EXCEEDED'))
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`)
    // A generous budget: a loaded machine may pause any call past 100 ms; this asserts the answer, not the speed.
    const generous = compileTemplate('$input.path("$.s").replaceAll("(a)\\1", "<$1>")', { limits: { maxRegexMillis: 10_000 } })
    assert.equal(generous.render(input(body)).body, `${'<a>'.repeat(16)}ab`, 'backreferences still work')
    stillServes()
  })

  it('still runs repeated groups that cannot backtrack: deterministic alternatives, bounded repeats', () => {
    const body = JSON.stringify({ s: 'get\r\npost\nput 2025-06-24' })
    assert.equal(render('$input.path("$.s").replaceAll("(\\r|\\n)+", " ")', body), 'get post put 2025-06-24')
    assert.equal(render('$input.path("$.s").replaceAll("(?:get|post)+", "M")', body), 'M\r\nM\nput 2025-06-24')
    assert.equal(render("$input.path('$.s').replaceAll('(\\d{4})-(\\d{2})', '$2/$1')", body), 'get\r\npost\nput 06/2025-24')
  })

  it('refuses an invalid regex as AWS refuses a PatternSyntaxException', () => {
    assert.throws(() => render('$input.body.matches("(")'), refusedWith('INVALID_REGEX'))
  })

  it('a Java exception (index out of bounds) fails the rendering', () => {
    assert.throws(() => render('$input.body.substring(99)'), refusedWith('METHOD_EXCEPTION'))
    assert.throws(() => render('#set($l = [1])$l.get(5)'), refusedWith('METHOD_EXCEPTION'))
  })
})

describe('template safety: deeply nested JSON', () => {
  const nested = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`

  it('reads JSON nested within the limit', () => {
    assert.equal(render('$input.json("$")', nested(100)), nested(100))
  })

  it('reads a body nested deeper than the limit as not-JSON, without overflowing the stack', () => {
    assert.equal(render('[$input.path("$")][$input.json("$")]', nested(200_000)), '[][]')
    assert.equal(render('[$input.path("$")]', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`), '[]')
    stillServes()
  })

  it('refuses $util.parseJson on over-deep JSON', () => {
    assert.throws(() => render(`$util.parseJson('${nested(10_000)}')`), refusedWith('METHOD_EXCEPTION'))
  })

  it('bounds structures a template nests itself', () => {
    assert.throws(
      () => render('#set($m = {})#foreach($a in [1..1000])#foreach($b in [1..1000])#set($m = {"m": $m})#end#end$m'),
      (e: unknown) => e instanceof TemplateRenderError,
    )
    stillServes()
  })
})

describe('template safety: a runaway template cannot stall the event loop', () => {
  it('stops on the step budget', () => {
    const template = compileTemplate('#foreach($a in [1..1000])#foreach($b in [1..1000])#set($x = $b)#end#end', { limits: { maxSteps: 50_000 } })
    assert.throws(() => template.render(input()), refusedWith('STEP_BUDGET_EXCEEDED'))
  })

  it('stops on the time budget, read from an injected clock (no sleeping)', () => {
    let now = 0
    // Every clock read advances 100 ms: the second check is past a 150 ms budget.
    const clock = (): number => (now += 100)
    const template = compileTemplate('#foreach($a in [1..1000])#foreach($b in [1..1000])#set($x = $b)#end#end', { clock, limits: { maxRenderMillis: 150 } })
    assert.throws(() => template.render(input()), refusedWith('TIME_BUDGET_EXCEEDED'))
  })

  it('a template within its budgets renders with the same clock', () => {
    let now = 0
    const clock = (): number => (now += 100)
    assert.equal(compileTemplate('#foreach($i in [1..3])$i#end', { clock, limits: { maxRenderMillis: 150 } }).render(input()).body, '123')
  })
})

describe('template size and syntax are checked at compile time', () => {
  // "Amazon API Gateway quotas" (developer guide, REST API quotas): mapping template size, 300 KB.
  it('refuses a template over 300 KB', () => {
    assert.throws(() => compileTemplate('x'.repeat(300 * 1024 + 1)), TemplateError)
    assert.doesNotThrow(() => compileTemplate('x'.repeat(300 * 1024)))
  })

  const positions: [string, string, number, number][] = [
    ['an unclosed #if', '{\n  "a": 1,\n  #if($x)\n  "b": 2\n}', 3, 3],
    ['an unclosed #foreach', 'line one\n#foreach($a in $list)\n$a', 2, 1],
    ['a stray #end', '{\n"a": 1\n}\n  #end', 4, 3],
    ['a stray #else', 'x #else y', 1, 3],
    ['#elseif after #else', '#if($a)1#else 2#elseif($b)3#end', 1, 16],
    // The position of the token the grammar refused: the end of the template, the `)`.
    ['an unterminated directive', '#set($a = 1)\n#if($a', 2, 7],
    ['a broken #foreach', 'ok\nline2 #foreach($x in)', 2, 21],
    ['an expression cut short', '{\n  #set($x = )\n}', 2, 13],
    ['#define, which is not supported', '#define($block)x#end', 1, 1],
  ]
  for (const [what, source, line, column] of positions) {
    it(`names line and column for ${what}`, () => {
      assert.throws(() => compileTemplate(source), (e: unknown) => {
        assert.ok(e instanceof TemplateError, String(e))
        assert.deepEqual({ line: e.line, column: e.column }, { line, column }, e.message)
        assert.match(e.message, new RegExp(`line ${line}, column ${column}`))
        return true
      })
    })
  }

  it('parses once: rendering many times re-uses the compiled template', () => {
    const template = compileTemplate('#set($n = $input.path("$.n"))$n')
    for (let i = 0; i < 5; i++) assert.equal(template.render(input(`{"n": ${i}}`)).body, String(i))
  })
})
