import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compilePolicy, evaluatePolicies } from './compiled-policy.ts'
import { expandResourcePolicy } from './execute-api-arn.ts'
import { PolicyError } from './policy-error.ts'
import { conditionKeys, type PolicyPrincipal } from './request-context.ts'
import { CidrSet } from './source-ip.ts'

const ARN = 'arn:aws:execute-api:us-east-1:111122223333:abc1234567/prod/GET/pets/1'
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0)
const request = (overrides: { resource?: string; action?: string; principal?: PolicyPrincipal; sourceIp?: string; userAgent?: string; referer?: string; secure?: boolean; now?: number } = {}) => ({
  action: overrides.action ?? 'execute-api:Invoke',
  resource: overrides.resource ?? ARN,
  principal: overrides.principal,
  conditionKeys: conditionKeys({
    sourceIp: overrides.sourceIp ?? '192.0.2.10', userAgent: overrides.userAgent, referer: overrides.referer,
    secureTransport: overrides.secure ?? false, now: overrides.now ?? NOW, principal: overrides.principal,
  }),
})
const resourcePolicy = (...Statement: object[]) => compilePolicy({ Version: '2012-10-17', Statement }, 'resource')
const allowAll = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }

describe('IAM policy evaluation', () => {
  it('matches Resource with * across slashes and ? as one character; Action case-insensitively', () => {
    const policy = compilePolicy({ Statement: [{ Effect: 'Allow', Action: 'EXECUTE-API:*', Resource: 'arn:aws:execute-api:us-east-1:111122223333:abc1234567/*/GET/pets/?' }] }, 'identity')
    assert.equal(evaluatePolicies([policy], request()), 'Allow')
    assert.equal(evaluatePolicies([policy], request({ resource: `${ARN}0` })), 'NotMatched')
    assert.equal(evaluatePolicies([policy], request({ resource: ARN.replace('GET', 'POST') })), 'NotMatched')
  })

  it('lets an explicit Deny win over any Allow, in any order', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ARN }
    assert.equal(evaluatePolicies([resourcePolicy(deny, allowAll)], request()), 'Deny')
    assert.equal(evaluatePolicies([resourcePolicy(allowAll, deny)], request()), 'Deny')
  })

  it('supports NotAction and NotResource', () => {
    const policy = resourcePolicy({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', NotResource: '*/prod/*' })
    assert.equal(evaluatePolicies([policy], request()), 'NotMatched')
    assert.equal(evaluatePolicies([policy], request({ resource: ARN.replace('/prod/', '/dev/') })), 'Deny')
    const notAction = resourcePolicy({ Effect: 'Allow', Principal: '*', NotAction: 'execute-api:InvalidateCache', Resource: '*' })
    assert.equal(evaluatePolicies([notAction], request()), 'Allow')
  })

  it('matches principals: "*" and {"AWS":"*"} everyone, an account id or root ARN its principals, an ARN that principal', () => {
    const alice = { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' }
    const mallory = { arn: 'arn:aws:iam::999988887777:user/mallory', accountId: '999988887777' }
    const statement = (Principal: unknown) => resourcePolicy({ Effect: 'Allow', Principal, Action: 'execute-api:Invoke', Resource: '*' })
    assert.equal(evaluatePolicies([statement({ AWS: '*' })], request()), 'Allow')
    assert.equal(evaluatePolicies([statement({ AWS: '111122223333' })], request({ principal: alice })), 'Allow')
    assert.equal(evaluatePolicies([statement({ AWS: 'arn:aws:iam::111122223333:root' })], request({ principal: mallory })), 'NotMatched')
    assert.equal(evaluatePolicies([statement({ AWS: ['arn:aws:iam::111122223333:user/alice'] })], request({ principal: alice })), 'Allow')
    assert.equal(evaluatePolicies([statement({ AWS: 'arn:aws:iam::111122223333:user/alice' })], request()), 'NotMatched', 'anonymous is not alice')
  })

  it('evaluates IpAddress/NotIpAddress on IPv4 and IPv6 CIDRs', () => {
    const only = resourcePolicy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } } })
    assert.equal(evaluatePolicies([only], request({ sourceIp: '192.0.2.200' })), 'Allow')
    assert.equal(evaluatePolicies([only], request({ sourceIp: '198.51.100.1' })), 'NotMatched')
    assert.equal(evaluatePolicies([only], request({ sourceIp: '2001:db8:1::5' })), 'Allow')
    assert.equal(evaluatePolicies([only], request({ sourceIp: '2001:db9::5' })), 'NotMatched')
    const block = resourcePolicy({ ...allowAll, Effect: 'Deny', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.10' } } })
    assert.equal(evaluatePolicies([block], request({ sourceIp: '192.0.2.10' })), 'NotMatched')
    assert.equal(evaluatePolicies([block], request({ sourceIp: '::ffff:192.0.2.11' })), 'Deny')
    assert.equal(new CidrSet(['::/0']).has('::1'), true)
    assert.throws(() => new CidrSet(['192.0.2.0/33']), PolicyError)
  })

  it('evaluates StringEquals/StringLike on aws:UserAgent and aws:Referer; a missing key fails positive operators', () => {
    const agent = resourcePolicy({ ...allowAll, Condition: { StringLike: { 'aws:UserAgent': 'curl/*' } } })
    assert.equal(evaluatePolicies([agent], request({ userAgent: 'curl/8.5.0' })), 'Allow')
    assert.equal(evaluatePolicies([agent], request({ userAgent: 'Wget/1.21' })), 'NotMatched')
    assert.equal(evaluatePolicies([agent], request()), 'NotMatched')
    const referer = resourcePolicy({ ...allowAll, Condition: { StringEquals: { 'aws:referer': 'https://example.com/' } } })
    assert.equal(evaluatePolicies([referer], request({ referer: 'https://example.com/' })), 'Allow')
    const ifExists = resourcePolicy({ ...allowAll, Condition: { StringEqualsIfExists: { 'aws:Referer': 'https://example.com/' } } })
    assert.equal(evaluatePolicies([ifExists], request()), 'Allow')
    const notEquals = resourcePolicy({ ...allowAll, Condition: { StringNotEquals: { 'aws:Referer': 'https://evil.example/' } } })
    assert.equal(evaluatePolicies([notEquals], request()), 'Allow', 'a negated operator is satisfied by a missing key')
  })

  it('evaluates Bool aws:SecureTransport and DateGreaterThan/DateLessThan on aws:CurrentTime', () => {
    const tls = resourcePolicy({ ...allowAll, Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })
    assert.equal(evaluatePolicies([tls], request({ secure: false })), 'Deny')
    assert.equal(evaluatePolicies([tls], request({ secure: true })), 'NotMatched')
    const window = resourcePolicy({ ...allowAll, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-07-01T00:00:00Z' } } })
    assert.equal(evaluatePolicies([window], request()), 'Allow')
    assert.equal(evaluatePolicies([window], request({ now: Date.UTC(2026, 6, 1, 0, 0, 1) })), 'NotMatched')
    assert.equal(evaluatePolicies([window], request({ now: Date.UTC(2026, 4, 31) })), 'NotMatched')
  })

  it('refuses what it cannot evaluate', () => {
    assert.throws(() => resourcePolicy({ ...allowAll, Condition: { StringMaybe: { 'aws:UserAgent': 'x' } } }), /unsupported condition operator 'StringMaybe'/)
    assert.throws(() => resourcePolicy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }), /needs Principal/)
    assert.throws(() => resourcePolicy({ ...allowAll, Effect: 'Maybe' }), /Effect must be Allow or Deny/)
    assert.throws(() => resourcePolicy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': 'not-an-ip' } } }), /Invalid IP address/)
    assert.throws(() => compilePolicy({}, 'identity'), /needs a Statement/)
  })
})

describe('resource policy shorthand', () => {
  it('expands execute-api:/stage/VERB/path to the API ARN in Resource and NotResource, leaving full ARNs alone', () => {
    const stored = JSON.parse(expandResourcePolicy(JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*', 'arn:aws:execute-api:us-east-1:111122223333:other/*'] },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', NotResource: 'execute-api:/prod/GET/pets' },
      ],
    }), { region: 'eu-west-1', accountId: '111122223333', restApiId: 'abc1234567' }))
    assert.deepEqual(stored.Statement[0].Resource, ['arn:aws:execute-api:eu-west-1:111122223333:abc1234567/*', 'arn:aws:execute-api:us-east-1:111122223333:other/*'])
    assert.equal(stored.Statement[1].NotResource, 'arn:aws:execute-api:eu-west-1:111122223333:abc1234567/prod/GET/pets')
  })
})
