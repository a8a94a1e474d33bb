/**
 * Why a Java pattern could not be used: it does not parse (Java's `PatternSyntaxException`), or
 * running it took longer than its budget allowed. Callers decide what each means for their request.
 */
export class JavaRegexError extends Error {
  readonly reason: 'SYNTAX' | 'BUDGET_EXCEEDED'

  constructor(reason: 'SYNTAX' | 'BUDGET_EXCEEDED', message: string) {
    super(message)
    this.name = 'JavaRegexError'
    this.reason = reason
  }
}
