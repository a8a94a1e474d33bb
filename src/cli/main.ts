import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Command } from 'commander'
import { registerCanary } from './canary.ts'
import { registerDeploy } from './deploy.ts'
import { registerExport } from './export.ts'
import { registerImport } from './import.ts'
import { registerServe } from './serve.ts'
import { registerUp } from './up.ts'
import { registerToken } from './token.ts'

const program = new Command()
  .name('gatehouse')
  .description('Amazon API Gateway that runs anywhere')
  .version(packageVersion())
  .showHelpAfterError()

registerServe(program)
registerImport(program)
registerExport(program)
registerDeploy(program)
registerCanary(program)
registerUp(program)
registerToken(program)

await program.parseAsync(process.argv)

/**
 * The version `npm install` installed, read from the package's own manifest so it never drifts: the
 * nearest package.json above this file (src/cli in a checkout, dist/src/cli in an installed package).
 */
function packageVersion(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
    if (dirname(dir) === dir) return 'unknown'
  }
}
