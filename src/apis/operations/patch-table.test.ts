import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { badRequest } from '../../core/management-error.ts'
import { readPatchOperations } from './patch-operations.ts'
import { patchTable } from './patch-table.ts'

interface Target { seen: string[] }

const TABLE = patchTable<Target>({
  refuse: ({ op, path }, rule) => badRequest(rule === undefined ? `no row for ${path}` : `${op} not taken by ${rule.path}`),
  rules: [
    { path: '/{resourcePath}/{httpMethod}', ops: ['remove'], apply: (t, { labels }) => { t.seen.push(`method ${labels.resourcePath} ${labels.httpMethod}`) } },
    { path: '/variables/{name}', ops: ['add', 'replace'], apply: (t, { labels, value }) => { t.seen.push(`variable ${labels.name}=${value}`) } },
    { path: '/types/{type+}', ops: ['replace'], apply: (t, { labels }) => { t.seen.push(`type ${labels.type}`) } },
  ],
})

const patch = (...operations: object[]) => readPatchOperations({ patchOperations: operations as never }, 'testInput')

describe('patchTable', () => {
  it('prefers a literal to a label at the first position where two patterns differ, and unescapes labels', async () => {
    const target: Target = { seen: [] }
    await TABLE.apply(target, patch(
      { op: 'add', path: '/variables/a', value: '1' },
      { op: 'remove', path: '/~1pets~1{id}/GET' },
      { op: 'replace', path: '/types/image/png' },
    ), undefined)
    assert.deepEqual(target.seen, ['variable a=1', 'method /pets/{id} GET', 'type image/png'])
  })

  it('never falls back to a less specific row when the best one refuses the op', async () => {
    await assert.rejects(TABLE.apply({ seen: [] }, patch({ op: 'remove', path: '/variables/a' }), undefined), { message: 'remove not taken by /variables/{name}' })
  })

  it('asks the table for the refusal: an op the matched row does not take, or no row at all', async () => {
    await assert.rejects(TABLE.apply({ seen: [] }, patch({ op: 'move', path: '/variables/a' }), undefined), { message: 'move not taken by /variables/{name}' })
    await assert.rejects(TABLE.apply({ seen: [] }, patch({ op: 'add', path: '/variables/' }), undefined), { message: 'no row for /variables/' })
    await assert.rejects(TABLE.apply({ seen: [] }, patch({ op: 'add', path: 'variables' }), undefined), { message: 'no row for variables' })
  })
})
