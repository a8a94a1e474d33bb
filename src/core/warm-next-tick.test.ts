import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'

/**
 * The state V8 leaves nextTick's computed-key definitions in (its feedback, printed by %DebugPrint) after `script`
 * (given `runTicks`, `warmNextTick` and `NEXT_TICK_WARM_UP_CALLS`) and 100,000 ticks more. Each case runs in a
 * process of its own: the state lasts for the life of a process.
 */
function tickFeedbackAfter(script: string): string[] {
  const module = pathToFileURL(new URL('./warm-next-tick.ts', import.meta.url).pathname).href
  const program = `
    const { runTicks, warmNextTick, NEXT_TICK_WARM_UP_CALLS } = await import(${JSON.stringify(module)});
    ${script}
    await runTicks(100_000);
    %DebugPrint(process.nextTick);
  `
  const printed = execFileSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--input-type=module', '-e', program], { encoding: 'utf8' })
  return [...printed.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((match) => match[1])
}

/** Full collections while the process is young, as a large control-plane call brings them. */
const tickFeedbackAfterEarlyCollections = (warmFirst: boolean): string[] => tickFeedbackAfter(`
  if (${warmFirst}) await warmNextTick();
  for (let round = 0; round < 2; round++) { await runTicks(10); globalThis.gc(); }
`)

/**
 * A warm process that then idles: full collections with no tick object alive, as V8's memory reducer runs them
 * some seconds into an idle spell. `keep`: warmNextTick as the gateway calls it; otherwise the warm-up ticks alone.
 */
const tickFeedbackAfterIdleCollections = (keep: boolean): string[] => tickFeedbackAfter(`
  if (${keep}) await warmNextTick(); else await runTicks(NEXT_TICK_WARM_UP_CALLS);
  await runTicks(200_000);
  for (let round = 0; round < 3; round++) { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 10)); }
`)

const assertFastPath = (states: string[]): void => {
  assert.ok(states.length >= 3, `expected nextTick's computed keys in the feedback, got ${states.join(', ')}`)
  assert.deepEqual(states.filter((state) => state !== 'MONOMORPHIC'), [])
}

describe('warmNextTick', () => {
  it('keeps nextTick on its fast path through early full collections, which otherwise leave it megamorphic', () => {
    // Without the warm-up the feedback ends megamorphic: the failure the warm-up exists for. Should a Node
    // release stop doing this, the first assertion fails and says the warm-up can go.
    const cold = tickFeedbackAfterEarlyCollections(false)
    assert.ok(cold.includes('MEGAMORPHIC'), `expected this Node to leave nextTick megamorphic, got ${cold.join(', ')}`)
    assertFastPath(tickFeedbackAfterEarlyCollections(true))
  })

  it('keeps nextTick on its fast path through the collections of an idle spell, by keeping one tick object alive', () => {
    // Warm-up ticks alone do not survive an idle spell's collections: the tick maps die with the last tick objects.
    const unkept = tickFeedbackAfterIdleCollections(false)
    assert.ok(unkept.includes('MEGAMORPHIC'), `expected this Node to leave nextTick megamorphic after idling, got ${unkept.join(', ')}`)
    assertFastPath(tickFeedbackAfterIdleCollections(true))
  })
})
