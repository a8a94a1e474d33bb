import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resolveIntrinsics, type IntrinsicScope } from './intrinsics.ts'
import { readTemplate, TemplateError } from './read-template.ts'

/** CloudFormation's short-form tags and intrinsic functions (CloudFormation user guide, "Intrinsic function reference"). */
const scope: IntrinsicScope = {
  parameters: { Stage: 'dev', Port: '8080' },
  region: 'eu-west-1',
  accountId: '123456789012',
  stackName: 'shop',
  mappings: { Sizes: { dev: { memory: 256 } } },
  conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] }, IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] } },
  ref: (id) => (id === 'Fn' ? 'shop-fn' : undefined),
  getAtt: (id, attribute) => (id === 'Fn' && attribute === 'Arn' ? 'arn:aws:lambda:eu-west-1:123456789012:function:shop-fn' : undefined),
}
const resolveYaml = (yaml: string): unknown =>
  resolveIntrinsics((readTemplate(`Resources: {}\nValue:\n${yaml.replace(/^/gm, '  ')}`, 't.yaml') as { Value: unknown }).Value, scope, 'Value')

describe('intrinsic functions', () => {
  it('short-form tags read as the long form', () => {
    assert.deepEqual(readTemplate('Resources: {}\nA: !GetAtt Fn.Arn\nB: !Sub [x, {}]\nC: !Ref Stage\n', 't.yaml'), {
      Resources: {}, A: { 'Fn::GetAtt': ['Fn', 'Arn'] }, B: { 'Fn::Sub': ['x', {}] }, C: { Ref: 'Stage' },
    })
  })

  it('Ref of parameters, pseudo parameters and resources; GetAtt', () => {
    assert.deepEqual(resolveYaml('[!Ref Stage, !Ref "AWS::Region", !Ref "AWS::AccountId", !Ref "AWS::StackName", !Ref Fn, !GetAtt Fn.Arn]'),
      ['dev', 'eu-west-1', '123456789012', 'shop', 'shop-fn', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-fn'])
  })

  it('Fn::Sub in both forms, with ${Resource.Attribute} and ${!Literal}', () => {
    assert.equal(resolveYaml('!Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"'),
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:shop-fn/invocations')
    assert.equal(resolveYaml('!Sub ["http://${host}:${Port}/${!kept}", {host: !Join [".", [api, !Ref Stage]]}]'), 'http://api.dev:8080/${kept}')
  })

  it('Join, Select, Split, FindInMap, Base64', () => {
    assert.deepEqual(resolveYaml('[!Join ["-", [a, !Ref Stage]], !Select [1, [x, y]], !Split [",", "a,b"], !FindInMap [Sizes, !Ref Stage, memory], !Base64 hi]'),
      ['a-dev', 'y', ['a', 'b'], 256, 'aGk='])
  })

  it('Fn::If with Conditions; Ref AWS::NoValue removes the property', () => {
    assert.deepEqual(resolveYaml('{a: !If [IsDev, yes, no], b: !If [IsProd, yes, !Ref "AWS::NoValue"], c: 1}'), { a: 'yes', c: 1 })
  })

  it('what a local stack cannot know is an error that says where', () => {
    assert.throws(() => resolveYaml('{x: !Ref Missing}'), (error: unknown) =>
      error instanceof TemplateError && error.message === 'Value.x.Ref: Ref Missing names no parameter or resource')
    assert.throws(() => resolveYaml('!GetAtt Fn.RoleArn'), /Fn::GetAtt Fn\.RoleArn is not known to a local stack/)
    assert.throws(() => resolveYaml('!GetAZs ""'), /Fn::GetAZs is not supported by gatehouse up/)
  })
})
