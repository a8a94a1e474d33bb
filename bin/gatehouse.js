#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node, old ones included, to find a Node that can run
// Gatehouse (TypeScript run directly needs type stripping: Node 22.18 or newer) or say what to do.
import { spawn } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const MINIMUM = [22, 18]

const [major, minor] = process.versions.node.split('.').map(Number)
if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) {
  await import(entryPoint())
} else {
  const pinned = pinnedNode()
  if (pinned === undefined || realpathSync(pinned) === realpathSync(process.execPath)) {
    console.error(
      `Gatehouse needs Node.js ${MINIMUM.join('.')} or newer (24 LTS recommended); this is ${process.version}.\n` +
        `npm install brings Node 24 with Gatehouse on Linux (x64, arm64) and macOS (x64); on ${process.platform}-${process.arch} ` +
        'install Node 24 from nodejs.org or your package manager, then run gatehouse again.',
    )
    process.exit(1)
  }
  runOn(pinned)
}

/**
 * The TypeScript sources in a checkout; the build `npm pack` made (dist/) in an installed package,
 * because Node does not strip types from files under node_modules.
 */
function entryPoint() {
  const installed = realpathSync(import.meta.dirname).split(/[\\/]/).includes('node_modules')
  return installed ? '../dist/src/cli/main.js' : '../src/cli/main.ts'
}

/**
 * The Node that `npm install` brought as an optional dependency (`node-<platform>-<arch>`), found
 * from this file, so it is found from any working directory: a checkout, `npx --prefix`, a global
 * install.
 */
function pinnedNode() {
  const require = createRequire(import.meta.url)
  try {
    const manifest = require.resolve(`node-${process.platform}-${process.arch}/package.json`)
    const binary = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'node.exe' : 'node')
    return existsSync(binary) ? binary : undefined
  } catch {
    return undefined
  }
}

/** Runs this same command on `node`, passing signals on so a SIGTERM still stops Gatehouse gracefully. */
function runOn(node) {
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    }
    else process.exit(code ?? 1)
  })
}
