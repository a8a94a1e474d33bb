import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { evaluatePolicy, methodArn, wildcardPattern, type PolicyStatement } from './authorizer-policy.ts'

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/1'
const statement = (effect: 'Allow' | 'Deny', resource: string, action = 'execute-api:Invoke'): PolicyStatement =>
  ({ effect, actions: [wildcardPattern(action, true)], resources: [wildcardPattern(resource)] })

describe('authorizer policy evaluation (developer guide, Lambda authorizer output)', () => {
  it('builds the method ARN from the request, path without its leading slash (sample event: powertools-ts/apigw-rest/authorizer-token.json)', () => {
    assert.equal(methodArn({ region: 'us-east-1', accountId: '000000000000', restApiId: 'abc123', stage: 'prod', httpMethod: 'GET', path: '/pets/1' }), ARN)
    assert.equal(methodArn({ region: 'eu-west-1', accountId: '1', restApiId: 'a', stage: 's', httpMethod: 'POST', path: '/' }), 'arn:aws:execute-api:eu-west-1:1:a/s/POST/')
  })

  it('an exact Allow allows; no statement, or only other resources, denies', () => {
    assert.equal(evaluatePolicy([statement('Allow', ARN)], ARN), 'Allow')
    assert.equal(evaluatePolicy([], ARN), 'ImplicitDeny')
    assert.equal(evaluatePolicy([statement('Allow', ARN.replace('pets/1', 'pets/2'))], ARN), 'ImplicitDeny')
  })

  it('Deny wins over Allow whatever the order', () => {
    assert.equal(evaluatePolicy([statement('Allow', '*'), statement('Deny', ARN)], ARN), 'ExplicitDeny')
    assert.equal(evaluatePolicy([statement('Deny', ARN), statement('Allow', '*')], ARN), 'ExplicitDeny')
  })

  it('* spans any characters (slashes included) and ? exactly one', () => {
    assert.equal(evaluatePolicy([statement('Allow', 'arn:aws:execute-api:us-east-1:000000000000:abc123/*')], ARN), 'Allow')
    assert.equal(evaluatePolicy([statement('Allow', 'arn:aws:execute-api:*:*:abc123/prod/*/pets/*')], ARN), 'Allow')
    assert.equal(evaluatePolicy([statement('Allow', ARN.slice(0, -1) + '?')], ARN), 'Allow')
    assert.equal(evaluatePolicy([statement('Allow', ARN + '?')], ARN), 'ImplicitDeny')
  })

  it('other characters are literal: a dot is not a regex wildcard', () => {
    const dotted = 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/a.c'
    assert.equal(evaluatePolicy([statement('Allow', dotted)], dotted.replace('a.c', 'abc')), 'ImplicitDeny')
    assert.equal(evaluatePolicy([statement('Allow', dotted)], dotted), 'Allow')
  })

  it('the action must cover execute-api:Invoke (wildcards allowed, case-insensitive)', () => {
    assert.equal(evaluatePolicy([statement('Allow', ARN, 'execute-api:*')], ARN), 'Allow')
    assert.equal(evaluatePolicy([statement('Allow', ARN, 'EXECUTE-API:invoke')], ARN), 'Allow')
    assert.equal(evaluatePolicy([statement('Allow', ARN, 'execute-api:ManageConnections')], ARN), 'ImplicitDeny')
    assert.equal(evaluatePolicy([statement('Deny', ARN, 's3:*'), statement('Allow', ARN)], ARN), 'Allow', 'a Deny of another action does not apply')
  })
})
