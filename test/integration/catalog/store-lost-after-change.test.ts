import assert from 'node:assert/strict'
import { UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * A change announced by the feed marks a stage stale; if the store is lost before the stage is
 * reloaded (a PostgreSQL node cut off right after a NOTIFY), the stage keeps serving what it served
 * instead of failing every request, and is reloaded once the store answers again. Here the store is
 * closed under the gateway, which makes every read fail as a lost database does.
 */
describe('a stage whose reload the store cannot answer', () => {
  let gw: TestGateway
  let restApiId: string
  before(async () => {
    gw = await startTestGateway()
    restApiId = await buildRestApi(gw, {
      name: 'store-lost',
      stage: 'dev',
      variables: { version: 'one' },
      methods: [{
        path: 'v',
        httpMethod: 'GET',
        integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
        responses: [{ statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"version": "$stageVariables.version"}' } }],
      }],
    })
  })
  after(() => gw.close())

  it('serves what it served before, and a stage never loaded still fails as before', async () => {
    const get = async (stage: string) => fetch(`${gw.stageUrl(restApiId, stage)}/v`)
    assert.deepEqual(await (await get('dev')).json(), { version: 'one' })
    // The change reaches the catalog (the stage is now stale), then the store is lost.
    await gw.apigateway.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/variables/version', value: 'two' }] }))
    await gw.store.close()
    const answer = await get('dev')
    assert.equal(answer.status, 200)
    assert.deepEqual(await answer.json(), { version: 'one' }, 'the last release it loaded')
    // A stage it never loaded has nothing to fall back on: AWS's 500 as before.
    assert.equal((await get('qa')).status, 500)
  })
})
