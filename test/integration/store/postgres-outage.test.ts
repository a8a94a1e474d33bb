import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import {
  CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, it } from 'node:test'
import { createLogger } from '../../../src/core/logger.ts'
import { PostgresStore } from '../../../src/store/postgres/postgres-store.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { describeWithPostgres } from '../../helpers/postgres-server.ts'
import { startTcpRelay, type TcpRelay } from '../../helpers/tcp-relay.ts'

/** How long an event the test waits for may take on a loaded machine before the test fails (a bound, never a delay). */
const BOUND_MS = 20_000
/** Requests the cut-off node must answer while it is cut off, to count as "under load". */
const REQUESTS_WHILE_CUT = 300

interface Health {
  status: string
  store: { backend: string; status: string; endpoint: string; revision?: number; since?: string; lastError?: string }
}

/**
 * A node loses PostgreSQL under load (a TCP relay between it and the database is cut: its
 * connections reset, new ones refused) while another node keeps writing. The node keeps serving the
 * deployment it had compiled, every request answered; GET /_gatehouse/health says `degraded`, since
 * when and why, never the password; once the relay is mended it reads what it missed by revision and
 * serves the deployment made meanwhile, and its health is `ok` again.
 */
describeWithPostgres('a node that loses PostgreSQL', (postgres) => {
  let relay: TcpRelay
  let writer: TestGateway
  let node: TestGateway
  const lines: string[] = []
  let restApiId: string
  let rootId: string

  const stage = (): string => `${node.url}/_aws/execute-api/${restApiId}/prod/`
  const health = async (): Promise<Health> => (await (await fetch(`${node.adminUrl}/_gatehouse/health`)).json()) as Health
  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + BOUND_MS
    let last: unknown
    while (Date.now() < deadline) {
      const value = await probe()
      if (value !== undefined) return value
      last = value
      await new Promise((resolve) => setImmediate(resolve))
    }
    assert.fail(`not ${what} within ${BOUND_MS} ms (${String(last)})`)
  }
  async function deployVersion(version: string): Promise<void> {
    const send = writer.apigateway.send.bind(writer.apigateway)
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200', selectionPattern: '',
      responseTemplates: { 'application/json': `{"version": "${version}"}` },
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  }
  const served = async (): Promise<string> => {
    const response = await fetch(stage())
    const body = await response.text()
    if (response.status !== 200) throw new Error(`${response.status} ${body}`)
    return (JSON.parse(body) as { version: string }).version
  }

  before(async () => {
    const direct = new URL(postgres.url)
    relay = await startTcpRelay({ host: direct.hostname, port: Number(direct.port) })
    const viaRelay = new URL(postgres.url)
    viaRelay.port = String(relay.port)
    const logger = createLogger('info', new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    }))
    writer = await startTestGateway({ store: await PostgresStore.open({ url: postgres.url }) })
    node = await startTestGateway({ store: await PostgresStore.open({ url: viaRelay.toString(), logger }), logger })
    const send = writer.apigateway.send.bind(writer.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'postgres-outage' }))
    restApiId = api.id!
    rootId = api.rootResourceId!
    const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await deployVersion('before')
  })

  after(async () => {
    await relay?.mend()
    await node?.close()
    await writer?.close()
    await node?.store.close()
    await writer?.store.close()
    await relay?.close()
  })

  it('serves its compiled deployment without a failure, says degraded, then catches up', async () => {
    // Once the node has followed the feed to the writer's revision, nothing it serves is about to be dropped.
    const written = await writer.store.revision()
    const healthy = await until(`followed to revision ${written}`, async () => {
      const now = await health()
      return (now.store.revision ?? 0) >= written ? now : undefined
    })
    assert.equal(healthy.status, 'ok')
    assert.deepEqual({ ...healthy.store, endpoint: undefined, revision: undefined }, { backend: 'postgres', status: 'ok', endpoint: undefined, revision: undefined })
    assert.equal(await served(), 'before')

    // Load: four callers in a loop until told to stop, every answer checked.
    let stop = false
    let answered = 0
    const failures: string[] = []
    const versions = new Map<string, number>()
    const load = Promise.all([0, 1, 2, 3].map(async () => {
      while (!stop) {
        try {
          const version = await served()
          versions.set(version, (versions.get(version) ?? 0) + 1)
        } catch (error) {
          failures.push((error as Error).message)
        }
        answered++
      }
    }))

    await relay.cut()
    const degraded = await until('reported degraded', async () => {
      const now = await health()
      return now.store.status === 'degraded' ? now : undefined
    })
    assert.equal(degraded.status, 'degraded')
    assert.match(degraded.store.endpoint, /^127\.0\.0\.1:\d+\/gatehouse_test_\w+$/)
    assert.ok(!Number.isNaN(Date.parse(degraded.store.since ?? '')), `since is a time: ${degraded.store.since}`)
    assert.equal(typeof degraded.store.lastError, 'string')
    const password = new URL(postgres.url).password
    assert.ok(!JSON.stringify(degraded).includes(password), 'the health answer never names the password')
    assert.ok(!lines.join('').includes(password), 'nor does the log')

    // Meanwhile the database moves on through the other node.
    await deployVersion('during')
    const cutAt = answered
    await until(`${REQUESTS_WHILE_CUT} requests answered while cut off`, async () => (answered - cutAt >= REQUESTS_WHILE_CUT ? true : undefined))
    assert.equal((await health()).store.status, 'degraded', 'still cut off')
    assert.equal(versions.get('during'), undefined, 'a node cut off cannot know of the new deployment')

    await relay.mend()
    await until('serving the deployment made while it was cut off', async () => ((versions.get('during') ?? 0) > 0 ? true : undefined))
    const mended = await until('reported ok again', async () => {
      const now = await health()
      return now.store.status === 'ok' ? now : undefined
    })
    stop = true
    await load
    assert.equal(mended.status, 'ok')
    assert.equal(mended.store.since, undefined)
    assert.deepEqual(failures, [], `every one of ${answered} requests answered 200 (versions: ${JSON.stringify([...versions])})`)
    assert.equal(lines.filter((line) => line.includes('lost PostgreSQL')).length, 1, 'the outage is logged once')
    assert.ok(lines.some((line) => line.includes('answers again')), 'and its end')
  })
})
