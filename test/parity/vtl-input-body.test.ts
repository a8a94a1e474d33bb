import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from '../../src/vtl/compile-template.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * [LS test_apigateway_common > test_input_body_formatting]: `$input.body` and
 * `$util.urlEncode` on an empty, a JSON and a raw body, through a request template, an HTTP echo
 * (which returns the integration request body as is) and a response template. The recording stores
 * each result as Python bytes (`b'...'`). Which of the two templates each key configures is our
 * reading of the key names; the recorded bytes are AWS's.
 */
const recorded = recording('test_apigateway_common', 'TestApiGatewayCommon::test_input_body_formatting') as Record<string, Record<string, string>>

const BODIES: Record<string, string> = { 'empty-body': '', 'json-body': '{"some": "value"}', 'str-body': 'some raw data' }
const PASS = '$input.body'
const SQS = 'Action=SendMessage&MessageBody=$input.body'
const TEMPLATES: Record<string, { request: string; response: string }> = {
  'response-raw-body': { request: PASS, response: PASS },
  'response-str-body-input': { request: SQS, response: PASS },
  'response-str-body-output': { request: PASS, response: SQS },
  'response-str-body-all': { request: SQS, response: SQS },
  'response-body-attr-access': { request: '$input.body.attr', response: PASS },
  'response-url-encode': { request: PASS, response: 'EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.body.attr)' },
}

/** `b'...'` as the snapshot prints Python bytes, for these ASCII bodies. */
const pythonBytes = (text: string): string => `b'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`

const render = (template: string, body: string): string =>
  compileTemplate(template).render({ body, params: { path: {}, querystring: {}, header: {} }, context: {}, stageVariables: {} }).body

describe('parity: $input.body and $util.urlEncode (LS test_apigateway_common > test_input_body_formatting)', () => {
  it('covers every recorded key and body', () => {
    assert.deepEqual(Object.keys(TEMPLATES).sort(), Object.keys(recorded).sort())
    for (const key of Object.keys(recorded)) assert.deepEqual(Object.keys(recorded[key]).sort(), Object.keys(BODIES).sort())
  })

  for (const [key, { request, response }] of Object.entries(TEMPLATES)) {
    for (const [bodyName, clientBody] of Object.entries(BODIES)) {
      it(`${key} > ${bodyName}`, () => {
        const integrationRequestBody = render(request, clientBody)
        const echoed = integrationRequestBody
        assert.equal(pythonBytes(render(response, echoed)), recorded[key][bodyName])
      })
    }
  }
})
