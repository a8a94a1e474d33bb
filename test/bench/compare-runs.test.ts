import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { compareRuns, formatComparison, readRun, writeRun, type SavedRun } from '../../bench/results-file.ts'

const run = (lines: Record<string, number>): SavedRun => ({
  date: '2026-12-04T00:00:00.000Z', node: 'v24.0.0', settings: 'test',
  lines: Object.entries(lines).map(([name, rps]) => ({ name, rps, p50: 1, p99: 2, errors: 0 })),
})

describe('npm run bench -- --compare', () => {
  it('passes a line that dropped by 5 % or less and fails one that dropped by more', () => {
    const within = compareRuns(run({ mock: 10_000 }), run({ mock: 9_500 }))
    assert.equal(within.failed, false)
    assert.equal(within.lines[0].ratio, 0.95)
    const past = compareRuns(run({ mock: 10_000, proxy: 5_000 }), run({ mock: 10_500, proxy: 4_749 }))
    assert.equal(past.failed, true)
    assert.deepEqual(past.lines.map((line) => [line.name, line.dropped]), [['mock', false], ['proxy', true]])
    assert.match(formatComparison(past, 'saved.json'), /\| proxy \| 5000 \| 4749 \| 0\.950x \| DROPPED \|[\s\S]*1 line\(s\) dropped more than 5 % against saved\.json/)
  })

  it('reports lines only one run has without failing on them', () => {
    const comparison = compareRuns(run({ gone: 100, kept: 100 }), run({ kept: 100, added: 1 }))
    assert.equal(comparison.failed, false)
    assert.deepEqual(comparison.lines.map((line) => [line.name, line.ratio]), [['kept', 1], ['added', undefined], ['gone', undefined]])
    const text = formatComparison(comparison, 'saved.json')
    assert.match(text, /\| added \| - \| 1 \| new line \|/)
    assert.match(text, /\| gone \| 100 \| - \| not measured \|/)
  })

  it('reads back what it saved and refuses a file that is not a saved run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'))
    try {
      writeRun(join(dir, 'run.json'), run({ mock: 123 }))
      assert.deepEqual(readRun(join(dir, 'run.json')), run({ mock: 123 }))
      writeRun(join(dir, 'other.json'), { nothing: true } as unknown as SavedRun)
      assert.throws(() => readRun(join(dir, 'other.json')), /not a saved bench run/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
