import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FrameHeaderScanner, MAX_FRAME_BYTES } from './frame-size-limit.ts'

/** A masked client frame (RFC 6455 §5.2) with `length` payload bytes. */
function frame(opcode: number, length: number, fin = true): Buffer {
  const header = length < 126 ? [length | 0x80] : length < 65_536 ? [126 | 0x80, length >> 8, length & 0xff] : [127 | 0x80, 0, 0, 0, 0, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, ...header, 1, 2, 3, 4]), Buffer.alloc(length, 0x61)])
}

/** Feeds `bytes` in chunks of `size`; the absolute offset of the refused frame, or -1. */
function scanInChunks(bytes: Buffer, size: number): number {
  const scanner = new FrameHeaderScanner(MAX_FRAME_BYTES)
  for (let offset = 0; offset < bytes.length; offset += size) {
    const at = scanner.scan(bytes.subarray(offset, offset + size))
    if (at !== -1) return offset + at
  }
  return -1
}

describe('FrameHeaderScanner', () => {
  it('passes frames up to 32 KB, fragmented messages of any size in them, and control frames, in any chunking', () => {
    const stream = Buffer.concat([frame(0x1, 10), frame(0x1, MAX_FRAME_BYTES, false), frame(0x0, MAX_FRAME_BYTES, false), frame(0x0, 200), frame(0x9, 125), frame(0x2, 300)])
    for (const size of [1, 2, 3, 7, 13, 1_000, stream.length]) assert.equal(scanInChunks(stream, size), -1, `chunks of ${size}`)
  })

  it('refuses the first frame over 32 KB (16- and 64-bit lengths), at its header, however the bytes arrive', () => {
    const before = Buffer.concat([frame(0x1, 5), frame(0x1, 1_000)])
    for (const big of [frame(0x1, MAX_FRAME_BYTES + 1), frame(0x0, 70_000), frame(0x2, 40_000)]) {
      const stream = Buffer.concat([before, big])
      const headerLength = big[1] === (126 | 0x80) ? 8 : 14
      for (const size of [1, 5, 64, stream.length]) {
        // Reported where the header completes: at the header's start, or at the start of the chunk that completes it.
        const completing = Math.floor((before.length + headerLength - 1) / size) * size
        assert.equal(scanInChunks(stream, size), Math.max(before.length, completing), `chunks of ${size}`)
      }
      assert.equal(scanInChunks(stream, stream.length), before.length)
    }
  })

  it('a hostile 64-bit length past 2^53 is refused, not wrapped', () => {
    const header = Buffer.from([0x81, 127 | 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4])
    assert.equal(new FrameHeaderScanner(MAX_FRAME_BYTES).scan(header), 0)
  })
})
