import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from '../../src/vtl/compile-template.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * [LS test_apigateway_common > test_input_path_template_formatting > <key>]: how
 * `$input.path(...)` results print. The recording's response template reads an echo server's reply,
 * which nests the client's body under `json`; the bodies below are those replies. The templates are
 * our reconstruction of the LocalStack test's (its source is not among the recordings); the rendered
 * outputs are AWS's.
 */
const recorded = recording('test_apigateway_common', 'TestApiGatewayCommon::test_input_path_template_formatting') as Record<string, string>

const PRINT = '#set($result = $input.path("$.json"))$result'
const PRINT_NESTED = '#set($result = $input.path("$.json"))$result.nested'
const PRINT_FIRST = '#set($result = $input.path("$.json"))$result[0]'
const PRINT_TO_STRING = '#set($result = $input.path("$.json"))$result.toString()'
const checks = (path: string): string =>
  `#set($result = $input.path("${path}")){"body": $result, "nested": $result.nested, ` +
  `"isNull": "#if($result == $null)true#{else}false#end", "isEmptyString": "#if($result == "")true#{else}false#end"}`

const CASES: { key: string; template: string; echoed: unknown }[] = [
  { key: 'dict-response', template: PRINT, echoed: { json: { foo: 'bar' } } },
  { key: 'json-list', template: PRINT, echoed: { json: [{ foo: 'bar' }] } },
  { key: 'nested-dict', template: PRINT_NESTED, echoed: { json: { nested: { foo: 'bar' } } } },
  { key: 'nested-list', template: PRINT_NESTED, echoed: { json: { nested: [{ foo: 'bar' }] } } },
  { key: 'dict-in-list', template: PRINT_FIRST, echoed: { json: [{ foo: 'bar' }] } },
  { key: 'list-with-nested-list', template: PRINT_FIRST, echoed: { json: [[{ foo: 'bar' }]] } },
  { key: 'dict-with-nested-list', template: PRINT, echoed: { json: { foo: [{ nested: 'bar' }] } } },
  { key: 'bigger-dict', template: PRINT, echoed: { json: { bigger: 'dict', to: 'test', with: 'separators' } } },
  { key: 'to-string', template: PRINT_TO_STRING, echoed: { json: { foo: 'bar' } } },
  { key: 'list-to-string', template: PRINT_TO_STRING, echoed: { json: { list: [{ foo: 'bar' }] } } },
  { key: 'empty-body', template: checks('$.nonExisting'), echoed: { json: null } },
  { key: 'nested-empty-list', template: checks('$.json.listValue'), echoed: { json: { listValue: [] } } },
  { key: 'nested-null-list', template: checks('$.json.listValue'), echoed: { json: { listValue: null } } },
]

describe('parity: $input.path formatting (LS test_apigateway_common > test_input_path_template_formatting)', () => {
  it('covers all 13 recorded keys', () => {
    assert.deepEqual(CASES.map((c) => c.key).sort(), Object.keys(recorded).sort())
  })

  for (const { key, template, echoed } of CASES) {
    it(key, () => {
      const output = compileTemplate(template).render({
        body: JSON.stringify(echoed),
        params: { path: {}, querystring: {}, header: {} },
        context: {},
        stageVariables: {},
      })
      assert.equal(output.body, recorded[key])
    })
  }
})
