/**
 * The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690): enough for the local
 * certificate authority to write its certificates with node:crypto's keys and signatures alone.
 */

/** One element: its tag byte, then its length in DER's definite form, then its contents. */
export function element(tag: number, contents: Buffer): Buffer {
  const length = contents.length
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), contents])
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), contents])
}

export const sequence = (...items: Buffer[]): Buffer => element(0x30, Buffer.concat(items))
export const set = (...items: Buffer[]): Buffer => element(0x31, Buffer.concat(items))
export const octetString = (bytes: Buffer): Buffer => element(0x04, bytes)
export const utf8String = (text: string): Buffer => element(0x0c, Buffer.from(text, 'utf8'))
export const boolean = (value: boolean): Buffer => element(0x01, Buffer.from([value ? 0xff : 0x00]))
/** A BIT STRING whose last byte uses all its bits but `unusedBits`. */
export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => element(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]))
/** `[n]` EXPLICIT: the element wrapped in a constructed context-specific tag. */
export const explicit = (n: number, item: Buffer): Buffer => element(0xa0 | n, item)
/** `[n]` IMPLICIT on a primitive type: the contents under a context-specific tag. */
export const implicit = (n: number, contents: Buffer): Buffer => element(0x80 | n, contents)

/** A non-negative INTEGER from its big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  return element(0x02, trimmed[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number)
  const bytes = [arcs[0] * 40 + arcs[1]]
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [arc & 0x7f]
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift(0x80 | (rest & 0x7f))
    bytes.push(...base128)
  }
  return element(0x06, Buffer.from(bytes))
}

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  return date.getUTCFullYear() < 2050 ? element(0x17, Buffer.from(iso.slice(2))) : element(0x18, Buffer.from(iso))
}
