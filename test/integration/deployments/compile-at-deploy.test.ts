import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { createLogger } from '../../../src/core/logger.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * CreateDeployment compiles the API before it commits. What AWS accepts when it is deployed but fails
 * when a request meets it still fails then, as on AWS (a template that cannot be rendered is a 500,
 * developer guide "Set up data transformations"), and Gatehouse also reports it once, when the
 * deployment is made, naming the method and the reason.
 */
describe('a deployment is compiled when it is made', () => {
  const lines: { level: number; msg: string; method?: string; reason?: string; deploymentId?: string }[] = []
  let gateway: TestGateway
  let restApiId: string
  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line))
        done()
      },
    })
    gateway = await startTestGateway({ logger: createLogger('info', sink) })
    const send = gateway.apigateway.send.bind(gateway.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'compile-at-deploy' }))
    restApiId = api.id!
    const broken = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'broken' }))
    const where = { restApiId, resourceId: broken.id!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"ok": true}' } }))
    // A template that does not parse is refused when written (400); one stored before that check
    // existed is still in some data directories. Write it as such a directory holds it.
    await gateway.store.transaction(async (tx) => {
      const resource = (await tx.get('resource', restApiId, broken.id!))!
      resource.resourceMethods!.GET.methodIntegration!.integrationResponses!['200'].responseTemplates = { 'application/json': '#if($x' }
      await tx.put('resource', restApiId, broken.id!, resource)
    })
  })
  after(() => gateway.close())

  it('reports the method and the reason once, when the deployment is made, and the method answers 500 as AWS does', async () => {
    const deployment = await gateway.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    const reported = lines.filter((line) => line.deploymentId === deployment.id && line.method !== undefined)
    assert.equal(reported.length, 1, JSON.stringify(lines))
    assert.equal(reported[0].method, 'GET /broken')
    assert.match(reported[0].reason!, /integration response 200 template for application\/json: .*line 1, column \d+/)
    assert.match(reported[0].msg, /GET \/broken/)

    const answer = await fetch(`${gateway.stageUrl(restApiId, 'dev')}/broken`)
    assert.equal(answer.status, 500)
    assert.deepEqual(await answer.json(), { message: 'Internal server error' })
    const again = await fetch(`${gateway.stageUrl(restApiId, 'dev')}/broken`)
    assert.equal(again.status, 500)
    assert.equal(lines.filter((line) => line.deploymentId === deployment.id && line.method !== undefined).length, 1, 'reported once, not per request')
  })
})
