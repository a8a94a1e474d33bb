import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from '../../src/vtl/compile-template.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * [LS test_apigateway_sqs > test_sqs_amz_json_protocol > sqs-messages]: a request
 * template dumped `$context`, `$context.identity`, the two override maps and the authorizer's keys
 * into an SQS message; the recording shows AWS's key sets, their iteration order, and that null and
 * map-valued entries print as "". The dump template is ours (LocalStack's test source is not
 * among the recordings); `$util.escapeJavaScript` takes a String, which is why maps come out empty.
 */
const message = recording('test_apigateway_sqs', 'test_sqs_amz_json_protocol')['sqs-messages'][0].Body as Record<string, Record<string, string>>

const dumpOf = (map: string): string =>
  `{#foreach($key in ${map}.keySet())"$key": "$util.escapeJavaScript(${map}.get($key))"#if($foreach.hasNext), #end#end}`

const TEMPLATE = `{
"context": ${dumpOf('$context')},
"identity": ${dumpOf('$context.identity')},
"requestOverride": ${dumpOf('$context.requestOverride')},
"responseOverride": ${dumpOf('$context.responseOverride')},
"authorizer_keys": {#foreach($key in $context.authorizer.keySet())"$key": ""#if($foreach.hasNext), #end#end}
}`

/**
 * `$context` as the data plane builds it (keys in alphabetical order, as a plain object; identity
 * values null where AWS has none), with the recording's placeholders as the volatile values. The
 * engine must turn it into AWS's HashMap order.
 */
const CONTEXT = {
  accountId: '111111111111',
  apiId: '<api-id:1>',
  deploymentId: '<deployment-id:1>',
  domainName: '<domain-name:1>',
  domainPrefix: '<api-id:1>',
  extendedRequestId: '<extended-request-id:1>',
  httpMethod: 'POST',
  identity: {
    accessKey: null, accountId: null, caller: null, cognitoAuthenticationProvider: null, cognitoAuthenticationType: null,
    cognitoIdentityId: null, cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '<source-ip:1>', user: null,
    userAgent: 'python/requests/tests', userArn: null,
  },
  path: '/testing/sqs',
  protocol: 'HTTP/1.1',
  requestId: '<uuid:2>',
  requestTime: '<request-time:1>',
  // The snapshot replaced this value by key name, so the recording cannot show its type.
  requestTimeEpoch: 'request-time-epoch',
  resourceId: '<resource-id:1>',
  resourcePath: '/sqs',
  stage: 'testing',
}

describe('parity: $context in a template (LS test_apigateway_sqs > test_sqs_amz_json_protocol)', () => {
  const rendered = compileTemplate(TEMPLATE).render({ body: '{}', params: { path: {}, querystring: {}, header: {} }, context: CONTEXT, stageVariables: {} })
  const dump = JSON.parse(rendered.body) as Record<string, Record<string, string>>

  it('iterates $context.keySet() in the order AWS did', () => {
    assert.deepEqual(Object.keys(dump.context), Object.keys(message.context))
  })

  it('iterates $context.identity.keySet() in the order AWS did', () => {
    assert.deepEqual(Object.keys(dump.identity), Object.keys(message.identity))
  })

  it('gives requestOverride path, header, querystring and responseOverride header, in that order', () => {
    assert.deepEqual(Object.keys(dump.requestOverride), Object.keys(message.requestOverride))
    assert.deepEqual(Object.keys(dump.responseOverride), Object.keys(message.responseOverride))
  })

  it('renders every recorded value, nulls and maps as ""', () => {
    assert.deepEqual(dump, message)
  })
})
