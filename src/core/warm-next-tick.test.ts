import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'

/**
 * The state V8 leaves nextTick's computed-key definitions in (its feedback, printed by %DebugPrint) after
 * full collections that run while the process is young, as a large control-plane call brings them. Each
 * case runs in a process of its own: the state lasts for the life of a process.
 */
function tickFeedbackAfterEarlyCollections(warmFirst: boolean): string[] {
  const module = pathToFileURL(new URL('./warm-next-tick.ts', import.meta.url).pathname).href
  const script = `
    const { runTicks, warmNextTick } = await import(${JSON.stringify(module)});
    if (${warmFirst}) await warmNextTick();
    for (let round = 0; round < 2; round++) { await runTicks(10); globalThis.gc(); }
    await runTicks(100_000);
    %DebugPrint(process.nextTick);
  `
  const printed = execFileSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' })
  return [...printed.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((match) => match[1])
}

describe('warmNextTick', () => {
  it('keeps nextTick on its fast path through early full collections, which otherwise leave it megamorphic', () => {
    // Without the warm-up the feedback ends megamorphic: the failure the warm-up exists for. Should a Node
    // release stop doing this, the first assertion fails and says the warm-up can go.
    const cold = tickFeedbackAfterEarlyCollections(false)
    assert.ok(cold.includes('MEGAMORPHIC'), `expected this Node to leave nextTick megamorphic, got ${cold.join(', ')}`)
    const warmed = tickFeedbackAfterEarlyCollections(true)
    assert.ok(warmed.length >= 3, `expected nextTick's computed keys in the feedback, got ${warmed.join(', ')}`)
    assert.deepEqual(warmed.filter((state) => state !== 'MONOMORPHIC'), [])
  })
})
