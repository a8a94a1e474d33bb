import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import type { WebSocketIntegration } from '../websocket-integration.ts'
import { compileWebSocketDeployment, WebSocketIntegrationFailure } from './compile-websocket-deployment.ts'

/** A MOCK integration written before templates were checked: its template does not parse. */
const BROKEN: WebSocketIntegration = {
  integrationId: 'broken1',
  integrationType: 'MOCK',
  payloadFormatVersion: '1.0',
  timeoutInMillis: 29_000,
  connectionType: 'INTERNET',
  requestTemplates: { 'application/json': '#foreach($x in' },
  integrationResponses: [{ integrationResponseId: 'r1', integrationResponseKey: '/(unclosed/' }],
}

const SNAPSHOT: HttpDeploymentSnapshot = {
  apiId: 'api1',
  routes: [{ routeId: 'a', routeKey: 'go', target: 'integrations/broken1', authorizationType: 'NONE', apiKeyRequired: false }],
  integrations: [BROKEN],
}

describe('compileWebSocketDeployment', () => {
  it('tells once, at deploy, what will fail at request time, naming the integration; the route then fails as AWS\'s does', async () => {
    const problems: string[] = []
    const deployment = compileWebSocketDeployment('d1', SNAPSHOT, (reason) => problems.push(reason))
    assert.equal(problems.length, 2, problems.join('\n'))
    assert.ok(problems.every((problem) => problem.startsWith('integration broken1: ')))
    const call = { event: { requestContext: { apiId: 'api1', routeKey: 'go' } }, requestId: 'r', stageVariables: {}, request: { body: '{}', headers: [], rawQuery: '' } }
    await assert.rejects(deployment.routes.get('go')!(call, {} as IntegrationContext), WebSocketIntegrationFailure)
  })
})
