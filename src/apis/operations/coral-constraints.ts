import { enumConstraint } from '../../core/management-error.ts'

/**
 * Coral's constraint texts: AWS's request front end checks a member against its model before the
 * service sees it and reports every failure as `Value ... at '<input>.<member>' failed to satisfy
 * constraint: ...`, gathered into one ValidationException (core/management-error.ts,
 * `validationError`). These are the texts of the constraints the management APIs use.
 */

export { enumConstraint }

/** A required member that is missing or null (recorded: test_apigateway_api > test_create_rest_api_with_endpoint_configuration > create-with-multiple-errors-1). */
export const nullConstraint = (field: string): string => `Value null at '${field}' failed to satisfy constraint: Member must not be null`

/** A list whose members must each be one of a set (recorded: as above, `endpointConfiguration.types`). */
export const listEnumConstraint = (values: readonly unknown[], field: string, allowed: readonly string[]): string =>
  `Value '[${values.map(String).join(', ')}]' at '${field}' failed to satisfy constraint: ` +
  `Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`

/** A string that must match a pattern, written as Java writes it (recorded: test_apigateway_api > test_integration_response_invalid_statuscode). */
export const patternConstraint = (value: unknown, field: string, pattern: string): string =>
  `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`

/** A string or list longer or shorter than its model allows (Coral's text on other AWS services; no API Gateway recording has it). */
export const lengthConstraint = (value: unknown, field: string, bound: 'min' | 'max', limit: number): string =>
  `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have length ${bound === 'min' ? 'greater' : 'less'} than or equal to ${limit}`

/** A number outside its model's range (Coral's text on other AWS services; no API Gateway recording has it). */
export const rangeConstraint = (value: unknown, field: string, bound: 'min' | 'max', limit: number): string =>
  `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value ${bound === 'min' ? 'greater' : 'less'} than or equal to ${limit}`
