import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'

/**
 * Keeps room in V8's old generation while the gateway's heap is small, so that full collections come seconds
 * apart rather than several a second.
 *
 * Why: V8 sets the old generation's limit at a multiple of what survived the last full collection (about 2.2-2.6
 * here), and starts marking again as soon as the room left under that limit is less than the young generation
 * can promote at once (up to 64 MB on 64-bit Node). A gateway with 35-40 MB live is always that close: on the
 * bench's policy line (HTTP_PROXY with a key, a plan, a cached authorizer and a cache miss per request) V8 ran a
 * full collection every 0.7 s, each a 2-9 ms pause plus marking steps of up to 16 ms, and the line's p99 was
 * 9-19 ms against nginx's 2-4. With the growth factor raised for small heaps, 8 full collections over the line
 * became 2-4 and the p99 4-10 ms, at the same throughput.
 *
 * The room kept is a fixed amount, not a multiple: a heap past a few tens of megabytes already has it under V8's
 * own factor, and a larger factor there would only let a large heap (a million API keys is about 400 MB) grow
 * by as much again.
 *
 * V8's flags belong to the process: handlers in worker threads (`functionIsolation: thread`) collect by the same
 * factor, worked out from the gateway's heap. Their heaps stay within their MemorySize either way; they may hold
 * garbage longer, up to it. Handlers in processes of their own, the default, are not touched.
 */
export const OLD_GENERATION_HEADROOM_BYTES = 128 * 1024 * 1024

/** The largest factor asked for: 4, the largest V8 itself uses. */
const MAX_GROWING_PERCENT = 300

/** Below this factor V8's own choice is left alone: it picks about that much itself. */
const MIN_GROWING_PERCENT = 150

/**
 * `--heap-growing-percent` for an old generation holding `liveBytes`: the percent that leaves the headroom above
 * it (at most 300), or 0, V8's own factor, once that factor already leaves it.
 */
export function heapGrowingPercent(liveBytes: number): number {
  const percent = Math.ceil((OLD_GENERATION_HEADROOM_BYTES / Math.max(liveBytes, 1)) * 100)
  return percent < MIN_GROWING_PERCENT ? 0 : Math.min(percent, MAX_GROWING_PERCENT)
}

/** How often the old generation's size is read (a few microseconds each time). */
const CHECK_INTERVAL_MS = 5_000

let started = false
let applied = -1

/**
 * Starts keeping the headroom for this process, once however many gateways it runs. V8 reads the flag each time it
 * sets a new limit, at the end of a full collection, so setting it while the process runs takes effect at the next.
 */
export function keepOldGenerationHeadroom(): void {
  if (started) return
  started = true
  adjust()
  setInterval(adjust, CHECK_INTERVAL_MS).unref()
}

function adjust(): void {
  let oldBytes = 0
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space') oldBytes += space.space_used_size
  }
  const percent = heapGrowingPercent(oldBytes)
  if (percent === applied) return
  applied = percent
  setFlagsFromString(`--heap-growing-percent=${percent}`)
}
