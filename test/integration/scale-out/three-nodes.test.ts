import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
  UpdateApiKeyCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, it, type TestContext } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'
import { describeWithPostgres } from '../../helpers/postgres-server.ts'
import { nginxOnPath, startNginxBalancer, type NginxAttempt, type NginxBalancer, type NginxLogEntry } from '../../helpers/nginx-balancer.ts'
import { describeWithRedis } from '../../helpers/redis-server.ts'
import { startRoundRobinBalancer, type RoundRobinBalancer } from '../../helpers/round-robin-balancer.ts'

/** "Served by every node within one second" (docs/architecture.md, "Catalog"). */
const WITHIN_MS = 1_000
/** How long an event the test waits for may take on a loaded machine (a bound, never a delay). */
const BOUND_MS = 30_000
const NODES = 3
/** Concurrent callers of the balancer while the test changes things underneath them. */
const CALLERS = 6

/** What stands in front of the nodes: real nginx when it is installed, else the test's own balancer. */
type Front = { readonly kind: 'nginx'; readonly balancer: NginxBalancer } | { readonly kind: 'node'; readonly balancer: RoundRobinBalancer }

interface Load {
  readonly failures: string[]
  readonly versions: Map<string, number>
  answered(): number
  stop(): Promise<void>
}

/**
 * The production topology as processes (docs: README, "Running several nodes"): three `gatehouse
 * serve` nodes on one PostgreSQL and one Redis, behind nginx configured as deploy/nginx.conf is
 * (round robin; without nginx on the machine, a round-robin balancer of the test's own). Redeploys and rollbacks through one node while all three serve fail no
 * request; a change through any node is served by every node within a second; `kill -9` of a node
 * under load fails only the requests it had in flight.
 */
describeWithRedis('three gateway nodes behind a load balancer', (redis) => {
  describeWithPostgres('on one PostgreSQL and one Redis', (postgres) => {
    const dataDirs: string[] = []
    const nodes: ServeProcess[] = []
    const clients: APIGatewayClient[] = []
    let front: Front
    let restApiId: string
    let rootId: string
    let keyValue: string
    let keyId: string
    const deployments: string[] = []

    const send = (n: number): APIGatewayClient['send'] => clients[n].send.bind(clients[n]) as APIGatewayClient['send']
    const stagePath = (path = '/'): string => `/_aws/execute-api/${restApiId}/prod${path}`

    async function deployVersion(version: string, through = 0): Promise<string> {
      await send(through)(new PutIntegrationResponseCommand({
        restApiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200', selectionPattern: '',
        responseTemplates: { 'application/json': `{"version": "${version}", "v": "$stageVariables.v"}` },
      }))
      const { id } = await send(through)(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
      deployments.push(id!)
      return id!
    }

    /** Asks node `n` directly until `expected` holds; returns how long that took after `since`, failing past WITHIN_MS. */
    async function servedWithin(n: number, since: number, path: string, headers: Record<string, string>, expected: (status: number, body: string) => boolean): Promise<number> {
      let last = ''
      while (performance.now() - since < WITHIN_MS) {
        const response = await fetch(`${nodes[n].url}${stagePath(path)}`, { headers })
        const body = await response.text()
        if (expected(response.status, body)) return performance.now() - since
        last = `${response.status} ${body}`
      }
      assert.fail(`node ${n} did not serve the change within ${WITHIN_MS} ms; it still answers ${last}`)
    }
    const everyNode = (since: number, path: string, headers: Record<string, string>, expected: (status: number, body: string) => boolean): Promise<number[]> =>
      Promise.all(nodes.map((_, n) => servedWithin(n, since, path, headers, expected)))
    const versionIs = (version: string) => (status: number, body: string): boolean => status === 200 && JSON.parse(body).version === version

    /** CALLERS loops through the balancer, each answer checked, until stopped. */
    function startLoad(): Load {
      let stopped = false
      let answered = 0
      const failures: string[] = []
      const versions = new Map<string, number>()
      const callers = Promise.all(Array.from({ length: CALLERS }, async () => {
        while (!stopped) {
          try {
            const response = await fetch(`${front.balancer.url}${stagePath()}`)
            const body = await response.text()
            if (response.status !== 200) failures.push(`${response.status} ${body}`)
            else {
              const { version } = JSON.parse(body) as { version: string }
              versions.set(version, (versions.get(version) ?? 0) + 1)
            }
          } catch (error) {
            failures.push((error as Error).message)
          }
          answered++
        }
      }))
      return {
        failures, versions,
        answered: () => answered,
        async stop() {
          stopped = true
          await callers
        },
      }
    }
    async function whileLoaded(load: Load, requests: number): Promise<void> {
      const from = load.answered()
      const deadline = Date.now() + BOUND_MS
      while (load.answered() - from < requests) {
        assert.ok(Date.now() < deadline, `${requests} requests not answered within ${BOUND_MS} ms`)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }

    before(async () => {
      for (let n = 0; n < NODES; n++) {
        const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-node-'))
        dataDirs.push(dataDir)
        nodes.push(await spawnServe(['--port', '0', '--data-dir', dataDir, '--database-url', postgres.url, '--redis', redis.url]))
        clients.push(new APIGatewayClient({ endpoint: nodes[n].url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }))
      }
      const targets = nodes.map((node) => node.url)
      if (nginxOnPath()) front = { kind: 'nginx', balancer: await startNginxBalancer(targets) }
      else {
        process.stderr.write('nginx is not installed: the three nodes run behind the test\'s own round-robin balancer instead (apt-get install nginx-light)\n')
        front = { kind: 'node', balancer: await startRoundRobinBalancer(targets) }
      }
      const api = await send(0)(new CreateRestApiCommand({ name: 'three-nodes' }))
      restApiId = api.id!
      rootId = api.rootResourceId!
      const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
      await send(0)(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
      await send(0)(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
      await send(0)(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
      // /keyed wants an API key: a key disabled through one node must be refused by all.
      const keyed = await send(0)(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'keyed' }))
      const keyedWhere = { restApiId, resourceId: keyed.id!, httpMethod: 'GET' }
      await send(0)(new PutMethodCommand({ ...keyedWhere, authorizationType: 'NONE', apiKeyRequired: true }))
      await send(0)(new PutMethodResponseCommand({ ...keyedWhere, statusCode: '200' }))
      await send(0)(new PutIntegrationCommand({ ...keyedWhere, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
      await send(0)(new PutIntegrationResponseCommand({ ...keyedWhere, statusCode: '200', selectionPattern: '' }))
      await deployVersion('v0')
      const plan = await send(0)(new CreateUsagePlanCommand({
        name: 'three-nodes', apiStages: [{ apiId: restApiId, stage: 'prod' }], throttle: { rateLimit: 10_000, burstLimit: 5_000 },
      }))
      const key = await send(0)(new CreateApiKeyCommand({ name: 'three-nodes', enabled: true }))
      keyId = key.id!
      keyValue = key.value!
      await send(0)(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId, keyType: 'API_KEY' }))
    })

    after(async () => {
      await front?.balancer.close()
      for (const each of clients) each.destroy()
      for (const node of nodes) node.child.kill('SIGTERM')
      await Promise.all(nodes.map((node) => node.exited))
      for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true })
    })

    it('20 redeploys and 5 rollbacks through one node while all three serve load: no request fails', async () => {
      await everyNode(performance.now(), '/', {}, versionIs('v0'))
      const load = startLoad()
      await whileLoaded(load, 100)
      let rollbacks = 0
      for (let n = 1; n <= 20; n++) {
        await deployVersion(`v${n}`)
        await whileLoaded(load, 20)
        if (n % 4 === 0) {
          // Back to the deployment before this one, as `aws apigateway update-stage --patch-operations op=replace,path=/deploymentId` does.
          await send(0)(new UpdateStageCommand({
            restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/deploymentId', value: deployments[deployments.length - 2] }],
          }))
          rollbacks++
          await whileLoaded(load, 20)
        }
      }
      // The last rollback went back to v19: every node ends there.
      await everyNode(performance.now(), '/', {}, versionIs('v19'))
      await whileLoaded(load, 100)
      await load.stop()
      assert.equal(rollbacks, 5)
      assert.deepEqual(load.failures, [], `every one of ${load.answered()} requests answered 200`)
      const answered = front.balancer.answered
      assert.ok(answered.every((count) => count > 0), `every node served some of them: ${answered.join(', ')}`)
      assert.ok(load.versions.size > 5, `the callers saw the deployments change under them: ${[...load.versions.keys()].join(' ')}`)
    })

    it('a deployment, a stage variable and an API key changed through any node are served by every node within a second', async () => {
      const delays: number[] = []
      for (let writer = 0; writer < NODES; writer++) {
        await deployVersion(`from-${writer}`, writer)
        delays.push(...await everyNode(performance.now(), '/', {}, versionIs(`from-${writer}`)))

        await send(writer)(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/v', value: `set-by-${writer}` }] }))
        delays.push(...await everyNode(performance.now(), '/', {}, (status, body) => status === 200 && JSON.parse(body).v === `set-by-${writer}`))

        const withKey = { 'x-api-key': keyValue }
        await send(writer)(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
        delays.push(...await everyNode(performance.now(), '/keyed', withKey, (status) => status === 403))
        await send(writer)(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }))
        delays.push(...await everyNode(performance.now(), '/keyed', withKey, (status) => status === 200))
      }
      assert.equal(delays.length, NODES * NODES * 4)
      assert.ok(Math.max(...delays) < WITHIN_MS, `slowest ${Math.round(Math.max(...delays))} ms`)
    })

    it('kill -9 of one node under load fails only the requests it had in flight', async (t) => {
      const victim = NODES - 1
      const loadStartedAt = Date.now()
      const load = startLoad()
      await whileLoaded(load, 200)
      if (front.kind === 'nginx') await killBehindNginx(t, front.balancer, load, victim, loadStartedAt)
      else await killBehindNodeBalancer(t, front.balancer, load, victim)
      // The survivors are healthy and still serve the stage.
      for (const node of nodes.slice(0, victim)) {
        const health = await (await fetch(`${node.url}/_gatehouse/health`)).json() as { status: string }
        assert.equal(health.status, 'ok')
      }
    })

    async function killBehindNginx(t: TestContext, nginx: NginxBalancer, load: Load, victim: number, loadStartedAt: number): Promise<void> {
      nodes[victim].child.kill('SIGKILL')
      await nodes[victim].exited
      // The node died at the latest now (epoch milliseconds, as nginx's log counts).
      const exitedAt = Date.now()
      await whileLoaded(load, 300)
      await load.stop()
      const log = nginx.log().filter((entry) => entry.startedAt >= loadStartedAt - 1)
      const failedThere = (entry: NginxLogEntry): NginxAttempt[] => entry.attempts.filter((attempt) => attempt.status !== '200')
      const passedOn = log.filter((entry) => failedThere(entry).length > 0)
      // Lost on the way (a connection was made or reused, then broken): nginx had it in flight there.
      const inFlight = passedOn.filter((entry) => failedThere(entry).some((attempt) => attempt.connected))
      t.diagnostic(`behind nginx: ${load.answered()} requests, ${load.failures.length} failed as the clients saw them; nginx passed on to a survivor `
        + `${inFlight.length} it had sent to the killed node over a connection it then lost and ${passedOn.length - inFlight.length} the dead node refused`)
      // The load is GETs, which are idempotent: `proxy_next_upstream error` passes a request that failed on
      // the way to a node ("an error occurred while establishing a connection with the server, passing a
      // request to it, or reading the response header") to the next one, which only a non-idempotent
      // method would not be (nginx docs, ngx_http_proxy_module, `proxy_next_upstream`). So the requests
      // the killed node had in flight are answered by a survivor, and no client sees a failure. The one
      // case nginx cannot retry, a node dying once the answer has begun to reach the client, does not
      // arise: a MOCK answer is a few dozen bytes, written with its headers at once.
      assert.deepEqual(load.failures, [], 'no GET fails as its client sees it')
      assert.deepEqual(log.filter((entry) => entry.status !== 200), [], 'nginx answered every request 200')
      // What did fail failed only on the killed node, and a survivor answered it.
      assert.ok(passedOn.every((entry) => failedThere(entry).every((attempt) => attempt.target === victim) && entry.attempts.at(-1)!.target !== victim),
        `only requests nginx had sent to the killed node failed there, each then answered by a survivor: ${JSON.stringify(passedOn)}`)
      // $msec and $request_time are to the millisecond: 2 ms of rounding.
      const answeredLate = log.filter((entry) => entry.attempts.at(-1)!.target === victim && entry.startedAt > exitedAt + 2)
      assert.deepEqual(answeredLate, [], 'the dead node answers nothing nginx received after it died')
      const answered = nginx.answered
      assert.ok(answered.slice(0, victim).every((count) => count > 0), `the survivors answered: ${answered.join(', ')}`)
    }

    async function killBehindNodeBalancer(t: TestContext, balancer: RoundRobinBalancer, load: Load, victim: number): Promise<void> {
      const inFlightAtKill = balancer.inFlight(victim)
      nodes[victim].child.kill('SIGKILL')
      await nodes[victim].exited
      // The node died at the latest now: what the balancer had sent it and not had answered was in flight there.
      const exitedAt = performance.now()
      const answeredByVictim = balancer.answered[victim]
      await whileLoaded(load, 300)
      await load.stop()
      const lost = [...balancer.lost]
      t.diagnostic(`in flight on the killed node when kill -9 was sent: ${inFlightAtKill}; requests failed: ${lost.length} of ${load.answered()}, `
        + `all sent to it in the ${Math.round(exitedAt - Math.min(...lost.map((request) => request.sentAt), exitedAt))} ms before its exit was seen`)
      assert.ok(lost.every((request) => request.target === victim && request.sentAt <= exitedAt),
        `only requests sent to the killed node before it died failed: ${JSON.stringify(lost)}`)
      assert.equal(load.failures.length, lost.length, `the callers saw exactly those failures: ${load.failures.join('; ')}`)
      assert.equal(balancer.answered[victim], answeredByVictim, 'the dead node answers nothing more')
      assert.ok(balancer.answered.slice(0, victim).every((count) => count > 0))
    }
  })
})
