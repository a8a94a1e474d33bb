/**
 * Bytes for many small records without a JavaScript object per record: chunks of a few size classes carved
 * out of shared slabs (one Buffer each), named by a number. The memory response cache keeps every answer
 * here. A cache filling with misses keeps each entry for minutes; as objects of their own (a key, a record,
 * a Buffer), each survived the young collections, was copied by them and then weighed on every full one.
 * As a chunk it is bytes in a slab the collector never looks into.
 *
 * Chunk sizes grow by a quarter from 64 bytes to 128 KiB (at most a fifth of a chunk is slack); a larger
 * record has a slab of its own, released with it. A class's slabs start at 4 chunks and double up to 1 MiB,
 * so a small cache holds little. A slab whose chunks are all free is released, but the last one of its class.
 */

const SMALLEST_CHUNK = 64
const LARGEST_CHUNK = 128 * 1024
const SLAB_BYTES = 1024 * 1024
/** A handle is `slab * CHUNK_INDEXES + chunk`: a slab holds at most SLAB_BYTES / SMALLEST_CHUNK chunks. */
const CHUNK_INDEXES = 65_536

const CHUNK_SIZES: readonly number[] = (() => {
  const sizes: number[] = []
  for (let size = SMALLEST_CHUNK; size < LARGEST_CHUNK; size = Math.ceil((size * 1.25) / 8) * 8) sizes.push(size)
  sizes.push(LARGEST_CHUNK)
  return sizes
})()

/** The size class of a record of `length` bytes, or -1 for one that needs a slab of its own. */
function classOf(length: number): number {
  if (length > LARGEST_CHUNK) return -1
  let low = 0
  let high = CHUNK_SIZES.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if (CHUNK_SIZES[middle] >= length) high = middle
    else low = middle + 1
  }
  return low
}

interface Slab {
  readonly buffer: Buffer
  /** -1: one record larger than any class. */
  readonly sizeClass: number
  readonly chunkSize: number
  readonly chunks: number
  /** Chunks given out and since freed, a stack; `freeCount` of them are valid. */
  readonly freed: Int32Array
  freeCount: number
  /** Chunks from here on were never given out. */
  untouched: number
  /** Whether the slab is in its class's list of slabs with room. */
  listed: boolean
}

const hasRoom = (slab: Slab): boolean => slab.freeCount > 0 || slab.untouched < slab.chunks
const isEmpty = (slab: Slab): boolean => slab.freeCount === slab.untouched

export class ChunkStore {
  readonly #slabs: (Slab | undefined)[] = []
  readonly #unusedSlabIndexes: number[] = []
  /** Per class: the slabs with a free chunk (indexes into #slabs). */
  readonly #withRoom: number[][] = CHUNK_SIZES.map(() => [])
  /** Per class: how many slabs it holds. */
  readonly #slabCounts: number[] = CHUNK_SIZES.map(() => 0)
  #slabBytes = 0

  /** The bytes of every slab held: what the store costs the process. */
  get slabBytes(): number {
    return this.#slabBytes
  }

  /** The bytes a new slab would add if a record of `length` bytes were stored now, or 0 when one has room for it. */
  growthFor(length: number): number {
    const sizeClass = classOf(length)
    if (sizeClass === -1) return length
    if (this.#withRoom[sizeClass].length > 0) return 0
    return this.#chunksOfNextSlab(sizeClass) * CHUNK_SIZES[sizeClass]
  }

  /** A chunk of at least `length` bytes; its handle names it until it is freed. */
  allocate(length: number): number {
    const sizeClass = classOf(length)
    if (sizeClass === -1) return this.#newSlab(-1, length, 1) * CHUNK_INDEXES
    const room = this.#withRoom[sizeClass]
    let index = room.at(-1)
    if (index === undefined) {
      index = this.#newSlab(sizeClass, CHUNK_SIZES[sizeClass], this.#chunksOfNextSlab(sizeClass))
      room.push(index)
      this.#slabs[index]!.listed = true
    }
    const slab = this.#slabs[index]!
    const chunk = slab.freeCount > 0 ? slab.freed[--slab.freeCount] : slab.untouched++
    if (!hasRoom(slab)) {
      room.pop()
      slab.listed = false
    }
    return index * CHUNK_INDEXES + chunk
  }

  /** The chunk's first `length` bytes, shared with the store: valid until the chunk is freed. */
  view(handle: number, length: number): Buffer {
    const slab = this.#slabs[Math.floor(handle / CHUNK_INDEXES)]!
    const start = (handle % CHUNK_INDEXES) * slab.chunkSize
    return slab.buffer.subarray(start, start + length)
  }

  free(handle: number): void {
    const index = Math.floor(handle / CHUNK_INDEXES)
    const slab = this.#slabs[index]!
    if (slab.sizeClass === -1) return this.#release(index)
    slab.freed[slab.freeCount++] = handle % CHUNK_INDEXES
    if (isEmpty(slab) && this.#slabCounts[slab.sizeClass] > 1) return this.#release(index)
    if (!slab.listed) {
      this.#withRoom[slab.sizeClass].push(index)
      slab.listed = true
    }
  }

  #chunksOfNextSlab(sizeClass: number): number {
    const chunkSize = CHUNK_SIZES[sizeClass]
    return Math.max(1, Math.min(Math.floor(SLAB_BYTES / chunkSize), 4 * 2 ** Math.min(this.#slabCounts[sizeClass], 16)))
  }

  #newSlab(sizeClass: number, chunkSize: number, chunks: number): number {
    const slab: Slab = {
      buffer: Buffer.allocUnsafeSlow(chunkSize * chunks), sizeClass, chunkSize, chunks,
      freed: new Int32Array(chunks), freeCount: 0, untouched: 0, listed: false,
    }
    const index = this.#unusedSlabIndexes.pop() ?? this.#slabs.length
    this.#slabs[index] = slab
    this.#slabBytes += slab.buffer.length
    if (sizeClass !== -1) this.#slabCounts[sizeClass]++
    return index
  }

  #release(index: number): void {
    const slab = this.#slabs[index]!
    if (slab.listed) {
      const room = this.#withRoom[slab.sizeClass]
      room.splice(room.lastIndexOf(index), 1)
    }
    if (slab.sizeClass !== -1) this.#slabCounts[slab.sizeClass]--
    this.#slabs[index] = undefined
    this.#unusedSlabIndexes.push(index)
    this.#slabBytes -= slab.buffer.length
  }
}
