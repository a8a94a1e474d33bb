import { randomBytes } from 'node:crypto'
import { badRequest, conflict, notFound } from '../../../core/management-error.ts'
import { MAX_API_KEY_VALUE_LENGTH, MIN_API_KEY_VALUE_LENGTH, type ApiKey } from '../../../model/api-key.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import { compact } from '../../operations/input.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * What AWS accepts in an ApiKey (recorded: test_apigateway_extended > TestApigatewayApiKeysCrud),
 * shared by CreateApiKey, UpdateApiKey and ImportApiKeys; the texts are in messages.ts.
 */

export const MAX_NAME_LENGTH = 1024
/** LS test_update_api_key_invalid_description_length refuses 125001 characters; AWS documents no figure. */
export const MAX_DESCRIPTION_LENGTH = 125_000

export function checkValue(value: string): void {
  if (value.length < MIN_API_KEY_VALUE_LENGTH) throw badRequest(REST_MESSAGES.apiKeyValueTooShort)
  if (value.length > MAX_API_KEY_VALUE_LENGTH) throw badRequest(REST_MESSAGES.apiKeyValueTooLong)
}

export function checkName(name: string): void {
  if (name.length > MAX_NAME_LENGTH) throw badRequest(REST_MESSAGES.apiKeyNameTooLong)
}

export function checkDescription(description: string): void {
  if (description.length > MAX_DESCRIPTION_LENGTH) throw badRequest(REST_MESSAGES.invalidApiKeyDescription)
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A value like the ones AWS generates: 40 random letters and digits (about 238 bits). */
export function generateApiKeyValue(): string {
  const bytes = randomBytes(40)
  let value = ''
  // 256 % 62 leaves a slight bias on the first 8 symbols; irrelevant at 40 characters of entropy.
  for (const byte of bytes) value += ALPHABET[byte % ALPHABET.length]
  return value
}

export async function requireApiKey(reader: StoreReader, apiKeyId: string): Promise<ApiKey> {
  const key = await reader.get('api-key', ACCOUNT_SCOPE, apiKeyId)
  if (key === undefined) throw notFound(REST_MESSAGES.apiKeyNotFound)
  return key
}

/** Key values are unique in the account: a second key with the same value is a 409. */
export async function ensureValueFree(reader: StoreReader, value: string, exceptId?: string): Promise<void> {
  const keys = await reader.list('api-key', ACCOUNT_SCOPE)
  if (keys.some((key) => key.id !== exceptId && key.value === value)) throw conflict(REST_MESSAGES.apiKeyExists)
}

export interface ApiKeyShapeOptions {
  /** Whether `value` is shown (CreateApiKey always; Get/GetApiKeys only when asked). */
  readonly value: boolean
  /**
   * GetApiKey and UpdateApiKey always carry `tags` (`{}` when none); Create and GetApiKeys only when set
   * (recorded: test_apigateway_common > test_api_key_required_for_methods > update-api-key-disabled;
   * test_apigateway_extended > TestApigatewayApiKeysCrud).
   */
  readonly tags: 'always' | 'when-set' | 'never'
}

/** The wire shape; a name never given is left out, as AWS does (LS test_create_api_key_with_invalid_name). */
export function apiKeyShape(key: ApiKey, options: ApiKeyShapeOptions): Record<string, unknown> {
  const hasTags = key.tags !== undefined && Object.keys(key.tags).length > 0
  return compact({
    id: key.id,
    value: options.value ? key.value : undefined,
    name: key.name === '' ? undefined : key.name,
    customerId: key.customerId,
    description: key.description,
    enabled: key.enabled,
    createdDate: key.createdDate,
    lastUpdatedDate: key.lastUpdatedDate,
    stageKeys: key.stageKeys,
    tags: options.tags === 'always' ? (key.tags ?? {}) : options.tags === 'when-set' && hasTags ? key.tags : undefined,
  })
}
