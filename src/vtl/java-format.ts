import { isHostObject, isJsonList, JavaDouble, type JavaValue } from './java-value.ts'

/**
 * Java's `Double.toString`: plain decimal with at least one fractional digit for magnitudes in
 * [1e-3, 1e7), computerized scientific notation (`1.0E7`) otherwise.
 */
export function formatJavaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN'
  if (d === Infinity) return 'Infinity'
  if (d === -Infinity) return '-Infinity'
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(d)
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d)
    return s.includes('.') ? s : `${s}.0`
  }
  const [mantissa, exponent] = d.toExponential().split('e')
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`
}

/**
 * json-smart's string escaping (the JSON library behind Jayway JsonPath, which AWS uses): the usual
 * escapes, plus `\uXXXX` (upper-case hex) for C0/C1 controls and U+2000–U+20FF.
 */
export function escapeJsonString(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    const code = s.charCodeAt(i)
    switch (ch) {
      case '"': out += '\\"'; continue
      case '\\': out += '\\\\'; continue
      case '\b': out += '\\b'; continue
      case '\f': out += '\\f'; continue
      case '\n': out += '\\n'; continue
      case '\r': out += '\\r'; continue
      case '\t': out += '\\t'; continue
    }
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x2000 && code <= 0x20ff)) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
    } else {
      out += ch
    }
  }
  return out
}

/** A value as compact JSON, the way json-smart writes Jayway's maps and lists. */
export function toJsonText(value: JavaValue): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `"${escapeJsonString(value)}"`
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'number') return String(value)
  if (value instanceof JavaDouble) return Number.isFinite(value.value) ? formatJavaDouble(value.value) : 'null'
  if (value instanceof Map) {
    const parts: string[] = []
    for (const [k, v] of value) parts.push(`"${escapeJsonString(k)}":${toJsonText(v)}`)
    return `{${parts.join(',')}}`
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`
  return `"${escapeJsonString(value.toJavaString())}"`
}

/**
 * What Velocity prints for a value: Java's `toString()`. A map prints as `{key=value, ...}`
 * (AbstractMap), a list that came from JSON as compact JSON (JSONArray), any other list as
 * `[a, b]` (AbstractCollection) — the 13 `$input.path` formatting
 * cases recorded in test_apigateway_common > test_input_path_template_formatting.
 * Null prints as nothing at the top level (AWS renders missing values empty) and as `null` inside
 * a collection.
 */
export function toJavaString(value: JavaValue): string {
  if (value === null) return ''
  return nestedString(value)
}

function nestedString(value: JavaValue): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatJavaDouble(value)
  if (value instanceof JavaDouble) return formatJavaDouble(value.value)
  if (value instanceof Map) {
    const parts: string[] = []
    for (const [k, v] of value) parts.push(`${k}=${v === value ? '(this Map)' : nestedString(v)}`)
    return `{${parts.join(', ')}}`
  }
  if (Array.isArray(value)) {
    if (isJsonList(value)) return toJsonText(value)
    return `[${value.map((v) => (v === value ? '(this Collection)' : nestedString(v))).join(', ')}]`
  }
  if (isHostObject(value)) return value.toJavaString()
  return ''
}
