import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CreateStageCommand, FlushStageCacheCommand, GetResourcesCommand, GetStageCommand, GetStagesCommand, UpdateMethodCommand,
  UpdateStageCommand, CreateDeploymentCommand, UpdateIntegrationCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'
import { signWithSmithy } from '../../helpers/sigv4-signers.ts'

/**
 * The stage's response cache (developer guide, "Cache settings for REST APIs" — no recording covers
 * cache behaviour): hit, miss, TTL on an injected clock, cache key parameters,
 * `Cache-Control: max-age=0` with and without authorization under the three strategies,
 * FlushStageCache, canary separation (`useStageCache`), entries over 1 MB, CacheHitCount/CacheMissCount.
 * A real HTTP backend counts what reaches it.
 */
const ACCOUNT = '000000000000'
const ADMIN = { accessKeyId: 'AKIACACHEADMIN000001', secretAccessKey: 'cache-admin-secret' }
const READER = { accessKeyId: 'AKIACACHEREADER00001', secretAccessKey: 'cache-reader-secret' }
const allow = (...actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:execute-api:*:*:*' }] })

describe('response cache', () => {
  const clock = new ManualClock()
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let backend: Server
  let restApiId: string
  let deploymentId: string
  let dice = 0.99
  const hits = new Map<string, number>()
  let stageCount = 0

  before(async () => {
    backend = createServer((req, res) => {
      const path = new URL(req.url!, 'http://backend').pathname
      const n = (hits.get(path) ?? 0) + 1
      hits.set(path, n)
      if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end(Buffer.alloc(1_048_577, 'x'))
        return
      }
      res.writeHead(path === '/fail' ? 500 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ path, n, url: req.url }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
    gw = await startTestGateway({
      clock,
      random: () => dice,
      principals: {
        admin: { ...ADMIN, accountId: ACCOUNT, policies: [allow('execute-api:Invoke', 'execute-api:InvalidateCache')] },
        reader: { ...READER, accountId: ACCOUNT, policies: [allow('execute-api:Invoke')] },
      },
    })
    send = gw.apigateway.send.bind(gw.apigateway)
    const proxy = (path: string, httpMethod = 'GET') => ({
      path, httpMethod, integration: { type: 'HTTP_PROXY' as const, integrationHttpMethod: httpMethod, uri: `${origin}/${path}` },
    })
    restApiId = await buildRestApi(gw, {
      name: 'cached',
      stage: 'base',
      methods: [
        { ...proxy('items'), requestParameters: { 'method.request.querystring.color': false } },
        proxy('plain'), proxy('plain', 'POST'), proxy('big'), proxy('fail'), proxy('signed'),
      ],
    })
    const resources = (await send(new GetResourcesCommand({ restApiId }))).items!
    const id = (path: string) => resources.find((resource) => resource.path === path)!.id!
    await send(new UpdateIntegrationCommand({
      restApiId, resourceId: id('/items'), httpMethod: 'GET',
      patchOperations: [{ op: 'add', path: '/cacheKeyParameters/method.request.querystring.color' }],
    }))
    await send(new UpdateMethodCommand({
      restApiId, resourceId: id('/signed'), httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }],
    }))
    deploymentId = (await send(new CreateDeploymentCommand({ restApiId, stageName: 'base' }))).id!
  })
  after(async () => {
    await gw?.close()
    backend?.close()
  })

  /** A fresh stage with its cache cluster on and `*\/*` caching enabled, plus these method-setting patches. */
  async function cachedStage(patches: { path: string, value: string }[] = [], cluster = true): Promise<string> {
    const stageName = `c${++stageCount}`
    await send(new CreateStageCommand({ restApiId, stageName, deploymentId, cacheClusterEnabled: cluster }))
    await send(new UpdateStageCommand({
      restApiId, stageName,
      patchOperations: [{ path: '/*/*/caching/enabled', value: 'true' }, ...patches].map((patch) => ({ op: 'replace', ...patch })),
    }))
    return stageName
  }
  const url = (stage: string, path: string) => `${gw.stageUrl(restApiId, stage)}/${path}`
  async function get(stage: string, path: string, init: RequestInit = {}) {
    const response = await fetch(url(stage, path), init)
    const text = await response.text()
    return { status: response.status, headers: response.headers, text, n: response.status === 200 && text.startsWith('{') ? JSON.parse(text).n as number : undefined }
  }
  const metrics = async (stage: string) =>
    (await fetch(`${gw.adminUrl}/_gatehouse/restapis/${restApiId}/stages/${stage}/cache-metrics`)).json()
  const reached = (path: string) => hits.get(path) ?? 0

  it('CreateStage with cacheClusterEnabled answers the cluster (size 0.5, AVAILABLE); a second GET is a hit, counted', async () => {
    const stage = await cachedStage()
    const shape = await send(new GetStageCommand({ restApiId, stageName: stage }))
    assert.equal(shape.cacheClusterEnabled, true)
    assert.equal(shape.cacheClusterSize, '0.5')
    assert.equal(shape.cacheClusterStatus, 'AVAILABLE')
    assert.equal(shape.methodSettings!['*/*'].cachingEnabled, true)
    assert.equal(shape.methodSettings!['*/*'].cacheTtlInSeconds, 300, 'default TTL, [LS test_apigateway_common > test_update_stage_remove_wildcard]')
    const before = reached('/plain')
    const first = await get(stage, 'plain')
    const second = await get(stage, 'plain')
    assert.equal(first.status, 200)
    assert.equal(second.n, first.n, 'the same answer, from the cache')
    assert.equal(reached('/plain'), before + 1, 'the backend saw one request')
    assert.notEqual(first.headers.get('x-amzn-requestid'), second.headers.get('x-amzn-requestid'), 'request ids are per request, never cached')
    assert.deepEqual(await metrics(stage), { CacheHitCount: 1, CacheMissCount: 1 })
  })

  it('an entry lives for caching/ttlInSeconds of clock time, then the backend is asked again', async () => {
    const stage = await cachedStage([{ path: '/*/*/caching/ttlInSeconds', value: '10' }])
    const first = await get(stage, 'plain')
    clock.advance(9_999)
    assert.equal((await get(stage, 'plain')).n, first.n, 'still cached at 9.999 s')
    clock.advance(1)
    const after = await get(stage, 'plain')
    assert.notEqual(after.n, first.n, 'expired at 10 s')
    assert.deepEqual(await metrics(stage), { CacheHitCount: 1, CacheMissCount: 2 })
  })

  it('cacheKeyParameters tell requests apart; other query parameters do not', async () => {
    const stage = await cachedStage()
    const red = await get(stage, 'items?color=red')
    const blue = await get(stage, 'items?color=blue')
    assert.notEqual(red.n, blue.n)
    assert.equal((await get(stage, 'items?color=red&size=9')).n, red.n, 'size is not a cache key')
    assert.equal((await get(stage, 'items?color=blue')).n, blue.n)
    assert.notEqual((await get(stage, 'items')).n, red.n, 'no color is a key of its own')
  })

  it('*/* caching applies to GET only; a method\'s own caching/enabled turns it on for POST; no cluster, no cache', async () => {
    const stage = await cachedStage()
    const post = async (where: string) => (await get(where, 'plain', { method: 'POST', body: '{}' })).n
    assert.notEqual(await post(stage), await post(stage), 'POST under */*: not cached')
    await send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op: 'replace', path: '/~1plain/POST/caching/enabled', value: 'true' }] }))
    const cachedPost = await post(stage)
    assert.equal(await post(stage), cachedPost, 'its own entry caches POST')
    const uncluttered = await cachedStage([], false)
    assert.notEqual((await get(uncluttered, 'plain')).n, (await get(uncluttered, 'plain')).n, 'cacheClusterEnabled false: nothing cached')
    const off = await cachedStage([{ path: '/*/*/caching/ttlInSeconds', value: '0' }])
    assert.notEqual((await get(off, 'plain')).n, (await get(off, 'plain')).n, 'TTL 0 means caching is off')
  })

  it('entries over 1,048,576 bytes and error answers are not cached', async () => {
    const stage = await cachedStage()
    const before = reached('/big')
    const big = await get(stage, 'big')
    assert.equal(big.status, 200)
    assert.equal(big.text.length, 1_048_577)
    await get(stage, 'big')
    assert.equal(reached('/big'), before + 2)
    const failing = reached('/fail')
    assert.equal((await get(stage, 'fail')).status, 500)
    await get(stage, 'fail')
    assert.equal(reached('/fail'), failing + 2)
  })

  it('Cache-Control: max-age=0 refreshes the entry when authorization is not required', async () => {
    const stage = await cachedStage([{ path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' }])
    const first = await get(stage, 'plain')
    const refreshed = await get(stage, 'plain', { headers: { 'Cache-Control': 'max-age=0' } })
    assert.notEqual(refreshed.n, first.n, 'fetched afresh')
    assert.equal((await get(stage, 'plain')).n, refreshed.n, 'and the fresh answer replaced the entry')
  })

  it('unauthorized max-age=0: SUCCEED_WITH_RESPONSE_HEADER (the default) serves the cache with a Warning, WITHOUT silently, FAIL_WITH_403 refuses', async () => {
    const stage = await cachedStage()
    const first = await get(stage, 'plain')
    const warned = await get(stage, 'plain', { headers: { 'Cache-Control': 'max-age=0' } })
    assert.equal(warned.n, first.n, 'the header is ignored')
    assert.match(warned.headers.get('warning') ?? '', /^199 /)

    await send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'SUCCEED_WITHOUT_RESPONSE_HEADER' }] }))
    const silent = await get(stage, 'plain', { headers: { 'Cache-Control': 'no-cache, max-age=0' } })
    assert.equal(silent.n, first.n)
    assert.equal(silent.headers.get('warning'), null)

    await send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' }] }))
    const refused = await get(stage, 'plain', { headers: { 'Cache-Control': 'max-age=0' } })
    assert.equal(refused.status, 403)
    assert.equal(refused.headers.get('x-amzn-errortype'), 'AccessDeniedException')
    assert.match(refused.text, /User: anonymous is not authorized to perform: execute-api:InvalidateCache on resource: arn:aws:execute-api:/)
    assert.equal((await get(stage, 'plain')).n, first.n, 'the entry is untouched')
  })

  it('an IAM caller allowed execute-api:InvalidateCache refreshes the entry; one without the permission does not', async () => {
    const stage = await cachedStage()
    const signed = async (credentials: typeof ADMIN, headers: Record<string, string> = {}) => {
      const wire = await signWithSmithy({ method: 'GET', url: url(stage, 'signed'), credentials, headers, signingDate: new Date(clock.now()) })
      return get(stage, 'signed', { headers: wire.headers })
    }
    const first = await signed(READER)
    assert.equal(first.status, 200, first.text)
    const ignored = await signed(READER, { 'cache-control': 'max-age=0' })
    assert.equal(ignored.n, first.n, 'Invoke alone does not allow invalidation')
    assert.match(ignored.headers.get('warning') ?? '', /^199 /)
    const refreshed = await signed(ADMIN, { 'cache-control': 'max-age=0' })
    assert.equal(refreshed.status, 200, refreshed.text)
    assert.notEqual(refreshed.n, first.n)
    assert.equal(refreshed.headers.get('warning'), null)
    assert.equal((await signed(READER)).n, refreshed.n)
  })

  it('FlushStageCache empties the stage\'s cache (202), and only that stage\'s', async () => {
    const stage = await cachedStage()
    const other = await cachedStage()
    const first = await get(stage, 'plain')
    const kept = await get(other, 'plain')
    assert.equal((await get(stage, 'plain')).n, first.n)
    const flushed = await send(new FlushStageCacheCommand({ restApiId, stageName: stage }))
    assert.equal(flushed.$metadata.httpStatusCode, 202)
    assert.notEqual((await get(stage, 'plain')).n, first.n)
    assert.equal((await get(other, 'plain')).n, kept.n)
    await assert.rejects(send(new FlushStageCacheCommand({ restApiId, stageName: 'nope' })), (error: Error) => error.name === 'NotFoundException')
  })

  // Developer guide, "Enable API caching": the cache is a cluster created for the stage; turning it off
  // deletes it and a new size creates another, so nothing cached before is served afterwards.
  it('a cache cluster turned off, or resized, starts empty when caching is on again', async () => {
    const stage = await cachedStage()
    const cluster = (op: 'replace', path: string, value: string) =>
      send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op, path, value }] }))
    const first = await get(stage, 'plain')
    assert.equal((await get(stage, 'plain')).n, first.n, 'cached')
    await cluster('replace', '/cacheClusterEnabled', 'false')
    const uncached = await get(stage, 'plain')
    assert.notEqual(uncached.n, first.n, 'no cluster, no cache')
    await cluster('replace', '/cacheClusterEnabled', 'true')
    const fresh = await get(stage, 'plain')
    assert.notEqual(fresh.n, first.n, 'the new cluster holds nothing from the old one')
    assert.equal((await get(stage, 'plain')).n, fresh.n)
    await cluster('replace', '/cacheClusterSize', '1.6')
    assert.notEqual((await get(stage, 'plain')).n, fresh.n, 'resized: a new, empty cluster')
  })

  it('canary requests use a cache of their own unless useStageCache', async () => {
    const stage = await cachedStage()
    await send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '50' }] }))
    dice = 0.99 // base
    const base = await get(stage, 'plain')
    dice = 0.0 // canary
    const canary = await get(stage, 'plain')
    assert.notEqual(canary.n, base.n, 'the canary missed its own cache')
    assert.equal((await get(stage, 'plain')).n, canary.n, 'and then hit it')
    await send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op: 'replace', path: '/canarySettings/useStageCache', value: 'true' }] }))
    assert.equal((await get(stage, 'plain')).n, base.n, 'useStageCache: the canary reads the stage\'s entry')
    dice = 0.99
  })

  it('refuses a TTL over 3600, an unknown strategy and an unknown cluster size', async () => {
    const stage = await cachedStage()
    const patch = (path: string, value: string) => send(new UpdateStageCommand({ restApiId, stageName: stage, patchOperations: [{ op: 'replace', path, value }] }))
    await assert.rejects(patch('/*/*/caching/ttlInSeconds', '3601'), (error: Error) => error.name === 'BadRequestException')
    await assert.rejects(patch('/*/*/caching/unauthorizedCacheControlHeaderStrategy', 'MAYBE'), (error: Error) => error.name === 'BadRequestException')
    await assert.rejects(patch('/cacheClusterSize', '2'), (error: Error) => error.name === 'BadRequestException')
    await assert.rejects(
      send(new CreateStageCommand({ restApiId, stageName: 'sized', deploymentId, cacheClusterEnabled: true, cacheClusterSize: '2' as never })),
      (error: Error) => error.name === 'ValidationException' && /Value '2' at 'createStageInput.cacheClusterSize' failed to satisfy constraint/.test(error.message),
    )
    await assert.rejects(
      send(new CreateDeploymentCommand({ restApiId, stageName: 'sized', cacheClusterEnabled: true, cacheClusterSize: '3' as never })),
      (error: Error) => error.name === 'ValidationException' && /Value '3' at 'createDeploymentInput.cacheClusterSize'/.test(error.message),
    )
    await patch('/cacheClusterSize', '6.1')
    await patch('/*/*/caching/ttlInSeconds', '3600')
    const shape = await send(new GetStageCommand({ restApiId, stageName: stage }))
    assert.equal(shape.cacheClusterSize, '6.1')
    assert.equal(shape.methodSettings!['*/*'].cacheTtlInSeconds, 3600)
    assert.ok((await send(new GetStagesCommand({ restApiId }))).item!.length > 1)
  })
})
