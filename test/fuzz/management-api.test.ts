import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { stringify as stringifyYaml } from 'yaml'
import { callManagementApi, type RawReply } from '../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { inputDocument } from '../helpers/recordings.ts'
import { seededRandom } from '../helpers/seeded-random.ts'

/**
 * Seeded fuzzing of the management API as a careless or hostile caller drives it: every operation
 * with ids real and made up, bodies whose members are the operations' own names with values of any
 * type and shape, patch operations with real and made-up paths, and OpenAPI documents with parts
 * cut, swapped and nested, as JSON and as YAML. Whatever it sends, the answer is AWS-shaped — a success, or a 4xx with
 * `x-amzn-ErrorType` and a `{"message"}` body — never a 500, and a refused call leaves nothing
 * behind: every API listed can still be read whole.
 *
 * `FUZZ_RUNS=5000 FUZZ_SEED=7 node --test test/fuzz/management-api.test.ts` runs longer; `npm run fuzz` runs
 * every fuzz suite long.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204)

const MEMBERS = [
  'name', 'description', 'pathPart', 'authorizationType', 'authorizerId', 'apiKeyRequired', 'requestParameters', 'requestModels',
  'type', 'uri', 'httpMethod', 'integrationHttpMethod', 'requestTemplates', 'responseTemplates', 'selectionPattern', 'statusCode',
  'stageName', 'deploymentId', 'variables', 'cacheClusterEnabled', 'cacheClusterSize', 'canarySettings', 'schema', 'contentType',
  'validateRequestBody', 'validateRequestParameters', 'identitySource', 'providerARNs', 'authorizerUri', 'enabled', 'value',
  'apiStages', 'throttle', 'quota', 'keyId', 'keyType', 'policy', 'binaryMediaTypes', 'endpointConfiguration', 'tags',
  'timeoutInMillis', 'passthroughBehavior', 'contentHandling', 'responseParameters', 'patchOperations', 'cacheKeyParameters',
]
const PATCH_PATHS = [
  '/name', '/description', '/pathPart', '/deploymentId', '/variables/a', '/variables/{x}', '/*/*/throttling/rateLimit',
  '/~1pets/GET/caching/enabled', '/canarySettings/percentTraffic', '/requestParameters/method.request.header.x',
  '/requestTemplates/application~1json', '/responseTemplates/application~1json', '/statusCode', '/selectionPattern',
  '/apiStages', '/throttle/rateLimit', '/quota/limit', '/enabled', '/schema', '/policy', '/binaryMediaTypes/image~1png',
  '/cacheClusterEnabled', '/cacheClusterSize', '/', '', '//', '/~2', '/a/b/c/d/e', '/../..', '/%00',
]
const OPS = ['add', 'remove', 'replace', 'copy', 'move', 'test', '', 'REPLACE', null]
const STRINGS = ['', 'x', 'GET', 'MOCK', 'NONE', 'true', '0', '-1', '999999999999', 'a'.repeat(2000), '$default', '{proxy+}', '../..', '\u0000', '#if($x', '${stageVariables.x}', 'arn:aws:lambda:us-east-1:000000000000:function:x', 'é😀']

function generator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const value = (depth = 0): unknown => {
    const roll = random()
    if (roll < 0.35) return pick(STRINGS)
    if (roll < 0.45) return pick([0, 1, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER])
    if (roll < 0.55) return random() < 0.5
    if (roll < 0.6) return null
    if (depth > 3) return pick(STRINGS)
    if (roll < 0.8) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1))
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, () => [pick([...MEMBERS, 'x', '']), value(depth + 1)]))
  }
  const body = (): unknown => {
    const roll = random()
    if (roll < 0.05) return '{"broken": '
    if (roll < 0.08) return '[]'
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [pick(MEMBERS), value()]))
  }
  const patch = (): unknown => ({
    patchOperations: Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const operation: Record<string, unknown> = { op: pick(OPS), path: pick(PATCH_PATHS) }
      if (random() < 0.8) operation.value = random() < 0.8 ? pick(STRINGS) : value()
      if (random() < 0.2) operation.from = pick(PATCH_PATHS)
      return operation
    }),
  })
  return { pick, body, patch, random }
}

/** An answer is AWS-shaped: a success, or a 4xx naming its error type with a message. Never a 500. */
function assertAwsShaped(reply: RawReply, where: string): void {
  assert.ok(reply.status < 500, `${where}: answered ${reply.status} ${reply.text.slice(0, 300)}`)
  if (reply.status >= 400) {
    assert.ok(reply.errorType !== null && reply.errorType !== '', `${where}: ${reply.status} without x-amzn-ErrorType`)
    assert.equal(typeof reply.body?.message, 'string', `${where}: ${reply.status} without a message: ${reply.text.slice(0, 300)}`)
  }
}

describe(`fuzz: the management API (seed ${SEED}, ${RUNS} calls)`, () => {
  let gw: TestGateway
  const ids: Record<string, string> = {}
  before(async () => {
    gw = await startTestGateway()
    const call = (method: string, path: string, body?: unknown) => callManagementApi(gw, method, path, body)
    const api = (await call('POST', '/restapis', { name: 'fuzz' })).body
    ids.restApiId = api.id
    ids.resourceId = (await call('POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'pets' })).body.id
    const method = `/restapis/${api.id}/resources/${ids.resourceId}/methods/GET`
    await call('PUT', method, { authorizationType: 'NONE' })
    await call('PUT', `${method}/responses/200`, {})
    await call('PUT', `${method}/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } })
    await call('PUT', `${method}/integration/responses/200`, { selectionPattern: '' })
    ids.deploymentId = (await call('POST', `/restapis/${api.id}/deployments`, { stageName: 'dev' })).body.id
    await call('POST', `/restapis/${api.id}/models`, { name: 'Pet', contentType: 'application/json', schema: '{"type": "object"}' })
    ids.validatorId = (await call('POST', `/restapis/${api.id}/requestvalidators`, { name: 'all', validateRequestBody: true })).body.id
    ids.apiKeyId = (await call('POST', '/apikeys', { name: 'k', enabled: true })).body.id
    ids.usagePlanId = (await call('POST', '/usageplans', { name: 'p', apiStages: [{ apiId: api.id, stage: 'dev' }] })).body.id
  })
  after(() => gw.close())

  it('answers every call AWS-shaped and keeps every API whole', async () => {
    const { pick, body, patch, random } = generator(seededRandom(SEED))
    const id = (name: string): string => (random() < 0.85 ? ids[name] : pick(['nope000000', '..', '%2e', 'x'.repeat(300), '']))
    const A = () => `/restapis/${id('restApiId')}`
    const R = () => `${A()}/resources/${id('resourceId')}`
    const M = () => `${R()}/methods/${pick(['GET', 'POST', 'ANY', 'get', 'BREW'])}`
    const routes: (() => [string, string, 'body' | 'patch' | 'none'])[] = [
      () => ['POST', '/restapis', 'body'], () => ['PATCH', A(), 'patch'], () => ['GET', A(), 'none'],
      () => ['POST', `${A()}/resources/${id('resourceId')}`, 'body'], () => ['PATCH', R(), 'patch'],
      () => ['PUT', M(), 'body'], () => ['PATCH', M(), 'patch'], () => ['PUT', `${M()}/responses/${pick(['200', '4XX', '99'])}`, 'body'],
      () => ['PATCH', `${M()}/responses/200`, 'patch'], () => ['PUT', `${M()}/integration`, 'body'], () => ['PATCH', `${M()}/integration`, 'patch'],
      () => ['PUT', `${M()}/integration/responses/200`, 'body'], () => ['PATCH', `${M()}/integration/responses/200`, 'patch'],
      () => ['POST', `${A()}/deployments`, 'body'], () => ['PATCH', `${A()}/deployments/${id('deploymentId')}`, 'patch'],
      () => ['POST', `${A()}/stages`, 'body'], () => ['PATCH', `${A()}/stages/dev`, 'patch'],
      () => ['POST', `${A()}/models`, 'body'], () => ['PATCH', `${A()}/models/Pet`, 'patch'],
      () => ['POST', `${A()}/requestvalidators`, 'body'], () => ['PATCH', `${A()}/requestvalidators/${id('validatorId')}`, 'patch'],
      () => ['POST', `${A()}/authorizers`, 'body'], () => ['PUT', `${A()}/gatewayresponses/${pick(['DEFAULT_4XX', 'THROTTLED', 'NOPE'])}`, 'body'],
      () => ['POST', '/apikeys', 'body'], () => ['PATCH', `/apikeys/${id('apiKeyId')}`, 'patch'],
      () => ['POST', '/usageplans', 'body'], () => ['PATCH', `/usageplans/${id('usagePlanId')}`, 'patch'],
      () => ['POST', `/usageplans/${id('usagePlanId')}/keys`, 'body'], () => ['PATCH', '/account', 'patch'],
    ]
    const statuses = new Map<number, number>()
    for (let n = 0; n < RUNS; n++) {
      const [method, path, kind] = pick(routes)()
      const sent = kind === 'body' ? body() : kind === 'patch' ? (random() < 0.9 ? patch() : body()) : undefined
      const reply = await callManagementApi(gw, method, path, sent)
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
      assertAwsShaped(reply, `seed ${SEED} call ${n}: ${method} ${path} ${JSON.stringify(sent)?.slice(0, 300)}`)
    }
    // The calls reach past input checking: some succeed (a fuzzer refused at the door tests nothing).
    const succeeded = [...statuses].filter(([status]) => status < 300).reduce((sum, [, count]) => sum + count, 0)
    assert.ok(succeeded >= RUNS / 20, `only ${succeeded} of ${RUNS} calls succeeded: ${JSON.stringify([...statuses])}`)
    await assertEveryApiWhole(gw)
  })

  it('answers every OpenAPI document, however broken, AWS-shaped, and a refused import adds nothing', async () => {
    const { pick, random } = generator(seededRandom(SEED + 1))
    const original = JSON.parse(inputDocument('petstore-swagger.json')) as Record<string, unknown>
    /** Cuts, swaps or nests one random subtree of a copy of the document. */
    const mutate = (document: unknown, depth = 0): unknown => {
      if (document === null || typeof document !== 'object') return random() < 0.1 ? pick(STRINGS) : document
      const copy: Record<string, unknown> = Array.isArray(document) ? [...document] as never : { ...(document as object) }
      const keys = Object.keys(copy)
      if (keys.length === 0) return copy
      const key = pick(keys)
      const roll = random()
      if (roll < 0.15) delete copy[key]
      else if (roll < 0.3) copy[key] = pick([null, 1, [], {}, ...STRINGS])
      else if (roll < 0.35) copy[key] = { nested: { deeper: copy[key] } }
      else if (depth < 6) copy[key] = mutate(copy[key], depth + 1)
      return copy
    }
    let imported = 0
    const documents = Math.ceil(RUNS / 5)
    for (let n = 0; n < documents; n++) {
      let document: unknown = original
      for (let cuts = 1 + Math.floor(random() * 4); cuts > 0; cuts--) document = mutate(document)
      const before = await countApis(gw)
      // Half the documents travel as YAML, which ImportRestApi reads too.
      const text = random() < 0.5 ? JSON.stringify(document) : stringifyYaml(document)
      const reply = await callManagementApi(gw, 'POST', `/restapis?mode=import${random() < 0.5 ? '&failonwarnings=true' : ''}`, text)
      assertAwsShaped(reply, `seed ${SEED + 1} document ${n}`)
      if (reply.status >= 400) assert.equal(await countApis(gw), before, `seed ${SEED + 1} document ${n}: a refused import added an API`)
      else imported++
    }
    assert.ok(imported >= documents / 10 && imported < documents, `${imported} of ${documents} documents imported: the mutations should break some, not all`)
    await assertEveryApiWhole(gw)
  })
})

async function countApis(gw: TestGateway): Promise<number> {
  const reply = await callManagementApi(gw, 'GET', '/restapis?limit=500')
  return reply.body.item.length
}

/** Every API listed reads whole: the API, its resources, stages, models and deployments answer 200. */
async function assertEveryApiWhole(gw: TestGateway): Promise<void> {
  const apis = (await callManagementApi(gw, 'GET', '/restapis?limit=500')).body.item as { id: string }[]
  for (const api of apis) {
    for (const path of ['', '/resources?limit=500', '/stages', '/models', '/deployments']) {
      const reply = await callManagementApi(gw, 'GET', `/restapis/${api.id}${path}`)
      assert.equal(reply.status, 200, `GET /restapis/${api.id}${path}: ${reply.text.slice(0, 300)}`)
    }
  }
}
