import type { HostObject, JavaValue } from './java-value.ts'
import { JsonValueError, parseJsonValue } from './parse-json-value.ts'
import { TemplateRenderError } from './template-error.ts'

/**
 * Apache Commons Lang `StringEscapeUtils.escapeJavaScript`: `'` `"` `\` `/` are backslash-escaped,
 * control characters use their short escapes or `\u00XX`, and everything above U+007F becomes
 * `\uXXXX` (upper-case hex). The `\'` it produces is not valid JSON; AWS documents the workaround
 * `.replaceAll("\\'","'")` (developer guide, "Variables for data transformations for API Gateway").
 */
export function escapeJavaScript(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    const code = s.charCodeAt(i)
    if (code > 0x7f) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
    } else if (code < 32) {
      switch (ch) {
        case '\b': out += '\\b'; break
        case '\n': out += '\\n'; break
        case '\t': out += '\\t'; break
        case '\f': out += '\\f'; break
        case '\r': out += '\\r'; break
        default: out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
      }
    } else if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') {
      out += `\\${ch}`
    } else {
      out += ch
    }
  }
  return out
}

/**
 * `java.net.URLEncoder.encode(s, "UTF-8")`: form encoding — letters, digits and `.-*_` stay, a
 * space becomes `+`, everything else is `%XX` of its UTF-8 bytes
 * (`{"some": "value"}` → `%7B%22some%22%3A+%22value%22%7D`;
 * recorded: test_apigateway_common > test_input_body_formatting).
 */
export function urlEncode(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte)
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch
    else if (ch === ' ') out += '+'
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** `java.net.URLDecoder.decode(s, "UTF-8")`: `+` is a space; a malformed escape fails the rendering. */
export function urlDecode(s: string): string {
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (ch === '+') {
      bytes.push(0x20)
    } else if (ch === '%') {
      const hex = s.slice(i + 1, i + 3)
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new TemplateRenderError('METHOD_EXCEPTION', `URLDecoder: illegal hex characters in escape (%) pattern: ${JSON.stringify(s.slice(i, i + 3))}`)
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** `$util`: the six functions AWS documents, and nothing else (developer guide, "Variables for data transformations for API Gateway"). */
export class UtilVariable implements HostObject {
  readonly hostName = '$util'
  readonly #maxJsonDepth: number

  constructor(maxJsonDepth: number) {
    this.#maxJsonDepth = maxJsonDepth
  }

  getProperty(): JavaValue | undefined {
    return undefined
  }

  /**
   * Each function takes a `String`. Velocity cannot pass a map or a number to a String parameter,
   * so the call resolves to nothing and renders empty — which is how AWS's own `$context` dump
   * shows its map-valued entries (`"identity": ""`, LS test_apigateway_sqs > test_sqs_amz_json_protocol).
   */
  callMethod(name: string, args: JavaValue[]): JavaValue | undefined {
    if (args.length !== 1) return undefined
    const [text] = args
    if (typeof text !== 'string') return null
    switch (name) {
      case 'escapeJavaScript': return escapeJavaScript(text)
      case 'urlEncode': return urlEncode(text)
      case 'urlDecode': return urlDecode(text)
      case 'base64Encode': return Buffer.from(text, 'utf8').toString('base64')
      case 'base64Decode': return Buffer.from(text, 'base64').toString('utf8')
      case 'parseJson':
        try {
          return parseJsonValue(text, this.#maxJsonDepth)
        } catch (error) {
          if (error instanceof JsonValueError) throw new TemplateRenderError('METHOD_EXCEPTION', `$util.parseJson: ${error.message}`)
          throw error
        }
    }
    return undefined
  }

  toJavaString(): string {
    return '$util'
  }
}
