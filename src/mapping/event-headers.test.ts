import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { eventHeaders } from './event-headers.ts'

describe('eventHeaders', () => {
  it('canonicalises Authorization in any casing, keeps other names as sent (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration)', () => {
    const { headers, multiValueHeaders } = eventHeaders(['aUThorization', 'Bearer t', 'tEsT-HEADeR', 'aValUE', 'x-amz-date', '20240617T000000Z'])
    assert.deepEqual(headers, { Authorization: 'Bearer t', 'tEsT-HEADeR': 'aValUE', 'x-amz-date': '20240617T000000Z' })
    assert.deepEqual(multiValueHeaders.Authorization, ['Bearer t'])
  })

  it('Cookie and User-Agent too (no recording: as users report it and LocalStack reproduces it); repeats in any casing share one name', () => {
    const { headers, multiValueHeaders } = eventHeaders(['cookie', 'a=1', 'user-agent', 'curl/8', 'COOKIE', 'b=2', 'content-length', '3'], 'content-length')
    assert.deepEqual(headers, { Cookie: 'b=2', 'User-Agent': 'curl/8' })
    assert.deepEqual(multiValueHeaders.Cookie, ['a=1', 'b=2'])
  })
})
