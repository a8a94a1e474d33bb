import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateRestApiCommand, GetDeploymentsCommand, GetStageCommand, GetStagesCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { Agent } from 'undici'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Deploy and rollback are atomic under load (a stage points at a compiled deployment and moving it
 * is one reference swap). 20 redeploys and 5 rollbacks (UpdateStage `/deploymentId`, the
 * way the console rolls back) run while clients send requests without pause. Every deployment's
 * MOCK answer carries its marker twice — in the body (response template) and in a header (response
 * parameter) — so an answer stitched from two deployments would show two markers.
 */
const STAGE = 'live'
const CLIENTS = 4

interface Switch {
  readonly marker: string
  readonly deploymentId: string
  /** When the control-plane call began and when it returned (performance.now()). */
  readonly startedAt: number
  readonly endedAt: number
}

interface Observed {
  readonly startedAt: number
  readonly endedAt: number
  readonly status: number
  readonly bodyMarker?: string
  readonly headerMarker?: string
  readonly error?: string
}

describe('deployments: deploy and rollback under load', () => {
  let gw: TestGateway
  let restApiId: string
  let resourceId: string
  const dispatcher = new Agent({ connections: CLIENTS, keepAliveTimeout: 10_000 })

  before(async () => {
    gw = await startTestGateway()
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'releases', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    resourceId = api.rootResourceId!
    const where = { restApiId, resourceId, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200', responseParameters: { 'method.response.header.x-deployment': false } }))
  })
  after(async () => {
    await dispatcher.close()
    await gw.close()
  })

  /** Makes the API answer `marker` (in the working copy only: nothing is served until a deployment). */
  async function setMarker(marker: string): Promise<void> {
    await gw.apigateway.send(new PutIntegrationResponseCommand({
      restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
      responseTemplates: { 'application/json': `{"deployment": "${marker}"}` },
      responseParameters: { 'method.response.header.x-deployment': `'${marker}'` },
    }))
  }

  async function deploy(marker: string): Promise<string> {
    await setMarker(marker)
    const deployment = await gw.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: STAGE, description: marker }))
    return deployment.id!
  }

  it('20 redeploys and 5 rollbacks: no failed request, every answer wholly from one deployment that was live meanwhile', async () => {
    const switches: Switch[] = []
    const first = await deploy('v0')
    switches.push({ marker: 'v0', deploymentId: first, startedAt: -Infinity, endedAt: -Infinity })

    const observed: Observed[] = []
    let running = true
    const url = gw.stageUrl(restApiId, STAGE)
    const client = async (): Promise<void> => {
      while (running) {
        const startedAt = performance.now()
        try {
          const response = await fetch(url, { dispatcher } as RequestInit)
          const text = await response.text()
          let bodyMarker: string | undefined
          try {
            bodyMarker = (JSON.parse(text) as { deployment?: string }).deployment
          } catch {
            bodyMarker = undefined
          }
          observed.push({
            startedAt, endedAt: performance.now(), status: response.status, bodyMarker, headerMarker: response.headers.get('x-deployment') ?? undefined,
          })
        } catch (error) {
          observed.push({ startedAt, endedAt: performance.now(), status: 0, error: String(error) })
        }
      }
    }
    const clients = Array.from({ length: CLIENTS }, client)

    // Let the clients get going on v0 before the first switch.
    while (observed.length < 20) await new Promise((resolve) => setImmediate(resolve))
    const stageIds: string[] = []
    for (let i = 1; i <= 20; i++) {
      const startedAt = performance.now()
      const deploymentId = await deploy(`v${i}`)
      switches.push({ marker: `v${i}`, deploymentId, startedAt, endedAt: performance.now() })
      stageIds.push((await gw.apigateway.send(new GetStageCommand({ restApiId, stageName: STAGE }))).deploymentId!)
      if (i % 4 === 0) {
        // Roll back to the deployment before the previous one, as AWS does it: point the stage at it.
        const target = switches[switches.length - 3]
        const rollbackStartedAt = performance.now()
        await gw.apigateway.send(new UpdateStageCommand({
          restApiId, stageName: STAGE, patchOperations: [{ op: 'replace', path: '/deploymentId', value: target.deploymentId }],
        }))
        switches.push({ marker: target.marker, deploymentId: target.deploymentId, startedAt: rollbackStartedAt, endedAt: performance.now() })
        stageIds.push((await gw.apigateway.send(new GetStageCommand({ restApiId, stageName: STAGE }))).deploymentId!)
      }
      // Give the clients a few answers from this deployment before the next switch.
      const seen = observed.length
      while (observed.length < seen + 8) await new Promise((resolve) => setImmediate(resolve))
    }
    running = false
    await Promise.all(clients)

    assert.equal(switches.length, 1 + 20 + 5)
    // History: the stage moved to each deployment in turn, and every deployment is listed.
    assert.deepEqual(stageIds, switches.slice(1).map((s) => s.deploymentId))
    const listed = await gw.apigateway.send(new GetDeploymentsCommand({ restApiId, limit: 500 }))
    assert.equal(listed.items?.length, 21)
    assert.deepEqual(new Set(listed.items!.map((d) => d.description)), new Set(switches.map((s) => s.marker)))
    const onStage = await gw.apigateway.send(new GetStagesCommand({ restApiId, deploymentId: switches.at(-1)!.deploymentId }))
    assert.deepEqual(onStage.item?.map((s) => s.stageName), [STAGE])

    const failed = observed.filter((o) => o.status !== 200)
    assert.deepEqual(failed.slice(0, 5), [], `${failed.length} of ${observed.length} requests failed`)
    for (const o of observed) {
      assert.ok(o.bodyMarker !== undefined && o.bodyMarker === o.headerMarker, `mixed answer: body ${o.bodyMarker}, header ${o.headerMarker}`)
      // Acceptable: a deployment whose switch began before the request ended, and was not replaced
      // by a switch that had completed before the request began.
      const acceptable = new Set(switches
        .filter((s, k) => s.startedAt <= o.endedAt && (k + 1 === switches.length || switches[k + 1].endedAt >= o.startedAt))
        .map((s) => s.marker))
      assert.ok(acceptable.has(o.bodyMarker), `answer ${o.bodyMarker} was not live during the request (live: ${[...acceptable].join(', ')})`)
    }
    const distinct = new Set(observed.map((o) => o.bodyMarker))
    assert.ok(distinct.size >= 15, `the clients saw only ${distinct.size} deployments in ${observed.length} requests`)

    const last = await fetch(url, { dispatcher } as RequestInit)
    assert.equal(last.headers.get('x-deployment'), switches.at(-1)!.marker)
    await last.text()
  })
})
