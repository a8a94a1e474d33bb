import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, it } from 'node:test'

const SRC = resolve(import.meta.dirname, '../../src')

/**
 * The layers of docs/architecture.md, "Import direction", lowest first. A file may import from its
 * own layer or a lower one, never from a higher one — types included, since a type import still
 * ties the lower layer to the higher one's shape.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['model'],
  ['store', 'state', 'vtl', 'mapping'],
  ['auth', 'policies', 'integrations', 'functions', 'observability'],
  ['apis'],
  ['catalog', 'control-plane', 'data-plane'],
  ['config', 'cli', 'main.ts'],
]

const layerOf = (file: string): number => {
  const top = relative(SRC, file).split('/')[0]
  const layer = LAYERS.findIndex((folders) => folders.includes(top))
  assert.notEqual(layer, -1, `src/${top} is in no layer of docs/architecture.md`)
  return layer
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

describe('imports point one way (docs/architecture.md, "Import direction")', () => {
  it('no file in src/ imports from a layer above its own', () => {
    const wrong: string[] = []
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(IMPORT)) {
        const target = resolve(dirname(file), match[1] ?? match[2])
        // The example API `gatehouse serve --example` deploys ships beside src/; only the CLI may start it.
        const example = relative(resolve(SRC, '../example'), target)
        if (!example.startsWith('..') && relative(SRC, file).startsWith('cli/')) continue
        if (relative(SRC, target).startsWith('..')) wrong.push(`${relative(SRC, file)} -> ${relative(SRC, target)} (outside src)`)
        else if (layerOf(target) > layerOf(file)) wrong.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`)
      }
    }
    assert.deepEqual(wrong, [], `imports against the layers:\n${wrong.join('\n')}`)
  })

  it('the checker sees an upward import when there is one', () => {
    // The rule itself, on a made-up pair: a model file naming the data plane is refused.
    assert.ok(layerOf(join(SRC, 'data-plane/server.ts')) > layerOf(join(SRC, 'model/stage.ts')))
  })
})
