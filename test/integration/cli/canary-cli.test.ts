import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import {
  CreateRestApiCommand, GetStageCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
  CreateDeploymentCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { Agent } from 'undici'
import { runCanaryRelease, type CanaryReleaseOptions } from '../../../src/cli/canary-release.ts'
import { ManualClock } from '../../../src/core/clock.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { seededRandom } from '../../helpers/seeded-random.ts'

/**
 * `gatehouse deploy` and `gatehouse canary` (beyond AWS): a canary deployment is watched through the
 * data plane's record of its answers and rolled back when its 5XX rate or p99 latency crosses the
 * threshold, promoted when it stays healthy. The release runs in-process with the gateway's
 * ManualClock: each "sleep" moves the clock and sends traffic, so nothing waits. A slow backend moves
 * the same clock while it answers, which is the latency the gateway measures.
 */
const run = promisify(execFile)
const gatehouse = (args: string[]) =>
  run(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), ...args], { cwd: REPO_ROOT })
    .then((ok) => ({ code: 0, ...ok }))
    .catch((error: { code: number; stdout: string; stderr: string }) => error)

describe('gatehouse deploy / canary', () => {
  const clock = new ManualClock()
  let gw: TestGateway
  let slow: Server
  let restApiId: string
  let rootId: string
  const dispatcher = new Agent({ connections: 4 })

  before(async () => {
    gw = await startTestGateway({ clock, random: seededRandom(11) })
    slow = createServer((_req, res) => {
      clock.advance(300)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer": "slow"}')
    })
    await new Promise<void>((done) => slow.listen(0, '127.0.0.1', done))
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'canary-cli', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    rootId = api.rootResourceId!
    await send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }))
    for (const statusCode of ['200', '500']) {
      await send(new PutMethodResponseCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', statusCode }))
    }
    await answerWith(200, 'v1')
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(async () => {
    await dispatcher.close()
    await gw.close()
    await new Promise((done) => slow.close(done))
  })

  /** The working copy answers `status` with `{"version": marker}` (MOCK). */
  async function answerWith(status: number, marker: string): Promise<void> {
    const send = gw.apigateway.send.bind(gw.apigateway)
    const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': `{"statusCode": ${status}}` } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', responseTemplates: { 'application/json': `{"version": "${marker}"}` } }))
    await send(new PutIntegrationResponseCommand({
      ...where, statusCode: '500', selectionPattern: '5\\d\\d', responseTemplates: { 'application/json': `{"version": "${marker}"}` },
    }))
  }

  const versions: string[] = []
  /** An injected sleep: time passes, and clients send 40 requests meanwhile. */
  const io = {
    clock,
    log: () => {},
    sleep: async (ms: number) => {
      clock.advance(ms)
      for (let i = 0; i < 40; i++) {
        const response = await fetch(gw.stageUrl(restApiId, 'prod'), { dispatcher } as RequestInit)
        versions.push(((await response.json()) as { version?: string; answer?: string }).version ?? 'slow')
      }
    },
  }
  const options = (overrides: Partial<CanaryReleaseOptions> = {}): CanaryReleaseOptions => ({
    endpointUrl: gw.adminUrl, api: 'canary-cli', stage: 'prod', percent: 50,
    max5xxPercent: 5, minRequests: 10, durationSeconds: 60, intervalSeconds: 5, ...overrides,
  })
  const stage = () => gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'prod' }))

  it('a canary answering 5XX is rolled back at the first look; the stage keeps its deployment', async () => {
    const before = (await stage()).deploymentId
    await answerWith(500, 'broken')
    versions.length = 0
    const result = await runCanaryRelease(options(), io)
    assert.equal(result.outcome, 'rolled-back')
    assert.match(result.reason, /^5XX rate \d+\.\d % \(\d+ of \d+\) is above 5 %$/)
    assert.ok(versions.includes('broken') && versions.includes('v1'), 'both sides served traffic')
    const after = await stage()
    assert.equal(after.deploymentId, before)
    assert.equal(after.canarySettings, undefined)
  })

  it('a canary whose p99 latency crosses --max-p99-ms is rolled back', async () => {
    const send = gw.apigateway.send.bind(gw.apigateway)
    await send(new PutIntegrationCommand({
      restApiId, resourceId: rootId, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
      uri: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`,
    }))
    const result = await runCanaryRelease(options({ maxP99Ms: 250, max5xxPercent: 50 }), io)
    assert.equal(result.outcome, 'rolled-back')
    assert.match(result.reason, /^p99 latency \d+ ms is above 250 ms$/)
    assert.equal((await stage()).canarySettings, undefined)
  })

  it('a healthy canary is promoted after --duration: the stage serves it, without a canary', async () => {
    await answerWith(200, 'v2')
    const started = clock.now()
    const result = await runCanaryRelease(options({ maxP99Ms: 250 }), io)
    assert.equal(result.outcome, 'promoted')
    assert.equal(clock.now() - started, 60_000, 'promoted at the first look after 60 s')
    const after = await stage()
    assert.equal(after.deploymentId, result.deploymentId)
    assert.equal(after.canarySettings, undefined)
    versions.length = 0
    await io.sleep(0)
    assert.deepEqual(new Set(versions), new Set(['v2']))
  })

  it('too little canary traffic in the whole duration is a rollback, not a promotion', async () => {
    const quiet = { ...io, sleep: async (ms: number) => clock.advance(ms) }
    const result = await runCanaryRelease(options({ durationSeconds: 10 }), quiet)
    assert.equal(result.outcome, 'rolled-back')
    assert.match(result.reason, /^only 0 canary requests in 10 s, fewer than 10$/)
  })

  it('gatehouse deploy API --stage S deploys by name and prints the invoke URL', async () => {
    await answerWith(200, 'v3')
    const deployed = await gatehouse(['deploy', 'canary-cli', '--stage', 'prod', '--description', 'third', '--endpoint-url', gw.adminUrl])
    assert.equal(deployed.code, 0, deployed.stderr)
    const id = /^Deployed canary-cli \(\w+\) to stage prod: deployment (\w+)$/m.exec(deployed.stdout)?.[1]
    assert.equal(id, (await stage()).deploymentId)
    assert.match(deployed.stdout, new RegExp(`^Invoke URL: ${gw.stageUrl(restApiId, 'prod').replace(/[.]/g, '\\.')}$`, 'm'))
  })

  it('gatehouse canary as a command: exit 0 when promoted, 2 when rolled back, 1 on bad input', async () => {
    const promoted = await gatehouse(['canary', restApiId, '--stage', 'prod', '--percent', '10', '--duration', '0', '--interval', '0', '--min-requests', '0', '--endpoint-url', gw.adminUrl])
    assert.equal(promoted.code, 0, promoted.stderr)
    assert.match(promoted.stdout, /^Promoted: healthy for 0 s \(0 canary requests\)\. Stage prod now serves deployment \w+\.$/m)
    const rolledBack = await gatehouse(['canary', restApiId, '--stage', 'prod', '--percent', '10', '--duration', '0', '--interval', '0', '--endpoint-url', gw.adminUrl])
    assert.equal(rolledBack.code, 2, rolledBack.stderr)
    assert.match(rolledBack.stdout, /^Rolled back: only 0 canary requests/m)
    const bad = await gatehouse(['canary', restApiId, '--stage', 'nowhere', '--percent', '10', '--endpoint-url', gw.adminUrl])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /gatehouse: BadRequestException: Invalid deployment content specified\.Stage nowhere must already be created before making a canary release deployment/)
  })
})
