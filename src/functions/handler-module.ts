import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { lambdaError, type LambdaErrorPayload } from './lambda-error.ts'

/** Lambda's Node runtime tries these after the module name; TypeScript is ours (run by Node's type stripping). */
const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']

export interface HandlerName {
  /** The module path as written, relative to the task root, without extension. */
  readonly module: string
  /** The export, possibly nested (`index.handlers.main` -> `handlers.main`). */
  readonly exportPath: readonly string[]
}

/**
 * Splits a handler string as Lambda's Node runtime does: the module is everything up to the first
 * dot of the last path segment, the rest is the (possibly nested) export.
 */
export function parseHandlerName(handler: string): HandlerName | undefined {
  const slash = handler.lastIndexOf('/')
  const dot = handler.indexOf('.', slash + 1)
  if (dot <= slash + 1 || dot === handler.length - 1) return undefined
  return { module: handler.slice(0, dot), exportPath: handler.slice(dot + 1).split('.') }
}

/** The file a handler's module names, or undefined when there is none. */
export function resolveHandlerFile(taskRoot: string, module: string): string | undefined {
  const base = resolve(taskRoot, module)
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    if (isFile(candidate)) return candidate
  }
  return undefined
}

/** Under Node's permission model a path the function may not read throws; for it, it is not there. */
function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile()
  } catch {
    return false
  }
}

export type LoadedHandler =
  | { readonly ok: true; readonly handler: (...args: unknown[]) => unknown }
  | { readonly ok: false; readonly error: LambdaErrorPayload }

/**
 * Imports the handler's module and finds the export, reporting failures with the error types
 * Lambda's runtime uses (`Runtime.ImportModuleError`, `Runtime.HandlerNotFound`, ...).
 * ESM, CommonJS (`module.exports`) and TypeScript modules load the same way.
 */
export async function loadHandler(taskRoot: string, handler: string): Promise<LoadedHandler> {
  const name = parseHandlerName(handler)
  if (name === undefined) {
    return { ok: false, error: { errorType: 'Runtime.MalformedHandlerName', errorMessage: 'Bad handler', trace: [] } }
  }
  const file = resolveHandlerFile(taskRoot, name.module)
  if (file === undefined) {
    const error = new Error(`Cannot find module '${name.module}'`)
    return { ok: false, error: lambdaError({ name: 'Runtime.ImportModuleError', message: `Error: ${error.message}`, stack: error.stack }, 'Runtime.ImportModuleError') }
  }
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, error: { ...lambdaError(error, 'Runtime.UserCodeSyntaxError'), errorMessage: `${error.name}: ${error.message}` } }
    // Lambda's runtime reports a module it cannot find, the handler's own or one it imports, as
    // Runtime.ImportModuleError with the module's name in the message ("Troubleshoot invocation
    // issues in Lambda", Lambda developer guide).
    const code = (error as { code?: unknown } | null)?.code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return { ok: false, error: { ...lambdaError(error, 'Runtime.ImportModuleError'), errorMessage: `Error: ${(error as Error).message}` } }
    }
    return { ok: false, error: lambdaError(error) }
  }
  let found: unknown = module[name.exportPath[0]] ?? (module.default as Record<string, unknown> | undefined)?.[name.exportPath[0]]
  for (const key of name.exportPath.slice(1)) found = (found as Record<string, unknown> | undefined)?.[key]
  if (typeof found !== 'function') {
    return { ok: false, error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${handler} is undefined or not exported`, trace: [] } }
  }
  return { ok: true, handler: found as (...args: unknown[]) => unknown }
}
