import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { compileTemplate } from './compile-template.ts'
import type { TemplateInput } from './template-input.ts'

/**
 * The table of `test/fixtures/vtl/<case>.{vtl,json,expected}`: each template is rendered against
 * the input its `.json` describes and must produce the `.expected` bytes exactly. The `.json`
 * names the source each expectation comes from.
 */
const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/vtl')

interface FixtureMeta {
  source: string
  body?: string
  bodyJson?: unknown
  params?: Partial<TemplateInput['params']>
  context?: Record<string, unknown>
  stageVariables?: Record<string, string>
  expectedOverrides?: Record<string, unknown>
}

const cases = readdirSync(FIXTURES).filter((f) => f.endsWith('.vtl')).map((f) => f.slice(0, -'.vtl'.length)).sort()

describe('VTL fixtures', () => {
  it('has at least 60 cases, each with its three files', () => {
    assert.ok(cases.length >= 60, `only ${cases.length} cases`)
    const files = new Set(readdirSync(FIXTURES))
    for (const name of cases) {
      assert.ok(files.has(`${name}.json`), `${name}.json missing`)
      assert.ok(files.has(`${name}.expected`), `${name}.expected missing`)
    }
  })

  for (const name of cases) {
    it(name, () => {
      const template = readFileSync(join(FIXTURES, `${name}.vtl`), 'utf8')
      const meta = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as FixtureMeta
      const expected = readFileSync(join(FIXTURES, `${name}.expected`), 'utf8')
      assert.ok(meta.source, 'every case names its source')
      const body = meta.bodyJson !== undefined ? JSON.stringify(meta.bodyJson) : meta.body ?? ''
      const output = compileTemplate(template).render({
        body,
        params: { path: {}, querystring: {}, header: {}, ...meta.params },
        context: meta.context ?? {},
        stageVariables: meta.stageVariables ?? {},
      })
      assert.equal(output.body, expected)
      if (meta.expectedOverrides) {
        assert.deepEqual({ requestOverride: output.requestOverride, responseOverride: output.responseOverride }, meta.expectedOverrides)
      }
    })
  }
})
