import type { Command } from 'commander'
import { runCanaryRelease } from './canary-release.ts'
import { DEFAULT_ENDPOINT_URL, failWith, ManagementCallError } from './management-client.ts'

interface CanaryFlags {
  endpointUrl: string
  stage: string
  percent: string
  description?: string
  override: string[]
  max5xxPercent: string
  maxP99Ms?: string
  minRequests: string
  duration: string
  interval: string
}

const number = (flag: string, text: string): number => {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new ManagementCallError(`${flag} must be a number ≥ 0, not ${text}`)
  return value
}

/**
 * `gatehouse canary API --stage S --percent N`: deploys the API as a canary on the stage, watches
 * its 5XX rate and p99 latency, and promotes it after --duration seconds or rolls it back as soon as
 * a threshold is crossed. Exit status: 0 promoted, 2 rolled back, 1 the release could not run.
 */
export function registerCanary(program: Command): void {
  program
    .command('canary')
    .description('release a REST API as a canary on a stage, then promote or roll back automatically')
    .argument('<api>', 'the REST API id, or its name')
    .requiredOption('--stage <name>', 'an existing stage')
    .requiredOption('--percent <n>', 'share of the stage\'s requests the canary gets (0-100)')
    .option('--description <text>', 'the canary deployment\'s description')
    .option('--override <name=value>', 'a stage variable override for canary requests (repeatable)', (item: string, all: string[]) => [...all, item], [])
    .option('--max-5xx-percent <n>', 'roll back above this 5XX rate on the canary, in percent', '5')
    .option('--max-p99-ms <ms>', 'roll back above this p99 latency on the canary')
    .option('--min-requests <n>', 'canary answers needed for a verdict', '20')
    .option('--duration <seconds>', 'how long the canary must stay healthy before it is promoted', '300')
    .option('--interval <seconds>', 'seconds between two looks at the canary\'s metrics', '5')
    .option('--endpoint-url <url>', 'the gateway\'s management API', DEFAULT_ENDPOINT_URL)
    .action(async (api: string, flags: CanaryFlags) => {
      try {
        const stageVariableOverrides: Record<string, string> = {}
        for (const item of flags.override) {
          const at = item.indexOf('=')
          if (at <= 0) throw new ManagementCallError(`--override wants NAME=VALUE, not ${item}`)
          stageVariableOverrides[item.slice(0, at)] = item.slice(at + 1)
        }
        const result = await runCanaryRelease({
          endpointUrl: flags.endpointUrl,
          api,
          stage: flags.stage,
          percent: number('--percent', flags.percent),
          description: flags.description,
          stageVariableOverrides: Object.keys(stageVariableOverrides).length > 0 ? stageVariableOverrides : undefined,
          max5xxPercent: number('--max-5xx-percent', flags.max5xxPercent),
          maxP99Ms: flags.maxP99Ms === undefined ? undefined : number('--max-p99-ms', flags.maxP99Ms),
          minRequests: number('--min-requests', flags.minRequests),
          durationSeconds: number('--duration', flags.duration),
          intervalSeconds: number('--interval', flags.interval),
        })
        if (result.outcome === 'rolled-back') process.exitCode = 2
      } catch (error) {
        failWith(error)
      }
    })
}
