import { toJsonText } from './java-format.ts'
import { JavaHashMap } from './java-hash-map.ts'
import type { HostObject, JavaValue } from './java-value.ts'
import { compileJsonPath, JsonPathError } from './json-path.ts'
import { JsonValueError, parseJsonValue } from './parse-json-value.ts'
import type { TemplateParams } from './template-input.ts'

const NOT_JSON = Symbol('not JSON')

/**
 * `$input`: the payload and the method request parameters
 * (developer guide, "$input variables"; recorded: test_apigateway_common > test_input_path_template_formatting,
 * test_input_body_formatting).
 */
export class InputVariable implements HostObject {
  readonly hostName = '$input'
  readonly #body: string
  readonly #params: TemplateParams
  readonly #maxJsonDepth: number
  #parsed: JavaValue | typeof NOT_JSON | undefined

  constructor(body: string, params: TemplateParams, maxJsonDepth: number) {
    // AWS reads an empty payload as `{}` (LS test_apigateway_common > test_input_body_formatting).
    this.#body = body === '' ? '{}' : body
    this.#params = params
    this.#maxJsonDepth = maxJsonDepth
  }

  getProperty(name: string): JavaValue | undefined {
    return name === 'body' ? this.#body : undefined
  }

  callMethod(name: string, args: JavaValue[]): JavaValue | undefined {
    const [arg] = args
    if (name === 'getBody' && args.length === 0) return this.#body
    if (name === 'path' && args.length === 1 && typeof arg === 'string') return this.#read(arg)
    if (name === 'json' && args.length === 1 && typeof arg === 'string') {
      const value = this.#read(arg)
      return value === null ? null : toJsonText(value)
    }
    if (name === 'params' && args.length === 0) return this.#allParams()
    if (name === 'params' && args.length === 1 && typeof arg === 'string') return this.#param(arg)
    return undefined
  }

  toJavaString(): string {
    return '$input'
  }

  /**
   * The body parsed once per rendering. A body that is not JSON (or nests deeper than the limit)
   * yields null for every path: AWS's behaviour on such bodies is not recorded.
   */
  #root(): JavaValue | typeof NOT_JSON {
    if (this.#parsed === undefined) {
      try {
        this.#parsed = parseJsonValue(this.#body, this.#maxJsonDepth)
      } catch (error) {
        if (!(error instanceof JsonValueError)) throw error
        this.#parsed = NOT_JSON
      }
    }
    return this.#parsed
  }

  #read(path: string): JavaValue {
    const root = this.#root()
    if (root === NOT_JSON) return null
    try {
      return compileJsonPath(path).read(root)
    } catch (error) {
      if (error instanceof JsonPathError) return null
      throw error
    }
  }

  /** `$input.params()`: a map of `path`, `querystring` and `header`, each a map of names to values. */
  #allParams(): JavaValue {
    const all = new JavaHashMap()
    all.set('path', toStringMap(this.#params.path))
    all.set('querystring', toStringMap(this.#params.querystring))
    all.set('header', toStringMap(this.#params.header))
    return all
  }

  /**
   * `$input.params('x')`: path first, then query string, then header (header names compared
   * without case, as HTTP does); a parameter that is absent reads as an empty string.
   */
  #param(name: string): string {
    const { path, querystring, header } = this.#params
    if (Object.hasOwn(path, name)) return path[name]
    if (Object.hasOwn(querystring, name)) return querystring[name]
    if (Object.hasOwn(header, name)) return header[name]
    const lower = name.toLowerCase()
    for (const key of Object.keys(header)) if (key.toLowerCase() === lower) return header[key]
    return ''
  }
}

function toStringMap(record: Record<string, string>): Map<string, JavaValue> {
  const map = new Map<string, JavaValue>()
  for (const key of Object.keys(record)) map.set(key, String(record[key]))
  return map
}
