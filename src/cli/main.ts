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
  .version('0.1.0')
  .showHelpAfterError()

registerServe(program)
registerImport(program)
registerExport(program)
registerDeploy(program)
registerCanary(program)
registerUp(program)
registerToken(program)

await program.parseAsync(process.argv)
