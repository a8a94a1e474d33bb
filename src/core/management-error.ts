/**
 * Control-plane failures, as the AWS management APIs report them: status, `x-amzn-ErrorType: <Code>`
 * and `{"message": "..."}`: the rest-json protocol of AWS's service models, whose SDKs read the code from
 * `x-amzn-ErrorType`.
 */

export type ManagementErrorCode =
  | 'BadRequestException' | 'ConflictException' | 'NotFoundException' | 'UnauthorizedException'
  | 'TooManyRequestsException' | 'LimitExceededException' | 'ServiceUnavailableException'
  | 'ValidationException' | 'SerializationException' | 'UnknownOperationException'
  | 'AccessDeniedException' | 'InternalFailure' | 'PayloadTooLargeException'
  // Lambda's Invoke API
  | 'ResourceNotFoundException' | 'InvalidRequestContentException' | 'ServiceException'
  // SigV4 failures, on every AWS endpoint
  | 'MissingAuthenticationTokenException' | 'IncompleteSignatureException' | 'InvalidSignatureException'
  | 'UnrecognizedClientException' | 'ExpiredTokenException'

const STATUS: Readonly<Record<ManagementErrorCode, number>> = {
  BadRequestException: 400,
  ValidationException: 400,
  SerializationException: 400,
  InvalidRequestContentException: 400,
  UnauthorizedException: 401,
  AccessDeniedException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
  NotFoundException: 404,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ConflictException: 409,
  PayloadTooLargeException: 413,
  TooManyRequestsException: 429,
  LimitExceededException: 429,
  InternalFailure: 500,
  ServiceException: 500,
  ServiceUnavailableException: 503,
}

export class ManagementError extends Error {
  override readonly name = 'ManagementError'
  readonly code: ManagementErrorCode
  readonly statusCode: number
  /**
   * What Gatehouse knows beyond AWS's text (where AWS's message says only that something is wrong):
   * sent as a `detail` member beside `message`, which the AWS SDKs ignore, so `message` stays AWS's own.
   */
  readonly detail?: string

  constructor(code: ManagementErrorCode, message: string, statusCode: number = STATUS[code], detail?: string) {
    super(message)
    this.code = code
    this.statusCode = statusCode
    if (detail !== undefined) this.detail = detail
  }
}

export const badRequest = (message: string): ManagementError => new ManagementError('BadRequestException', message)
export const notFound = (message: string): ManagementError => new ManagementError('NotFoundException', message)
export const conflict = (message: string): ManagementError => new ManagementError('ConflictException', message)

/** Coral-style ValidationException text (recorded: test_apigateway_api > test_update_rest_api_concatenation_of_errors). */
export function validationError(errors: readonly string[]): ManagementError {
  const head = errors.length === 1 ? '1 validation error detected: ' : `${errors.length} validation errors detected: `
  return new ManagementError('ValidationException', head + errors.join('; '))
}

/** One Coral constraint failure: `Value 'X' at 'field' failed to satisfy constraint: ...`. */
export function enumConstraint(value: unknown, field: string, allowed: readonly string[]): string {
  return `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`
}
