/**
 * Calls `process.nextTick` enough times for V8 to settle it on its fast path before a process takes its first
 * call.
 *
 * Why: Node builds each tick as an object literal whose first keys are computed (symbols). V8 keeps what it has
 * learnt about each of those keys in the function's feedback. When a full garbage collection runs while that
 * feedback is still young, the maps behind the keys die with the short-lived tick objects and come back as new
 * maps. The feedback then turns megamorphic, and it stays megamorphic for the life of the process: every tick
 * is defined through V8's runtime.
 *
 * A large control-plane call before traffic brings exactly such collections. Measured with
 * `npm run bench:instructions` on a gateway that imported a 10,000-resource API before its first request:
 * - a MOCK request cost 137k instructions instead of 102k;
 * - about 28 ticks per request each took 470 ns instead of 120 ns.
 *
 * Once nextTick has run this many times, V8 has optimised it on its settled feedback, and later collections no
 * longer move it. Costs about 10 ms, once per process: every later call answers the first one's promise.
 */
export const NEXT_TICK_WARM_UP_CALLS = 10_000

let warmed: Promise<void> | undefined

export function warmNextTick(): Promise<void> {
  warmed ??= runTicks(NEXT_TICK_WARM_UP_CALLS)
  return warmed
}

/** `calls` ticks, one after another. */
export function runTicks(calls: number): Promise<void> {
  return new Promise((resolve) => {
    let left = calls
    const tick = (): void => {
      left -= 1
      if (left <= 0) resolve()
      else process.nextTick(tick)
    }
    process.nextTick(tick)
  })
}
