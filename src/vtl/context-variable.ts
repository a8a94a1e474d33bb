import { toJavaString } from './java-format.ts'
import { JavaHashMap } from './java-hash-map.ts'
import { isJavaIntegral, toJavaValue, type JavaValue } from './java-value.ts'
import { TemplateRenderError } from './template-error.ts'
import type { RequestOverride, ResponseOverride } from './template-input.ts'

/**
 * The order AWS inserts `$context` keys. Iteration order of a Java HashMap depends on it only for
 * keys sharing a bucket (path/accountId, requestId/identity, domainName/deploymentId); taking the
 * recorded `keySet()` order as insertion order reproduces it exactly
 * (recorded: test_apigateway_sqs > test_sqs_amz_json_protocol > sqs-messages).
 */
export const CONTEXT_KEY_ORDER: readonly string[] = [
  'resourceId', 'resourcePath', 'httpMethod', 'extendedRequestId', 'requestTime', 'path', 'accountId', 'protocol',
  'requestOverride', 'stage', 'domainPrefix', 'requestTimeEpoch', 'requestId', 'identity', 'domainName',
  'deploymentId', 'responseOverride', 'apiId',
]

/** The recorded `$context.identity.keySet()` order (same recording). */
export const IDENTITY_KEY_ORDER: readonly string[] = [
  'cognitoIdentityPoolId', 'accountId', 'cognitoIdentityId', 'caller', 'sourceIp', 'principalOrgId', 'accessKey',
  'cognitoAuthenticationType', 'cognitoAuthenticationProvider', 'userArn', 'userAgent', 'user',
]

/**
 * A map an override lives in. AWS: "An override may only be written to each parameter once.
 * Attempting to write the same parameter multiple times will result in a 5XX response"
 * (developer guide, "Override your API's request and response parameters and status codes").
 */
export class OverrideMap extends Map<string, JavaValue> {
  #sealed = false

  /** Called once the map is built; writes after this are template writes. */
  seal(): this {
    this.#sealed = true
    return this
  }

  override set(key: string, value: JavaValue): this {
    if (this.#sealed && super.has(key)) {
      throw new TemplateRenderError('DUPLICATE_OVERRIDE', `override ${key} was written more than once`)
    }
    return super.set(key, value)
  }
}

function hashMapIn(
  order: readonly string[],
  source: Record<string, unknown>,
  convert: (key: string, value: unknown) => JavaValue,
  map: JavaHashMap = new JavaHashMap(),
): JavaHashMap {
  for (const key of order) if (Object.hasOwn(source, key)) map.set(key, convert(key, source[key]))
  for (const key of Object.keys(source)) if (!map.has(key)) map.set(key, convert(key, source[key]))
  return map
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function overrideMap(seed: unknown): OverrideMap {
  const map = new OverrideMap()
  for (const [key, value] of Object.entries(record(seed))) map.set(key, toJavaValue(value))
  return map.seal()
}

/**
 * Authorizer context values reach templates as strings (`"1"`, `"true"`; developer guide, "Output from an
 * API Gateway Lambda authorizer").
 */
function authorizerValue(value: unknown): JavaValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'object') {
    const map = new JavaHashMap()
    for (const [k, v] of Object.entries(record(value))) map.set(k, authorizerValue(v))
    return map
  }
  return String(value)
}

/** What the template sees of `$context`: built key by key as the template reads it. */
export interface ContextVariable {
  readonly context: JavaHashMap
  /** The override maps, or undefined when the rendering never reached them (nothing can have been written). */
  readonly overridesIfBuilt: () => Overrides | undefined
}

/**
 * `$context` for one rendering: the caller's values as Java HashMaps, plus `requestOverride`
 * (`path`, `header`, `querystring`) and `responseOverride` (`header`, then `status` once set),
 * seeded from the caller's values when a later template must see what an earlier one set
 * (a request template's overrides are readable in the response template; recorded:
 * test_apigateway_integrations > test_integration_mock_with_request_overrides_in_response_template).
 */
export function buildContextVariable(source: Record<string, unknown>): ContextVariable {
  const context = new ContextMap(source)
  return { context, overridesIfBuilt: () => context.overridesIfBuilt() }
}

/**
 * `$context` itself. AWS renders `$context.isCanaryRequest` (`"false"` on a stage without a canary),
 * yet `$context.keySet()` does not list it: a value that reads see and iteration does not. False
 * unless the caller says the request went to a canary.
 * (recorded: test_apigateway_canary > test_invoking_canary_deployment > response-deployment-1;
 * test_apigateway_sqs > test_sqs_amz_json_protocol > sqs-messages)
 *
 * A template mostly reads a key or two (`$context.requestId`), so a key's value is converted when it is
 * first read, and the whole HashMap is built, in AWS's order, only when the template does anything else
 * with it (iterates, counts, writes). A value read early is the one the built map holds, so a template
 * that changed it sees its change.
 */
class ContextMap extends JavaHashMap {
  readonly #isCanaryRequest: boolean
  /** The caller's values until the map is built. */
  #pending: Record<string, unknown> | undefined
  /** Values read before the map was built; made on the first such read. */
  #early: Map<string, JavaValue> | undefined
  #overrides: Overrides | undefined

  constructor(source: Record<string, unknown>) {
    super()
    this.#isCanaryRequest = source.isCanaryRequest === true
    this.#pending = source
  }

  overridesIfBuilt(): Overrides | undefined {
    return this.#overrides
  }

  override get(key: string): JavaValue | undefined {
    const source = this.#pending
    if (source === undefined) {
      if (key === 'isCanaryRequest' && !super.has(key)) return this.#isCanaryRequest
      return super.get(key)
    }
    if (key === 'isCanaryRequest') return this.#isCanaryRequest
    if (!this.#lists(source, key)) return undefined
    let value = this.#early?.get(key)
    if (value === undefined) {
      value = this.#convert(source, key)
      this.#early ??= new Map()
      this.#early.set(key, value)
    }
    return value
  }

  override has(key: string): boolean {
    const source = this.#pending
    return source === undefined ? super.has(key) : this.#lists(source, key)
  }

  override set(key: string, value: JavaValue): this {
    this.#build()
    return super.set(key, value)
  }

  override delete(key: string): boolean {
    this.#build()
    return super.delete(key)
  }

  override clear(): void {
    this.#build()
    super.clear()
  }

  override keys(): MapIterator<string> {
    this.#build()
    return super.keys()
  }

  override values(): MapIterator<JavaValue> {
    this.#build()
    return super.values()
  }

  override entries(): MapIterator<[string, JavaValue]> {
    this.#build()
    return super.entries()
  }

  /** Before the map is built, `size` would read 0: see the accessor defined after the class. */
  builtSize(): number {
    this.#build()
    return super.size
  }

  /** The keys `keySet()` lists: the caller's, but `isCanaryRequest`, and the two override maps always. */
  #lists(source: Record<string, unknown>, key: string): boolean {
    return key === 'requestOverride' || key === 'responseOverride' || (key !== 'isCanaryRequest' && Object.hasOwn(source, key))
  }

  #convert(source: Record<string, unknown>, key: string): JavaValue {
    if (key === 'requestOverride' || key === 'responseOverride') {
      this.#overrides ??= buildOverrides(source)
      return this.#overrides[key]
    }
    const value = source[key]
    if (key === 'identity') return hashMapIn(IDENTITY_KEY_ORDER, record(value), (_, v) => toJavaValue(v))
    if (key === 'authorizer') return authorizerValue(value)
    return toJavaValue(value)
  }

  /** The whole map, in the order AWS inserts its keys, keeping the values already read. */
  #build(): void {
    const source = this.#pending
    if (source === undefined) return
    this.#pending = undefined
    const add = (key: string): void => {
      if (super.has(key) || !this.#lists(source, key)) return
      super.set(key, this.#early?.get(key) ?? this.#convert(source, key))
    }
    for (const key of CONTEXT_KEY_ORDER) add(key)
    for (const key of Object.keys(source)) add(key)
    this.#early = undefined
  }
}

// `size` is an accessor of Map.prototype; a subclass can only replace it by defining its own.
Object.defineProperty(ContextMap.prototype, 'size', { get(this: ContextMap) { return this.builtSize() } })

/** `$context.requestOverride` and `$context.responseOverride` of one rendering. */
export interface Overrides {
  readonly requestOverride: Map<string, JavaValue>
  readonly responseOverride: Map<string, JavaValue>
}

/** The two override maps alone, seeded from the caller's values (what an earlier template set). */
export function buildOverrides(source: Record<string, unknown>): Overrides {
  const requestSeed = record(source.requestOverride)
  const requestOverride = new JavaHashMap()
  for (const part of ['path', 'header', 'querystring']) requestOverride.set(part, overrideMap(requestSeed[part]))
  const responseSeed = record(source.responseOverride)
  const responseOverride = new OverrideMap()
  responseOverride.set('header', overrideMap(responseSeed.header))
  for (const [key, value] of Object.entries(responseSeed)) if (key !== 'header') responseOverride.set(key, toJavaValue(value))
  responseOverride.seal()
  return { requestOverride, responseOverride }
}

function stringRecord(value: JavaValue | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (value instanceof Map) for (const [k, v] of value) if (v !== null) out[k] = toJavaString(v)
  return out
}

/** Reads the overrides back after rendering, as the strings and status the data plane applies. */
export function collectOverrides(variable: Overrides): { requestOverride: RequestOverride; responseOverride: ResponseOverride } {
  const { requestOverride, responseOverride } = variable
  const response: ResponseOverride = { header: stringRecord(responseOverride.get('header')) }
  const status = responseOverride.get('status')
  if (status !== undefined && status !== null) {
    const n = isJavaIntegral(status) ? Number(status) : Number(toJavaString(status))
    if (Number.isInteger(n)) response.status = n
  }
  return {
    requestOverride: {
      header: stringRecord(requestOverride.get('header')),
      querystring: stringRecord(requestOverride.get('querystring')),
      path: stringRecord(requestOverride.get('path')),
    },
    responseOverride: response,
  }
}

/** Plain copies of both override maps, for the caller to pass in `context` to the next template. */
export function overridesForNextTemplate(variable: Overrides): { requestOverride: Record<string, unknown>; responseOverride: Record<string, unknown> } {
  const plain = (value: JavaValue): unknown => {
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]))
    if (Array.isArray(value)) return value.map(plain)
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value
    return toJavaString(value)
  }
  return {
    requestOverride: plain(variable.requestOverride) as Record<string, unknown>,
    responseOverride: plain(variable.responseOverride) as Record<string, unknown>,
  }
}
