/**
 * The cost-in-size lines of `npm run bench`: a REST API of N resources (imported in one
 * ImportRestApi call, as `aws apigateway import-rest-api` sends an OpenAPI file), and N API keys
 * written straight into a gateway's store before it starts.
 */
import { join } from 'node:path'
import { ACCOUNT_SCOPE } from '../src/store/store.ts'
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts'
import { managementCalls } from './management-calls.ts'

/** An API whose root has `count` MOCK resources `/r0` ... `/r{count-1}`, deployed to `size`; answers the stage's URL. */
export async function deploySizedApi(gateway: string, count: number): Promise<string> {
  const get = {
    responses: { 200: { description: 'ok' } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"id":1,"type":"dog","price":249.99}' } } },
    },
  }
  const paths: Record<string, unknown> = {}
  for (let index = 0; index < count; index++) paths[`/r${index}`] = { get }
  const response = await fetch(`${gateway}/restapis?mode=import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openapi: '3.0.1', info: { title: `bench-${count}-resources`, version: '1' }, paths }),
  })
  if (!response.ok) throw new Error(`ImportRestApi of ${count} resources: ${response.status} ${await response.text()}`)
  const api = (await response.json()) as { id: string }
  await managementCalls(gateway)('POST', `/restapis/${api.id}/deployments`, { stageName: 'size' })
  return `${gateway}/_aws/execute-api/${api.id}/size`
}

/** Writes `count` enabled API keys into the SQLite store of `dataDir` (the file `gatehouse serve --data-dir` opens), in one transaction. */
export async function seedApiKeys(dataDir: string, count: number): Promise<void> {
  const store = new SqliteStore({ filename: join(dataDir, 'gatehouse.db') })
  try {
    const now = Math.floor(Date.now() / 1000)
    await store.transaction(async (tx) => {
      for (let index = 0; index < count; index++) {
        const id = `seed${index.toString(36).padStart(6, '0')}`
        await tx.insert('api-key', ACCOUNT_SCOPE, id, { id, value: `seeded-api-key-${index.toString().padStart(24, '0')}`, name: id, enabled: true, createdDate: now, lastUpdatedDate: now, stageKeys: [] })
      }
    })
  } finally {
    await store.close()
  }
}
