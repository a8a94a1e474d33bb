import type { JavaValue } from './java-value.ts'

/** Java's `String.hashCode()`: s[0]*31^(n-1) + ... + s[n-1], in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  return h
}

/** `java.util.HashMap.hash()`: the key's hash with its high half folded into the low half. */
function spreadHash(key: string): number {
  const h = javaStringHash(key)
  return h ^ (h >>> 16)
}

const DEFAULT_CAPACITY = 16
const LOAD_FACTOR = 0.75

/**
 * A map that iterates in the order `java.util.HashMap` would: by bucket (`hash & (capacity - 1)`),
 * then by insertion within a bucket, with the table doubling once size exceeds 3/4 of capacity.
 * AWS's `$context` and `$context.identity` are HashMaps: their recorded `keySet()` orders
 * (recorded: test_apigateway_sqs > test_sqs_amz_json_protocol > sqs-messages) are exactly this order for 18
 * keys in a 32-bucket table and 12 keys in a 16-bucket table. Velocity's `{...}` map literal is a
 * HashMap too.
 */
export class JavaHashMap extends Map<string, JavaValue> {
  #capacity = DEFAULT_CAPACITY

  override set(key: string, value: JavaValue): this {
    const isNew = !super.has(key)
    super.set(key, value)
    // A table never shrinks, as in Java; growth happens after the insertion that crosses the threshold.
    if (isNew && super.size > this.#capacity * LOAD_FACTOR) this.#capacity *= 2
    return this
  }

  #orderedKeys(): string[] {
    const mask = this.#capacity - 1
    const insertion = [...super.keys()]
    // Array.prototype.sort is stable, so keys sharing a bucket keep their insertion order.
    return insertion.sort((a, b) => (spreadHash(a) & mask) - (spreadHash(b) & mask))
  }

  override keys(): MapIterator<string> {
    return this.#orderedKeys()[Symbol.iterator]()
  }

  override values(): MapIterator<JavaValue> {
    return this.#orderedKeys().map((k) => super.get(k) as JavaValue)[Symbol.iterator]()
  }

  override entries(): MapIterator<[string, JavaValue]> {
    return this.#orderedKeys().map((k): [string, JavaValue] => [k, super.get(k) as JavaValue])[Symbol.iterator]()
  }

  override [Symbol.iterator](): MapIterator<[string, JavaValue]> {
    return this.entries()
  }

  override forEach(callback: (value: JavaValue, key: string, map: Map<string, JavaValue>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this)
  }
}
