import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFunctionName } from './function-name.ts'

describe('parseFunctionName', () => {
  it("reads each of Lambda's FunctionName forms", () => {
    assert.deepEqual(parseFunctionName('my-function'), { name: 'my-function' })
    assert.deepEqual(parseFunctionName('my-function:v1'), { name: 'my-function', qualifier: 'v1' })
    assert.deepEqual(parseFunctionName('my_function:$LATEST'), { name: 'my_function', qualifier: '$LATEST' })
    assert.deepEqual(parseFunctionName('123456789012:function:my-function'), { name: 'my-function' })
    assert.deepEqual(parseFunctionName('123456789012:function:my-function:7'), { name: 'my-function', qualifier: '7' })
    assert.deepEqual(parseFunctionName('arn:aws:lambda:us-west-2:123456789012:function:my-function'), { name: 'my-function' })
    assert.deepEqual(parseFunctionName('arn:aws-cn:lambda:cn-north-1:123456789012:function:f:prod'), { name: 'f', qualifier: 'prod' })
  })

  it('refuses what is none of them', () => {
    for (const text of ['', 'has space', 'a:b:c', 'arn:aws:s3:::bucket', `${'x'.repeat(65)}`, 'f:$NOTLATEST', 'arn:aws:lambda:us-west-2:12345:function:f']) {
      assert.equal(parseFunctionName(text), undefined, text)
    }
  })
})
