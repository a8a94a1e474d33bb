import { epochSeconds } from '../../../core/clock.ts'
import { newId } from '../../../core/ids.ts'
import { badRequest, validationError } from '../../../core/management-error.ts'
import { enumConstraint, nullConstraint } from '../../operations/coral-constraints.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope } from '../../../store/store.ts'
import { MAX_API_KEY_VALUE_LENGTH, MIN_API_KEY_VALUE_LENGTH, type ApiKey } from '../../../model/api-key.ts'
import { MAX_NAME_LENGTH } from './api-key-rules.ts'
import { parseCsv } from './csv.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * ImportApiKeys: `POST /apikeys?mode=import&format=csv[&failonwarnings=true]` with the file as the
 * body; answers 201 `{ids, warnings}`. The file format is the developer guide's ("API Gateway API key
 * file format"): `Name` and `Key` columns required, `Description`, `Enabled` (default true) and
 * `UsagePlanIds` (comma-separated, quoted) optional, headers case-insensitive and in any order,
 * unknown columns ignored; a key whose value is already stored is overwritten, keeping its id.
 * A row that cannot be imported is a warning; with `failonwarnings=true` any warning fails the whole
 * import (400) and nothing is written. AWS's warning texts are not recorded; ours (messages.ts) name the line.
 */
export async function importApiKeys({ deps, query, rawBody }: Operation): Promise<Reply> {
  const format = query.get('format')
  if (format === null) throw validationError([nullConstraint('format')])
  if (format !== 'csv') throw validationError([enumConstraint(format, 'format', ['csv'])])
  const failOnWarnings = query.get('failonwarnings') === 'true'
  const rows = parseCsv((rawBody ?? Buffer.alloc(0)).toString('utf8'))
  if (rows.length === 0) throw badRequest(REST_MESSAGES.emptyKeyFile)
  const header = rows[0].fields.map((name) => name.trim().toLowerCase())
  const column = (name: string): number => header.indexOf(name)
  const [nameAt, keyAt, descriptionAt, enabledAt, plansAt] = ['name', 'key', 'description', 'enabled', 'usageplanids'].map(column)
  if (nameAt < 0 || keyAt < 0) throw badRequest(REST_MESSAGES.keyFileColumnsMissing)

  const now = epochSeconds(deps.clock.now())
  const result = await deps.store.transaction(async (tx) => {
    const ids: string[] = []
    const warnings: string[] = []
    const stored = await tx.list('api-key', ACCOUNT_SCOPE)
    const byValue = new Map(stored.map((key) => [key.value, key] as const))
    for (const { line, fields } of rows.slice(1)) {
      const cell = (at: number): string => (at < 0 ? '' : (fields[at] ?? '').trim())
      const value = cell(keyAt)
      const name = cell(nameAt)
      if (value.length < MIN_API_KEY_VALUE_LENGTH || value.length > MAX_API_KEY_VALUE_LENGTH) {
        warnings.push(REST_MESSAGES.keyFileValueLength(line, MIN_API_KEY_VALUE_LENGTH, MAX_API_KEY_VALUE_LENGTH))
        continue
      }
      if (name.length > MAX_NAME_LENGTH) {
        warnings.push(REST_MESSAGES.keyFileNameTooLong(line, MAX_NAME_LENGTH))
        continue
      }
      const enabledText = cell(enabledAt).toLowerCase()
      if (enabledText !== '' && enabledText !== 'true' && enabledText !== 'false') {
        warnings.push(REST_MESSAGES.keyFileEnabledNotBoolean(line))
        continue
      }
      const planIds = cell(plansAt).split(',').map((id) => id.trim()).filter((id) => id !== '')
      const missing: string[] = []
      for (const planId of planIds) if ((await tx.get('usage-plan', ACCOUNT_SCOPE, planId)) === undefined) missing.push(planId)
      if (missing.length > 0) {
        warnings.push(REST_MESSAGES.keyFileUnknownPlans(line, missing))
        continue
      }
      const description = cell(descriptionAt)
      const previous = byValue.get(value)
      const key: ApiKey = {
        id: previous?.id ?? '',
        value,
        name,
        description: description === '' ? undefined : description,
        enabled: enabledText !== 'false',
        customerId: previous?.customerId,
        createdDate: previous?.createdDate ?? now,
        lastUpdatedDate: now,
        stageKeys: previous?.stageKeys ?? [],
        tags: previous?.tags,
      }
      if (previous === undefined) {
        key.id = await allocateId(() => newId(10), (id) => tx.insert('api-key', ACCOUNT_SCOPE, id, { ...key, id }))
      } else await tx.put('api-key', ACCOUNT_SCOPE, key.id, key)
      byValue.set(value, key)
      for (const planId of planIds) await tx.put('usage-plan-key', usagePlanKeyScope(planId), key.id, { id: key.id, type: 'API_KEY' })
      ids.push(key.id)
    }
    // Thrown inside the transaction so that nothing of a refused import is kept.
    if (failOnWarnings && warnings.length > 0) throw badRequest(REST_MESSAGES.keyFileWarnings(warnings))
    return { ids, warnings }
  })
  return { status: 201, body: result.warnings.length > 0 ? result : { ids: result.ids } }
}
