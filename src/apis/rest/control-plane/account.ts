import { badRequest } from '../../../core/management-error.ts'
import { DEFAULT_ACCOUNT, type Account } from '../../../model/account.ts'
import { ACCOUNT_ID, ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPath, readPatchOperations } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'

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
    await ACCOUNT_PATCHES.apply(account, operations, undefined)
    await tx.put('account', ACCOUNT_SCOPE, ACCOUNT_ID, account)
    return account
  })
  return { status: 200, body: updated }
}

function readThrottleValue(path: string, value: string | undefined, integer: boolean): number {
  const number = Number(value)
  if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
    throw badRequest(REST_MESSAGES.invalidPatchValue(path, value))
  }
  return number
}

const ACCOUNT_PATCHES = patchTable<Account>({
  refuse: ({ path }) => invalidPatchPath(path),
  rules: [
    { path: '/cloudwatchRoleArn', ops: ['add', 'replace', 'remove'], apply: optionalMember('cloudwatchRoleArn') },
    {
      path: '/features', ops: ['add', 'remove'],
      apply: (account, { op, path, value }) => {
        if (value === undefined || value === '') throw invalidPatchPath(path)
        const features = account.features.filter((feature) => feature !== value)
        account.features = op === 'add' ? [...features, value] : features
      },
    },
    {
      path: '/throttle/rateLimit', ops: ['replace'],
      apply: (account, { path, value }) => { account.throttleSettings.rateLimit = readThrottleValue(path, value, false) },
    },
    {
      path: '/throttle/burstLimit', ops: ['replace'],
      apply: (account, { path, value }) => { account.throttleSettings.burstLimit = readThrottleValue(path, value, true) },
    },
  ],
})
