import { badRequest } from '../../../core/management-error.ts'
import { DEFAULT_ACCOUNT, type Account } from '../../../model/account.ts'
import { ACCOUNT_ID, ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchPath, readPatchOperations, type PatchOperation } from '../../operations/patch-operations.ts'

/**
 * GetAccount and UpdateAccount (API reference, "UpdateAccount"): `/cloudwatchRoleArn`, `/features`
 * (add/remove a feature such as `UsagePlans`) as AWS accepts them. AWS changes an account's throttle
 * only through a quota request; a self-hosted gateway has no one to ask, so Gatehouse also accepts
 * replace `/throttle/rateLimit` and `/throttle/burstLimit` (the usage plans' path names). The account
 * bucket is the last one every request passes (developer guide, "Throttle requests to your REST APIs").
 */

export async function readAccount(reader: StoreReader): Promise<Account> {
  return (await reader.get('account', ACCOUNT_SCOPE, ACCOUNT_ID)) ?? structuredClone(DEFAULT_ACCOUNT) as Account
}

export async function getAccount({ deps }: Operation): Promise<Reply> {
  return { status: 200, body: await readAccount(deps.store) }
}

export async function updateAccount({ deps, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateAccountInput')
  const updated = await deps.store.transaction(async (tx) => {
    const account = structuredClone(await readAccount(tx))
    for (const operation of operations) applyOperation(account, operation)
    await tx.put('account', ACCOUNT_SCOPE, ACCOUNT_ID, account)
    return account
  })
  return { status: 200, body: updated }
}

function applyOperation(account: Account, { op, path, value }: PatchOperation): void {
  if (path === '/cloudwatchRoleArn' && (op === 'replace' || op === 'add' || op === 'remove')) {
    if (op === 'remove' || value === undefined || value === '') delete account.cloudwatchRoleArn
    else account.cloudwatchRoleArn = value
    return
  }
  if (path === '/features' && (op === 'add' || op === 'remove') && value !== undefined && value !== '') {
    const features = account.features.filter((feature) => feature !== value)
    account.features = op === 'add' ? [...features, value] : features
    return
  }
  if ((path === '/throttle/rateLimit' || path === '/throttle/burstLimit') && op === 'replace') {
    const number = Number(value)
    const integer = path === '/throttle/burstLimit'
    if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
      throw badRequest(`Invalid value specified for ${path}: ${value ?? 'null'}`)
    }
    if (integer) account.throttleSettings.burstLimit = number
    else account.throttleSettings.rateLimit = number
    return
  }
  throw invalidPatchPath(path)
}
