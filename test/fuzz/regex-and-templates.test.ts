import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GatewayError } from '../../src/core/gateway-error.ts'
import { compileSelectionPattern } from '../../src/mapping/selection-pattern.ts'
import { compileTemplate, TemplateError, TemplateRenderError } from '../../src/vtl/compile-template.ts'
import { seededRandom } from '../helpers/seeded-random.ts'

/**
 * Seeded fuzzing of what API owners write and clients send into it: selection patterns against
 * error messages, and templates calling `matches`, `replaceAll` and `split` with generated Java
 * patterns. Each case must end in an answer or in the failure its engine defines (a pattern that
 * never matches, AWS's 500), never in anything else, and within a bounded time.
 *
 * `FUZZ_RUNS=20000 FUZZ_SEED=7 node --test test/fuzz/` runs longer; a failure names its seed and case.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150)
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_604)
// Budgets are 100 ms for regex work and 1 s for a rendering; the rest is a loaded machine's slack.
const MAX_CASE_MILLIS = 2500

const ATOMS = ['a', 'b', '.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '\\p{Alpha}', '\\Q.*\\E', '\\n', '^', '$', '\\A', '\\Z', '\\b', '\\1', '(?=a)', '(?!b)', '(?<=a)', '\\u0041', '[a-c&&[^b]]', '\\', '(', ')', '[', '{']
const QUANTIFIERS = ['', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?', '*+', '++']
const INPUT_ALPHABET = ['a', 'a', 'a', 'b', '\n', '.', ' ', '1', 'é', '😀']

function generator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const pattern = (depth = 0): string => {
    let out = random() < 0.15 ? pick(['(?i)', '(?s)', '(?m)', '']) : ''
    const length = 1 + Math.floor(random() * 5)
    for (let i = 0; i < length; i++) {
      const atom = depth < 3 && random() < 0.3
        ? `(${pick(['', '?:', '?<g>'])}${pattern(depth + 1)}${random() < 0.3 ? `|${pattern(depth + 1)}` : ''})`
        : pick(ATOMS)
      out += atom + pick(QUANTIFIERS)
    }
    return out
  }
  const input = (): string => {
    const length = Math.floor(random() * 48)
    let out = ''
    for (let i = 0; i < length; i++) out += pick(INPUT_ALPHABET)
    return out
  }
  return { pick, pattern, input }
}

function timed<T>(what: string, run: () => T): T {
  const started = performance.now()
  const result = run()
  const took = performance.now() - started
  assert.ok(took < MAX_CASE_MILLIS, `${what} took ${took.toFixed(0)} ms`)
  return result
}

describe(`fuzz: selection patterns and templates (seed ${SEED}, ${RUNS} runs)`, () => {
  it('a selection pattern compiles or is refused, then matches, does not, or answers AWS\'s 500', () => {
    const { pattern, input } = generator(seededRandom(SEED))
    for (let run = 0; run < RUNS; run++) {
      const source = pattern()
      const value = input()
      const what = `case ${run}: selectionPattern ${JSON.stringify(source)} against ${JSON.stringify(value)}`
      timed(what, () => {
        const compiled = compileSelectionPattern(source)
        if (compiled === undefined) return
        try {
          assert.equal(typeof compiled.test(value), 'boolean', what)
        } catch (error) {
          assert.ok(error instanceof GatewayError && error.type === 'API_CONFIGURATION_ERROR', `${what}: ${String(error)}`)
        }
      })
    }
  })

  it('a template with generated regex calls parses or is refused, then renders or fails as AWS\'s 500', () => {
    const { pick, pattern, input } = generator(seededRandom(SEED + 1))
    const quote = (s: string): string => s.replaceAll('"', '')
    for (let run = 0; run < RUNS; run++) {
      const calls = [
        () => `$s.matches("${quote(pattern())}")`,
        () => `$s.replaceAll("${quote(pattern())}", "${pick(['$1', '<$0>', '', '${g}', '\\\\$', '$'])}")`,
        () => `$s.replaceFirst("${quote(pattern())}", "x")`,
        () => `$s.split("${quote(pattern())}").size()`,
        () => `#foreach($p in $s.split("${quote(pattern())}", ${pick(['0', '2', '-1'])}))[$p]#end`,
        () => pick(['#if($s.matches("a.*"))yes#{else}no#end', '$util.escapeJavaScript($s)', '#set($x = $s.length())$x', '#foreach(', '$s.', '#end']),
      ]
      const template = `#set($s = $input.path('$.s'))${Array.from({ length: 3 }, () => pick(calls)()).join('\n')}`
      const body = JSON.stringify({ s: input() })
      const what = `case ${run}: template ${JSON.stringify(template)} on ${body}`
      timed(what, () => {
        let compiled
        try {
          compiled = compileTemplate(template)
        } catch (error) {
          assert.ok(error instanceof TemplateError, `${what}: ${String(error)}`)
          return
        }
        try {
          const output = compiled.render({ body, params: { path: {}, querystring: {}, header: {} }, context: {}, stageVariables: {} })
          assert.equal(typeof output.body, 'string', what)
        } catch (error) {
          assert.ok(error instanceof TemplateRenderError, `${what}: ${String(error)}`)
        }
      })
    }
  })
})
