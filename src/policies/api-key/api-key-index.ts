import { hash } from 'node:crypto'
import { MAX_API_KEY_VALUE_LENGTH, type ApiKey } from '../../model/api-key.ts'
import type { UsagePlan } from '../../model/usage-plan.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope, type StoreReader } from '../../store/store.ts'

/**
 * The data plane's view of API keys and usage plans: an in-memory index answering "which enabled
 * key has this value, and which of its plans covers this API stage?" without touching the store.
 *
 * On AWS keys and plans take effect without a redeploy (recorded: test_apigateway_common > test_api_key_required_for_methods: after UpdateApiKey `/enabled=false`
 * the key is refused; AWS takes up to minutes, an emulator may be immediate), so the index is not part
 * of a compiled deployment: the catalog invalidates it whenever the change feed names a key, a
 * plan or a plan key, and the next lookup rebuilds it from the store.
 *
 * Key values are secrets. The index holds them by their SHA-256 digest only, so the map lookup
 * compares digests (whose timing reveals nothing of a key), never the values themselves.
 *
 * An account may hold a million keys: each is one small record under its digest, with no objects of
 * its own for a key in no plan, so that the index adds little for the garbage collector to trace and
 * a request costs the same with ten keys or a million.
 */

export interface ApiKeyMatch {
  readonly apiKeyId: string
  /** The plan covering the API stage the request addressed: its throttle and quota are that caller's. */
  readonly usagePlan: UsagePlan
}

export type ApiKeyVerdict =
  | { readonly ok: true; readonly match: ApiKeyMatch }
  /** Why a key was refused, for the operator's debug log; the caller sees the same 403 for each. */
  | { readonly ok: false; readonly reason: 'unknown-key' | 'disabled' | 'no-usage-plan' }

interface IndexedKey {
  readonly id: string
  readonly enabled: boolean
  /** `${restApiId}/${stageName}` → the plan that covers it for this key. */
  readonly plans: ReadonlyMap<string, UsagePlan>
}

/** The digest as a 44-character string: one flat string per key, not a Buffer and its backing store. */
const digestOf = (value: string): string => hash('sha256', value, 'base64')

/** How many key values `digestOfPresented` remembers before it starts again. */
export const RECENT_DIGESTS = 1_024

/**
 * The digests of the key values presented lately. A keyed request hashed its key every time, about a
 * microsecond of its CPU in a profile of the bench's keyed line; callers present the same few keys over and
 * over. Bounded: a flood of distinct values only empties it, each then hashed as before; and a value longer
 * than any key can be (a header may carry kilobytes) is never kept, so the memo holds at most 1,024 short strings.
 */
const recentDigests = new Map<string, string>()

/** How many key values are remembered now (for tests). */
export const rememberedKeyValues = (): number => recentDigests.size

function digestOfPresented(value: string): string {
  if (value.length > MAX_API_KEY_VALUE_LENGTH) return digestOf(value)
  let digest = recentDigests.get(value)
  if (digest === undefined) {
    if (recentDigests.size >= RECENT_DIGESTS) recentDigests.clear()
    digest = digestOf(value)
    recentDigests.set(value, digest)
  }
  return digest
}

/** Shared by every key in no plan. */
const NO_PLANS: ReadonlyMap<string, UsagePlan> = new Map()

export class ApiKeyIndex {
  readonly #store: StoreReader
  #current: Promise<ReadonlyMap<string, IndexedKey>> | undefined
  /** The index `#current` resolved to, once it has: read without waiting on the promise again. */
  #loaded: ReadonlyMap<string, IndexedKey> | undefined

  constructor(store: StoreReader) {
    this.#store = store
  }

  /** Forget everything; the next lookup reads keys and plans again. */
  invalidate(): void {
    this.#current = undefined
    this.#loaded = undefined
  }

  async check(value: string, restApiId: string, stageName: string): Promise<ApiKeyVerdict> {
    return verdictOf(this.#loaded ?? (await this.#index()), value, restApiId, stageName)
  }

  /** `check` at once once the index is loaded (every request but the first after a change): undefined before. */
  checkNow(value: string, restApiId: string, stageName: string): ApiKeyVerdict | undefined {
    return this.#loaded === undefined ? undefined : verdictOf(this.#loaded, value, restApiId, stageName)
  }

  #index(): Promise<ReadonlyMap<string, IndexedKey>> {
    if (this.#current === undefined) {
      const loading = this.#load()
      this.#current = loading
      loading.then(
        (index) => {
          if (this.#current === loading) this.#loaded = index
        },
        // A failed read is not remembered: the next request tries again.
        () => {
          if (this.#current === loading) this.#current = undefined
        },
      )
    }
    return this.#current
  }

  async #load(): Promise<ReadonlyMap<string, IndexedKey>> {
    const plans = await this.#store.list('usage-plan', ACCOUNT_SCOPE)
    const plansOfKey = new Map<string, Map<string, UsagePlan>>()
    const links = await Promise.all(plans.map((plan) => this.#store.list('usage-plan-key', usagePlanKeyScope(plan.id))))
    plans.forEach((plan, index) => {
      for (const link of links[index]) {
        let covered = plansOfKey.get(link.id)
        if (covered === undefined) plansOfKey.set(link.id, (covered = new Map()))
        // CreateUsagePlanKey refuses a second plan for the same key and stage; the first one wins regardless.
        for (const { apiId, stage } of plan.apiStages) if (!covered.has(`${apiId}/${stage}`)) covered.set(`${apiId}/${stage}`, plan)
      }
    })
    const index = new Map<string, IndexedKey>()
    const add = (key: ApiKey): void => void index.set(digestOf(key.value), { id: key.id, enabled: key.enabled, plans: plansOfKey.get(key.id) ?? NO_PLANS })
    // One key document at a time where the store can: a million of them parsed at once would be the index's peak.
    if (this.#store.forEachDocument !== undefined) await this.#store.forEachDocument('api-key', ACCOUNT_SCOPE, add)
    else for (const key of await this.#store.list('api-key', ACCOUNT_SCOPE)) add(key)
    return index
  }
}

function verdictOf(index: ReadonlyMap<string, IndexedKey>, value: string, restApiId: string, stageName: string): ApiKeyVerdict {
  const entry = index.get(digestOfPresented(value))
  if (entry === undefined) return { ok: false, reason: 'unknown-key' }
  if (!entry.enabled) return { ok: false, reason: 'disabled' }
  const usagePlan = entry.plans.get(`${restApiId}/${stageName}`)
  if (usagePlan === undefined) return { ok: false, reason: 'no-usage-plan' }
  return { ok: true, match: { apiKeyId: entry.id, usagePlan } }
}
