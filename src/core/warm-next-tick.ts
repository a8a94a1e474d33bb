import { createHook } from 'node:async_hooks'

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
 * Once nextTick has run this many times, V8 has optimised it on its settled feedback. The same happens later to a
 * gateway that idles: V8's memory reducer runs full collections some seconds into an idle spell, when no tick object
 * is alive, and the maps die with them. After 20 s without requests a MOCK request cost 32-35 µs instead of 20-21
 * for the next 50,000 requests, and about 25 % more for long after. So one tick object is kept for the life of the
 * process (`keepOneTickObject`): its map, and the maps it was built through, then never die.
 * Costs about 10 ms, once per process: every later call answers the first one's promise.
 */
export const NEXT_TICK_WARM_UP_CALLS = 10_000

let warmed: Promise<void> | undefined

export function warmNextTick(): Promise<void> {
  warmed ??= runTicks(NEXT_TICK_WARM_UP_CALLS).then(keepOneTickObject)
  return warmed
}

/** The tick object kept alive, never read: holding it is its whole purpose (see warmNextTick). */
let keptTickObject: object | undefined

/**
 * Takes one of nextTick's tick objects as Node hands it to an async hook's `init`, the only way to reach it, and
 * keeps it. The hook is on for that one call only: an enabled hook costs every later tick and promise.
 */
function keepOneTickObject(): void {
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject') keptTickObject ??= resource
    },
  })
  hook.enable()
  process.nextTick(() => {})
  hook.disable()
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
