import { badRequest, ManagementError } from '../../../core/management-error.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/**
 * Warnings and errors met while reading a document. AWS skips what it warns about and goes on
 * (the warnings come back in the RestApi), unless `failonwarnings=true`, when the import is
 * rolled back and the warnings become the error; an error always discards the whole document
 * (developer guide, "Errors and warnings from importing your API").
 */
export class ImportIssues {
  readonly warnings: string[] = []
  readonly errors: string[] = []

  warn(message: string): void {
    this.warnings.push(message)
  }

  error(message: string): void {
    this.errors.push(message)
  }

  /**
   * Runs a check taken from the control plane (the rules PutMethod/PutIntegration apply) and
   * records its refusal as an import error prefixed with what was being put, so one bad method
   * names itself and every error in the document is reported at once. As a `warning`, what it
   * refuses is skipped and the import goes on.
   */
  check(prefix: string, rule: () => void, severity: 'error' | 'warning' = 'error'): boolean {
    try {
      rule()
      return true
    } catch (error) {
      if (!(error instanceof ManagementError)) throw error
      if (severity === 'error') this.error(`${prefix}: ${error.message}`)
      else this.warn(`${prefix}: ${error.message}`)
      return false
    }
  }

  /**
   * Throws what AWS answers when the document cannot be imported. The texts follow AWS's
   * `Errors found during import:` / `Warnings found during import:` lists, one tab-indented line
   * per issue (messages.ts).
   */
  throwIfFailed(failOnWarnings: boolean): void {
    if (this.errors.length > 0) throw badRequest(REST_MESSAGES.importErrors(this.errors))
    if (failOnWarnings && this.warnings.length > 0) {
      throw badRequest(REST_MESSAGES.importWarnings(this.warnings))
    }
  }
}

/**
 * AWS's text for a member of the wrong JSON type, e.g. a boolean request parameter
 * (recorded: test_apigateway_import > test_import_rest_api_with_base_path_oas30 > put-rest-api-oas30-srv-url).
 */
export const invalidFormat = (member: string, property: string, path: string, verb: string, value: unknown): string =>
  `Invalid format for '${member}'. Expected type string for property '${property}' of resource '${path}' and method '${verb}' but got '${String(value)}'`
