import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileLambdaTarget, parseLambdaUri } from './lambda-target.ts'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'

describe('the Lambda function an integration URI names', () => {
  it('reads the function ARN, a qualifier, or a bare name', () => {
    assert.deepEqual(parseLambdaUri(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ARN}:orders/invocations`), { functionName: 'orders' })
    assert.deepEqual(parseLambdaUri(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ARN}:orders:live/invocations`), { functionName: 'orders', qualifier: 'live' })
    assert.deepEqual(parseLambdaUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/orders/invocations'), { functionName: 'orders' })
  })

  it('substitutes stage variables per stage', () => {
    const target = compileLambdaTarget(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ARN}:\${stageVariables.fn}/invocations`)
    assert.deepEqual(target.resolve({ fn: 'orders' }), { functionName: 'orders' })
    assert.equal(target.resolve({}), undefined)
  })

  it('does not read a URI with a doubled slash after path/, which names no function on AWS either', () => {
    // The AWS CLI's put-integration example once had `lambda:path//2015-03-31/...`; it was corrected
    // because with it "integration with Lambda cannot work" (aws/aws-cli pull request 6931, with the
    // console's error). No AWS page or recording shows such a URI invoking a function, so Gatehouse
    // answers as for any URI that names no function.
    assert.equal(parseLambdaUri(`arn:aws:apigateway:us-east-1:lambda:path//2015-03-31/functions/${ARN}:orders/invocations`), undefined)
  })

  it('refuses what is not a function name', () => {
    assert.equal(parseLambdaUri(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ARN}:../x/invocations`), undefined)
    assert.equal(parseLambdaUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/%E0%A4%A/invocations'), undefined)
  })
})
