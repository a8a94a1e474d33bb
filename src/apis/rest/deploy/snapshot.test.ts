import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'

/**
 * What a deployment's snapshot keeps of a map keyed by status code. Run in a process with V8's natives syntax,
 * which can tell how an object holds its integer keys: sparse (a dictionary) or in room for every index up to
 * the largest (201 slots for "200"). The API is written to a real store, as the control plane writes it.
 */
function statusMapsAreSparse(): { methodResponses: boolean; integrationResponses: boolean; sameContent: boolean } {
  const snapshot = new URL('./snapshot.ts', import.meta.url).href
  const store = new URL('../../../store/sqlite/sqlite-store.ts', import.meta.url).href
  const script = `
    const { snapshotRestApi } = await import(${JSON.stringify(snapshot)});
    const { SqliteStore } = await import(${JSON.stringify(store)});
    // The maps as the control plane builds them (a spread with the status code as key): room for 201 elements.
    const methodResponses = { ...{}, ['200']: { statusCode: '200' } };
    const integrationResponses = { ...{}, ['200']: { statusCode: '200', selectionPattern: '' } };
    const resource = { id: 'r1', path: '/', resourceMethods: { GET: { httpMethod: 'GET', methodResponses, methodIntegration: { type: 'MOCK', integrationResponses } } } };
    const reader = new SqliteStore({ filename: ':memory:' });
    await reader.transaction(async (tx) => {
      await tx.insert('restapi', '', 'a1', { id: 'a1', name: 'api' });
      await tx.insert('resource', 'a1', 'r1', resource);
    });
    const taken = await snapshotRestApi(reader, 'a1');
    await reader.close();
    const method = taken.resources[0].resourceMethods.GET;
    console.log(JSON.stringify({
      before: %HasDictionaryElements(methodResponses),
      methodResponses: %HasDictionaryElements(method.methodResponses),
      integrationResponses: %HasDictionaryElements(method.methodIntegration.integrationResponses),
      sameContent: JSON.stringify(method) === JSON.stringify(resource.resourceMethods.GET),
    }));
  `
  const printed = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' })
  const { before, ...after } = JSON.parse(printed) as { before: boolean; methodResponses: boolean; integrationResponses: boolean; sameContent: boolean }
  assert.equal(before, false, 'the maps given to the snapshot should hold their keys densely, or this test proves nothing')
  return after
}

describe('snapshotRestApi', () => {
  it('keeps maps keyed by status code sparse, as the store reads them, whatever form they were written in', () => {
    assert.deepEqual(statusMapsAreSparse(), { methodResponses: true, integrationResponses: true, sameContent: true })
  })
})
