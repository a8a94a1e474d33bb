import { DEFAULT_ACCOUNT, type Account } from '../model/account.ts'
import { ACCOUNT_ID, ACCOUNT_SCOPE, type StoreReader } from '../store/store.ts'

/**
 * The account document as the data plane reads it: loaded once, kept until UpdateAccount reports a
 * change to it (catalog.ts), so a request costs no store read for it.
 */
export class AccountSettings {
  readonly #store: StoreReader
  #current: Promise<Account> | undefined

  constructor(store: StoreReader) {
    this.#store = store
  }

  get(): Promise<Account> {
    if (this.#current === undefined) {
      const loading = this.#store.get('account', ACCOUNT_SCOPE, ACCOUNT_ID).then((stored) => stored ?? (DEFAULT_ACCOUNT as Account))
      // A failed read is not remembered: the next request tries again.
      loading.catch(() => {
        if (this.#current === loading) this.#current = undefined
      })
      this.#current = loading
    }
    return this.#current
  }

  invalidate(): void {
    this.#current = undefined
  }
}
