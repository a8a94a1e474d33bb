import { validationError } from '../../../core/management-error.ts'
import { patternConstraint } from '../../operations/coral-constraints.ts'

/**
 * Method and integration response status codes must match `[1-5]\d\d`; Coral reports the path
 * label as `statusCode` (recorded: test_apigateway_api > test_integration_response_invalid_statuscode).
 */
const STATUS_CODE = /^[1-5]\d\d$/

export function statusCodeErrors(statusCode: string): string[] {
  if (STATUS_CODE.test(statusCode)) return []
  return [patternConstraint(statusCode, 'statusCode', '[1-5]\\d\\d')]
}

export function requireStatusCode(statusCode: string): void {
  const errors = statusCodeErrors(statusCode)
  if (errors.length > 0) throw validationError(errors)
}
