/**
 * The bytes a LocalStack snapshot shows as a Python `bytes` repr (`b'...'` or `b"..."`): printable
 * ASCII as itself, `\\`, `\'`, `\"`, `\t`, `\n`, `\r` and `\xNN` escaped.
 */
export function parsePythonBytes(repr: string): Buffer {
  const match = /^b(['"])([\s\S]*)\1$/.exec(repr)
  if (match === null) throw new Error(`not a Python bytes repr: ${repr.slice(0, 40)}`)
  const text = match[2]
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch !== '\\') {
      bytes.push(ch.charCodeAt(0))
      continue
    }
    const next = text[++i]
    if (next === 'x') {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      const escaped: Record<string, number> = { '\\': 0x5c, "'": 0x27, '"': 0x22, t: 0x09, n: 0x0a, r: 0x0d }
      if (!(next in escaped)) throw new Error(`unknown escape \\${next} in a Python bytes repr`)
      bytes.push(escaped[next])
    }
  }
  return Buffer.from(bytes)
}
