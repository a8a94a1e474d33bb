import { JavaDouble, markJsonList, type JavaValue } from './java-value.ts'

export class JsonValueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonValueError'
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * Parses JSON into template values the way Jayway JsonPath's json-smart provider does: objects
 * become insertion-ordered maps (LinkedHashMap), arrays become JSON lists (JSONArray), integers
 * stay integers and decimals become doubles. Like json-smart's permissive mode it tolerates a
 * trailing comma (the developer guide's own PetStore request body has one).
 * Nesting deeper than `maxDepth` is refused, so hostile bodies cannot exhaust the stack.
 */
export function parseJsonValue(text: string, maxDepth: number): JavaValue {
  let i = 0

  const fail = (what: string): never => {
    throw new JsonValueError(`${what} at offset ${i}`)
  }
  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++
      else break
    }
  }

  const parseString = (): string => {
    i++ // opening quote
    let out = ''
    let start = i
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c === 0x5c) {
        out += text.slice(start, i)
        const e = text[i + 1]
        i += 2
        switch (e) {
          case '"': out += '"'; break
          case '\\': out += '\\'; break
          case '/': out += '/'; break
          case 'b': out += '\b'; break
          case 'f': out += '\f'; break
          case 'n': out += '\n'; break
          case 'r': out += '\r'; break
          case 't': out += '\t'; break
          case 'u': {
            const hex = text.slice(i, i + 4)
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape')
            out += String.fromCharCode(parseInt(hex, 16))
            i += 4
            break
          }
          default: fail('bad escape')
        }
        start = i
        continue
      }
      if (c < 0x20) fail('control character in string')
      i++
    }
    return fail('unterminated string')
  }

  const parseNumber = (): JavaValue => {
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!match) return fail('bad number')
    i += match[0].length
    if (match[1] !== undefined || match[2] !== undefined) return new JavaDouble(Number(match[0]))
    const big = BigInt(match[0])
    return big > MAX_SAFE || big < -MAX_SAFE ? big : Number(match[0])
  }

  const parseValue = (depth: number): JavaValue => {
    if (depth > maxDepth) fail('nesting too deep')
    skipSpace()
    const ch = text[i]
    if (ch === '{') {
      i++
      const map = new Map<string, JavaValue>()
      skipSpace()
      if (text[i] === '}') {
        i++
        return map
      }
      for (;;) {
        skipSpace()
        if (text[i] === '}' && map.size > 0) {
          i++
          return map
        }
        if (text[i] !== '"') fail('expected a key')
        const key = parseString()
        skipSpace()
        if (text[i] !== ':') fail('expected a colon')
        i++
        map.set(key, parseValue(depth + 1))
        skipSpace()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return map
        }
        fail('expected , or }')
      }
    }
    if (ch === '[') {
      i++
      const list: JavaValue[] = []
      skipSpace()
      if (text[i] === ']') {
        i++
        return markJsonList(list)
      }
      for (;;) {
        skipSpace()
        if (text[i] === ']' && list.length > 0) {
          i++
          return markJsonList(list)
        }
        list.push(parseValue(depth + 1))
        skipSpace()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return markJsonList(list)
        }
        fail('expected , or ]')
      }
    }
    if (ch === '"') return parseString()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    return parseNumber()
  }

  const value = parseValue(0)
  skipSpace()
  if (i < text.length) fail('unexpected trailing text')
  return value
}
