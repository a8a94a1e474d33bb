/**
 * The values a template works with, modelled on the Java objects AWS's Velocity 1.7 engine sees:
 *
 * - `null` for Java null (and anything undefined);
 * - `string`, `boolean`;
 * - `number` for Java Integer/Long, `JavaDouble` for Double (so `1.0` prints as `1.0`, not `1`),
 *   `bigint` for integers a double cannot hold exactly;
 * - `Map` for Java maps — never plain objects, so a template can never reach a JavaScript prototype;
 * - arrays for Java lists; those that came from JSON print as JSON (Jayway's JSONArray), the rest
 *   as `[a, b]` (ArrayList);
 * - host objects (`$input`, `$util`, `$foreach`, map entries) that expose only the members they list.
 */

/** A Java Double. Kept distinct from integers because Java prints them differently. */
export class JavaDouble {
  readonly value: number
  constructor(value: number) {
    this.value = value
  }
}

/** Objects that a template may call methods on and read properties of, and nothing else. */
export interface HostObject {
  readonly hostName: string
  /** `$x.name`; `undefined` when the object has no such property. */
  getProperty(name: string): JavaValue | undefined
  /** `$x.name(args)`; `undefined` when the object has no such method. */
  callMethod(name: string, args: JavaValue[]): JavaValue | undefined
  /** What `$x` prints as. */
  toJavaString(): string
}

export type JavaValue =
  | null
  | string
  | boolean
  | number
  | bigint
  | JavaDouble
  | Map<string, JavaValue>
  | JavaValue[]
  | HostObject

const JSON_LISTS = new WeakSet<JavaValue[]>()

/** Marks a list as Jayway's JSONArray: its `toString()` is compact JSON. */
export function markJsonList(list: JavaValue[]): JavaValue[] {
  JSON_LISTS.add(list)
  return list
}

export function isJsonList(list: JavaValue[]): boolean {
  return JSON_LISTS.has(list)
}

export function isHostObject(value: unknown): value is HostObject {
  return typeof value === 'object' && value !== null && !(value instanceof Map) && !Array.isArray(value) &&
    !(value instanceof JavaDouble) && typeof (value as HostObject).callMethod === 'function'
}

export function isJavaNumber(value: JavaValue): value is number | bigint | JavaDouble {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof JavaDouble
}

/** The numeric value of a Java number, as a double. */
export function numberOf(value: number | bigint | JavaDouble): number {
  if (value instanceof JavaDouble) return value.value
  return Number(value)
}

/** True for Java integral types (Integer, Long, BigInteger). */
export function isJavaIntegral(value: JavaValue): value is number | bigint {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint'
}

/**
 * Converts a value handed in by the caller (plain JSON-like data) into template values. Plain
 * objects become maps; anything that is not data (functions, class instances) becomes null, so a
 * template cannot call into caller code.
 */
export function toJavaValue(value: unknown, depth = 0): JavaValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value
  if (typeof value === 'number') return Number.isInteger(value) ? value : new JavaDouble(value)
  if (depth > 64) return null
  if (Array.isArray(value)) return value.map((item) => toJavaValue(item, depth + 1))
  if (value instanceof Map) {
    const map = new Map<string, JavaValue>()
    for (const [k, v] of value) map.set(String(k), toJavaValue(v, depth + 1))
    return map
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const map = new Map<string, JavaValue>()
    for (const key of Object.keys(value)) map.set(key, toJavaValue((value as Record<string, unknown>)[key], depth + 1))
    return map
  }
  return null
}
