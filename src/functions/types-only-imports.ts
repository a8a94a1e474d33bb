import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { registerHooks } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * Packages that only ever hold TypeScript declarations. `sam init`'s TypeScript templates import
 * `aws-lambda` (the types of `@types/aws-lambda`) without `import type`; on Lambda the code is
 * compiled first (esbuild elides imports used only as types), so nothing is imported at run time.
 */
const TYPES_ONLY_PACKAGES = new Set(['aws-lambda'])

const SCHEME = 'gatehouse-types-only:'
const TYPESCRIPT = /\.(ts|mts|cts)$/

/**
 * Lets TypeScript handlers import a package that has declarations but no code, as the compilers
 * Lambda users deploy with do. Node's type stripping keeps `import { X } from 'pkg'` (it cannot
 * know that X is a type), so the runtime would fail to load the handler. When such a package is
 * missing for a TypeScript module and it is known to be types-only (or its `@types/` package is
 * installed beside the code), it resolves to a module that exports the imported names as
 * `undefined`. Anything else still fails as Lambda reports it (Runtime.ImportModuleError).
 */
export function registerTypesOnlyImports(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context)
      } catch (error) {
        const parent = context.parentURL
        if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND' || parent === undefined || !parent.startsWith('file:')) throw error
        const parentFile = fileURLToPath(parent)
        const name = packageName(specifier)
        if (!TYPESCRIPT.test(parentFile) || name === undefined || !isTypesOnly(name, dirname(parentFile))) throw error
        const names = importedNames(readFileSync(parentFile, 'utf8'), specifier)
        return { url: `${SCHEME}${specifier}?${[...names].join(',')}`, format: 'module', shortCircuit: true }
      }
    },
    load(url, context, nextLoad) {
      if (!url.startsWith(SCHEME)) return nextLoad(url, context)
      const names = url.slice(url.indexOf('?') + 1).split(',').filter((name) => name !== '')
      const source = names.map((name) => (name === 'default' ? 'export default undefined;' : `export const ${name} = undefined;`)).join('\n')
      return { format: 'module', source, shortCircuit: true }
    },
  })
}

/** `pkg`, `pkg/sub`, `@scope/pkg/sub` -> the package's name; relative and absolute specifiers -> undefined. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function isTypesOnly(name: string, fromDirectory: string): boolean {
  if (TYPES_ONLY_PACKAGES.has(name)) return true
  // DefinitelyTyped's naming: @scope/pkg is typed by @types/scope__pkg.
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`
  for (let directory = fromDirectory; ; directory = dirname(directory)) {
    if (readable(join(directory, 'node_modules', typesName, 'package.json'))) return true
    if (dirname(directory) === directory) return false
  }
}

/** Under Node's permission model a path outside what the function may read throws; for it, it is not there. */
function readable(path: string): boolean {
  try {
    return existsSync(path)
  } catch {
    return false
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/**
 * The names a module imports or re-exports from `specifier`: what the empty module must export
 * for ESM linking to succeed. Comments and strings that merely look like imports only add names.
 */
export function importedNames(source: string, specifier: string): Set<string> {
  const names = new Set<string>()
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const statement = new RegExp(`\\b(import|export)\\s+(type\\s+)?([^;'"]*?)\\s*from\\s*(['"])${quoted}\\4`, 'g')
  for (const match of source.matchAll(statement)) {
    if (match[2] !== undefined) continue // `import type` is erased whole
    const clause = match[3].trim()
    const braces = /\{([^}]*)\}/.exec(clause)
    const head = clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim()
    if (match[1] === 'import' && IDENTIFIER.test(head.split(/\s+/)[0])) names.add('default')
    for (const item of braces?.[1].split(',') ?? []) {
      const name = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0].trim()
      if (IDENTIFIER.test(name)) names.add(name)
    }
  }
  return names
}
