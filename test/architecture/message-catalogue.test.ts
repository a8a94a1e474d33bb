import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { REST_MESSAGE_PARTS, REST_MESSAGES } from '../../src/apis/rest/control-plane/messages.ts'

const SRC = resolve(import.meta.dirname, '../../src')
/** The folders whose operations answer with AWS's texts: the management operations and the importers. */
const SCANNED = ['apis/rest/control-plane', 'apis/rest/openapi'].map((folder) => join(SRC, folder))
const CATALOGUE = join(SRC, 'apis/rest/control-plane/messages')

/**
 * A ManagementError whose message is written where it is thrown: `badRequest('...')`,
 * `notFound(`...`)`, `conflict("...")`, `new ManagementError('Code', '...')` or
 * `validationError(['...'])`, the literal possibly on the next line. Only the message is looked
 * at: a `detail` after it (`new ManagementError(code, REST_MESSAGES.x, undefined, 'why')`) is
 * Gatehouse's own explanation and may be written in place.
 */
const INLINE_MESSAGE = /\b(?:badRequest|notFound|conflict|validationError\(\[|new ManagementError\(\s*'[A-Za-z]+',)\(?\s*['"`]/g

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name)
    if (entry.isDirectory()) return path === CATALOGUE ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'messages.ts' ? [path] : []
  })
}

describe('AWS message texts live in src/apis/rest/control-plane/messages.ts', () => {
  it('no operation or importer file throws a ManagementError with an inline string or template literal', () => {
    const files = SCANNED.flatMap(sourceFiles)
    assert.ok(files.length > 50, `scanned ${files.length} files`)
    const inline = files.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(INLINE_MESSAGE)].map((match) => `${relative(SRC, path)}: ${match[0]}`))
    assert.deepEqual(inline, [], 'write the text in messages/, with its source, and use it from REST_MESSAGES')
  })

  it('the catalogue files name each text once, so that none hides another in REST_MESSAGES', () => {
    const keys = Object.values(REST_MESSAGE_PARTS).flatMap((part) => Object.keys(part))
    assert.equal(keys.length, Object.keys(REST_MESSAGES).length, `keys in two files: ${keys.filter((key, i) => keys.indexOf(key) !== i)}`)
  })

  it('every entry of the catalogue says where its text comes from', () => {
    for (const name of readdirSync(CATALOGUE)) {
      const lines = readFileSync(join(CATALOGUE, name), 'utf8').split('\n')
      lines.forEach((line, index) => {
        if (!/^ {2}\w+: /.test(line)) return
        assert.match(lines[index - 1] ?? '', /^ {2}\/\/ /, `${name}:${index + 1} ${line.trim().split(':')[0]} has no source comment above it`)
      })
    }
  })

  it('sees an inline message when there is one, and only then', () => {
    const samples = ["throw badRequest('x')", 'throw notFound(`Invalid ${id}`)', "conflict(\n  'taken')", "new ManagementError('ConflictException', 'x')", "validationError([`Value ${v}`])"]
    for (const sample of samples) assert.match(sample, new RegExp(INLINE_MESSAGE.source), sample)
    const allowed = [
      'throw badRequest(REST_MESSAGES.noMethods)',
      "new ManagementError('BadRequestException', REST_MESSAGES.invalidOpenApiInput, undefined, `line ${line}`)",
      'validationError([nullConstraint(field)])',
    ]
    for (const sample of allowed) assert.doesNotMatch(sample, new RegExp(INLINE_MESSAGE.source), sample)
  })
})
