import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contextDomainName } from './domain-name.ts'

describe('contextDomainName (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration: a name without port)', () => {
  it('drops the port and takes the first label of a name', () => {
    assert.deepEqual(contextDomainName('abc123.execute-api.localhost:4566'), { domainName: 'abc123.execute-api.localhost', domainPrefix: 'abc123' })
    assert.deepEqual(contextDomainName('localhost:4566'), { domainName: 'localhost', domainPrefix: 'localhost' })
  })

  it('an IP address is its own prefix, not its first octet', () => {
    assert.deepEqual(contextDomainName('127.0.0.1:4566'), { domainName: '127.0.0.1', domainPrefix: '127.0.0.1' })
    assert.deepEqual(contextDomainName('[::1]:4566'), { domainName: '[::1]', domainPrefix: '[::1]' })
  })

  it('answers each host for itself when hosts alternate', () => {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(contextDomainName('abc123.execute-api.localhost:4566'), { domainName: 'abc123.execute-api.localhost', domainPrefix: 'abc123' })
      assert.deepEqual(contextDomainName('abc123.execute-api.localhost:4566'), { domainName: 'abc123.execute-api.localhost', domainPrefix: 'abc123' })
      assert.deepEqual(contextDomainName('10.0.0.7'), { domainName: '10.0.0.7', domainPrefix: '10.0.0.7' })
    }
  })
})
