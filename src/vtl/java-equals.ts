import { isHostObject, JavaDouble, type JavaValue } from './java-value.ts'

/**
 * Java's `Object.equals`, which `List.contains`, `Map.containsValue` and `String.equals` use:
 * same class and same value. (Velocity's `==` is looser; see `compareVelocityEquals`.)
 */
export function javaEquals(a: JavaValue, b: JavaValue): boolean {
  if (a === b) return true
  if (a === null || b === null) return false
  if (a instanceof JavaDouble || b instanceof JavaDouble) {
    return a instanceof JavaDouble && b instanceof JavaDouble && (a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value)))
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false
    for (const [k, v] of a) {
      if (!b.has(k) || !javaEquals(v, b.get(k) ?? null)) return false
    }
    return true
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => javaEquals(v, b[i]))
  }
  if (isHostObject(a) || isHostObject(b)) return false
  return false
}
