/**
 * Wall-clock milliseconds that backtracking regular-expression work may still take. Patterns the
 * linear-time engine reads never spend it; the rest (backreferences, lookaround, possessive
 * quantifiers) run under it, so that one hostile pattern costs its own request a bounded delay and
 * every other request nothing. One budget covers one rendering or one selection, not one call: a
 * loop of a thousand `matches()` shares it.
 */
export class RegexBudget {
  #remaining: number

  constructor(millis: number) {
    this.#remaining = millis
  }

  get remainingMillis(): number {
    return this.#remaining
  }

  spend(millis: number): void {
    this.#remaining -= millis
  }
}
