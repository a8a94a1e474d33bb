import { existsSync, readdirSync, realpathSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'

/** What a function's process may do beyond running JavaScript, as Node's permission model words it. */
export interface RuntimePermissions {
  /** The handler's file (or where it would be): its directory is the function's code. */
  readonly handlerFile: string
  /** The runtime's own modules, which the process loads before the handler. */
  readonly runtimeFiles: readonly string[]
  /** The environment's private temporary directory (Lambda's `/tmp`): read and write. */
  readonly tmpDir: string
  /** The function's compile cache (compile-cache.ts): read and write. */
  readonly compileCache?: string
  /** Never readable, even inside the code's directory: the gateway's data directory. */
  readonly privatePaths: readonly string[]
  /** More paths the function's configuration allows (absolute). */
  readonly allowRead?: readonly string[]
  readonly allowWrite?: readonly string[]
  readonly allowChildProcess?: boolean
}

/**
 * Files that configure the gateway or hold its secrets, wherever they sit next to a function's
 * code: gatehouse.yaml and dot-entries (`.env`, `.git`, `.gatehouse`, the default data directory).
 */
const PRIVATE_NAME = /^(\.|gatehouse\.ya?ml$)/

/**
 * Node's permission flags for a function's process: file reads limited to the handler's directory
 * (without the gateway's files), the node_modules its imports resolve from, the runtime and its
 * temporary directory; writes to that directory only; no child processes, workers, addons,
 * WASI or inspector unless the function's configuration allows child processes.
 * (Node.js documentation, "Permissions": `--permission`, `--allow-fs-read`, `--allow-fs-write`,
 * `--allow-child-process`.)
 */
export function permissionFlags(permissions: RuntimePermissions): string[] {
  const privatePaths = permissions.privatePaths.flatMap(withRealPath)
  const codeDirectory = dirname(permissions.handlerFile)
  const read = new Set<string>([
    ...readablePaths(codeDirectory, privatePaths),
    ...dependencyDirectories(codeDirectory),
    ...permissions.runtimeFiles,
    permissions.tmpDir,
    ...(permissions.compileCache === undefined ? [] : [permissions.compileCache]),
    ...(permissions.allowRead ?? []),
  ].flatMap(withRealPath))
  const write = new Set([
    permissions.tmpDir,
    ...(permissions.compileCache === undefined ? [] : [permissions.compileCache]),
    ...(permissions.allowWrite ?? []),
  ].flatMap(withRealPath))
  return [
    '--permission',
    ...[...read].map((path) => `--allow-fs-read=${path}`),
    ...[...write].map((path) => `--allow-fs-write=${path}`),
    ...(permissions.allowChildProcess === true ? ['--allow-child-process'] : []),
  ]
}

/**
 * A directory as a whole when nothing private is inside it; otherwise its entries one by one,
 * leaving out the private ones and descending into those that contain a private path.
 */
function readablePaths(directory: string, privatePaths: readonly string[]): string[] {
  let entries: { name: string; isDirectory(): boolean }[]
  try {
    entries = readdirSync(directory, { withFileTypes: true })
  } catch {
    return [directory]
  }
  const isPrivate = (path: string, name: string): boolean => PRIVATE_NAME.test(name) || privatePaths.includes(path)
  const containsPrivate = (path: string): boolean => privatePaths.some((p) => p.startsWith(path + sep))
  if (!entries.some((entry) => isPrivate(join(directory, entry.name), entry.name)) && !containsPrivate(directory)) return [directory]
  const paths: string[] = []
  for (const entry of entries) {
    const path = join(directory, entry.name)
    if (isPrivate(path, entry.name)) continue
    paths.push(...(entry.isDirectory() && containsPrivate(path) ? readablePaths(path, privatePaths) : [path]))
  }
  return paths
}

/** Every node_modules Node's resolution would look in from the code's directory upwards. */
function dependencyDirectories(codeDirectory: string): string[] {
  const found: string[] = []
  for (let directory = codeDirectory; ; directory = dirname(directory)) {
    const candidate = join(directory, 'node_modules')
    if (existsSync(candidate)) found.push(candidate)
    if (dirname(directory) === directory) return found
  }
}

/** Node checks the path a module resolved to, which follows symbolic links: allow both spellings. */
function withRealPath(path: string): string[] {
  try {
    const real = realpathSync(path)
    return real === path ? [path] : [path, real]
  } catch {
    return [path]
  }
}
