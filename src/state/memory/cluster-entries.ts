import type { CachedResponse } from '../response-cache.ts'
import { ChunkStore } from './chunk-store.ts'
import { isPackedUnder, measureResponse, packedLength, unpackResponse, writePacked } from './packed-response.ts'

/**
 * A 30-bit FNV-1a hash of a key's UTF-16 code units: a small integer, which a Map keeps without an object
 * (a small integer on every V8 build). Keys of the same hash are chained and told apart by their bytes.
 */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193)
  return hash & 0x3fffffff
}

/** However small the cluster, its slabs may grow this far before entries are evicted to stay within them. */
const MIN_SLAB_ALLOWANCE = 8 * 1024 * 1024

/**
 * At most this many entries per cluster, the least recently used evicted past it: a Map holds at most about
 * 16.7 million keys in V8, and a cluster of small answers in gigabytes of memory could otherwise reach that.
 */
const MAX_ENTRIES = 8_000_000

/**
 * At most this many entries under one key hash, the oldest of them evicted past it. The hash is not secret and keys
 * come from requests (cacheKeyParameters): a caller making many keys of one hash would otherwise make every lookup
 * of that hash walk them all. A chain this long is never reached by chance (30-bit hashes).
 */
const MAX_CHAIN = 64

const NONE = -1

/**
 * One cache cluster's entries, least recently used first, held so that no entry is a JavaScript object: its
 * record (packed-response.ts) is a chunk of a ChunkStore, and what the cluster knows of it (key hash, chunk,
 * expiry, size, its place in the recency list and in its hash's chain) is a slot of typed arrays. An entry
 * counts its body and header text against the cluster's size, as AWS sizes a cache; the slabs holding the
 * records are kept within twice that (or 8 MiB), evicting the least recently used when a record would need a
 * new slab past it, and the entries within MAX_ENTRIES.
 */
export class ClusterEntries {
  readonly #chunks = new ChunkStore()
  readonly #hash: (key: string) => number
  readonly #maxEntries: number
  /** Key hash -> the newest slot of its chain. */
  readonly #chains = new Map<number, number>()
  /** Answers read once, unpacked and kept while their entry lives: an entry read once is likely read again. */
  readonly #unpacked = new Map<number, CachedResponse>()
  readonly #freeSlots: number[] = []
  #slotCount = 0
  #keyHashes = new Int32Array(16)
  #chainNext = new Int32Array(16)
  #older = new Int32Array(16)
  #newer = new Int32Array(16)
  #handles = new Float64Array(16)
  #lengths = new Int32Array(16)
  #sizes = new Int32Array(16)
  #expiresMs = new Float64Array(16)
  #oldest = NONE
  #newest = NONE
  #bytes = 0
  /**
   * The key being looked up or stored, as UTF-16LE: its code units exactly, so that two keys differing only in
   * unpaired surrogates (which UTF-8 would both turn into U+FFFD) are told apart.
   */
  #keyBuffer = Buffer.allocUnsafeSlow(256)
  /** The last key hashed and its hash: a miss is looked up, then stored under the same key. */
  #lastKey = ''
  #lastHash = 0

  /** `hash` and `maxEntries` are for tests: to make keys collide, to reach the bound. */
  constructor(hash: (key: string) => number = keyHash, maxEntries = MAX_ENTRIES) {
    this.#hash = hash
    this.#maxEntries = maxEntries
  }

  /** Body and header bytes of the entries held. */
  get bytes(): number {
    return this.#bytes
  }

  /** The bytes the records' slabs take. */
  get slabBytes(): number {
    return this.#chunks.slabBytes
  }

  /** The live answer under `key`, made the most recently used; an expired one is dropped. */
  get(key: string, nowMs: number): CachedResponse | undefined {
    const slot = this.#find(key)
    if (slot === NONE) return undefined
    if (this.#expiresMs[slot] <= nowMs) {
      this.#remove(slot)
      return undefined
    }
    this.#unlink(slot)
    this.#linkNewest(slot)
    let response = this.#unpacked.get(slot)
    if (response === undefined) {
      response = unpackResponse(this.#chunks.view(this.#handles[slot], this.#lengths[slot]))
      this.#unpacked.set(slot, response)
    }
    return response
  }

  delete(key: string): void {
    const slot = this.#find(key)
    if (slot !== NONE) this.#remove(slot)
  }

  /**
   * Stores an answer counting `size` bytes (no entry under `key` may be held), evicting the least recently used
   * until the cluster's entries fit `capacityBytes` and the record fits the slabs' allowance. The caller has
   * checked that `size` fits the capacity.
   */
  add(key: string, response: CachedResponse, size: number, expiresMs: number, capacityBytes: number): void {
    while ((this.#bytes + size > capacityBytes || this.#entryCount() >= this.#maxEntries) && this.#oldest !== NONE) this.#remove(this.#oldest)
    const hash = this.#hashOf(key)
    this.#boundChain(hash)
    const keyBytes = this.#encodeKey(key)
    const measured = measureResponse(response)
    const length = packedLength(keyBytes, measured)
    const allowance = Math.max(2 * capacityBytes, MIN_SLAB_ALLOWANCE)
    while (this.#oldest !== NONE) {
      const growth = this.#chunks.growthFor(length)
      if (growth === 0 || this.#chunks.slabBytes + growth <= allowance) break
      this.#remove(this.#oldest)
    }
    const handle = this.#chunks.allocate(length)
    writePacked(this.#chunks.view(handle, length), this.#keyBuffer, keyBytes, measured)
    const slot = this.#newSlot()
    this.#keyHashes[slot] = hash
    this.#chainNext[slot] = this.#chains.get(hash) ?? NONE
    this.#chains.set(hash, slot)
    this.#handles[slot] = handle
    this.#lengths[slot] = length
    this.#sizes[slot] = size
    this.#expiresMs[slot] = expiresMs
    this.#linkNewest(slot)
    this.#bytes += size
  }

  #entryCount(): number {
    return this.#slotCount - this.#freeSlots.length
  }

  /** Makes room under `hash` for one more entry: past MAX_CHAIN - 1, the chain's last (its oldest put) goes. */
  #boundChain(hash: number): void {
    let length = 0
    let last = NONE
    for (let slot = this.#chains.get(hash) ?? NONE; slot !== NONE; slot = this.#chainNext[slot]) {
      length++
      last = slot
    }
    if (length >= MAX_CHAIN) this.#remove(last)
  }

  #find(key: string): number {
    let slot = this.#chains.get(this.#hashOf(key)) ?? NONE
    if (slot === NONE) return NONE
    const keyBytes = this.#encodeKey(key)
    for (; slot !== NONE; slot = this.#chainNext[slot]) {
      if (isPackedUnder(this.#chunks.view(this.#handles[slot], this.#lengths[slot]), this.#keyBuffer, keyBytes)) return slot
    }
    return NONE
  }

  #hashOf(key: string): number {
    if (key !== this.#lastKey) {
      this.#lastHash = this.#hash(key)
      this.#lastKey = key
    }
    return this.#lastHash
  }

  /** Puts the key's bytes in #keyBuffer; returns how many. */
  #encodeKey(key: string): number {
    const keyBytes = key.length * 2
    if (keyBytes > this.#keyBuffer.length) this.#keyBuffer = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(keyBytes)))
    this.#keyBuffer.write(key, 0, 'utf16le')
    return keyBytes
  }

  #remove(slot: number): void {
    this.#unlink(slot)
    const hash = this.#keyHashes[slot]
    const first = this.#chains.get(hash)!
    if (first === slot) {
      const next = this.#chainNext[slot]
      if (next === NONE) this.#chains.delete(hash)
      else this.#chains.set(hash, next)
    } else {
      let previous = first
      while (this.#chainNext[previous] !== slot) previous = this.#chainNext[previous]
      this.#chainNext[previous] = this.#chainNext[slot]
    }
    this.#chunks.free(this.#handles[slot])
    this.#bytes -= this.#sizes[slot]
    if (this.#unpacked.size > 0) this.#unpacked.delete(slot)
    this.#freeSlots.push(slot)
  }

  #linkNewest(slot: number): void {
    this.#older[slot] = this.#newest
    this.#newer[slot] = NONE
    if (this.#newest === NONE) this.#oldest = slot
    else this.#newer[this.#newest] = slot
    this.#newest = slot
  }

  #unlink(slot: number): void {
    const older = this.#older[slot]
    const newer = this.#newer[slot]
    if (older === NONE) this.#oldest = newer
    else this.#newer[older] = newer
    if (newer === NONE) this.#newest = older
    else this.#older[newer] = older
  }

  #newSlot(): number {
    const reused = this.#freeSlots.pop()
    if (reused !== undefined) return reused
    if (this.#slotCount === this.#keyHashes.length) this.#growSlots()
    return this.#slotCount++
  }

  #growSlots(): void {
    const grown = <T extends Int32Array | Float64Array>(array: T): T => {
      const larger = new (array.constructor as new (length: number) => T)(array.length * 2)
      larger.set(array)
      return larger
    }
    this.#keyHashes = grown(this.#keyHashes)
    this.#chainNext = grown(this.#chainNext)
    this.#older = grown(this.#older)
    this.#newer = grown(this.#newer)
    this.#handles = grown(this.#handles)
    this.#lengths = grown(this.#lengths)
    this.#sizes = grown(this.#sizes)
    this.#expiresMs = grown(this.#expiresMs)
  }
}
