import { DEFAULT_ACCOUNT, type Account } from '../model/account.ts'
import { ACCOUNT_ID, ACCOUNT_SCOPE, type StoreReader } from '../store/store.ts'

/**
 * The account document as the data plane reads it: loaded once, kept until UpdateAccount reports a
 * change to it (catalog.ts), so a request costs no store read for it.
 */
export class AccountSettings {
  readonly #store: StoreReader
  #current: Promise<Account> | undefined
  /** The settings #current resolved to, once it has. */
  #loaded: Account | undefined

  constructor(store: StoreReader) {
    this.#store = store
  }

  get(): Promise<Account> {
    if (this.#current === undefined) {
      const loading = this.#store.get('account', ACCOUNT_SCOPE, ACCOUNT_ID).then((stored) => stored ?? (DEFAULT_ACCOUNT as Account))
      loading.then(
        (account) => {
          if (this.#current === loading) this.#loaded = account
        },
        // A failed read is not remembered: the next request tries again.
        () => {
          if (this.#current === loading) this.#current = undefined
        },
      )
      this.#current = loading
    }
    return this.#current
  }

  /** The settings without waiting, once they are loaded and until a change drops them; undefined before. */
  loaded(): Account | undefined {
    return this.#loaded
  }

  invalidate(): void {
    this.#current = undefined
    this.#loaded = undefined
  }
}
