import type { Command } from 'commander'
import { resolveApiId } from './export.ts'
import { callGatewayJson, DEFAULT_ENDPOINT_URL, failWith } from './management-client.ts'

interface DeployFlags {
  endpointUrl: string
  stage: string
  description?: string
}

/** The stage's invoke URL on a gateway whose management API is at `endpoint` (the host-free path form). */
export const invokeUrl = (endpoint: string, restApiId: string, stage: string): string =>
  `${endpoint.replace(/\/+$/, '')}/_aws/execute-api/${restApiId}/${stage}`

/**
 * `gatehouse deploy API --stage S [--description D]`: CreateDeployment with `stageName`, which points
 * the stage at the new deployment (creating the stage if it does not exist) in one atomic swap.
 */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description('deploy a REST API to a stage')
    .argument('<api>', 'the REST API id, or its name')
    .requiredOption('--stage <name>', 'the stage to point at the new deployment (created when missing)')
    .option('--description <text>', 'the deployment\'s description')
    .option('--endpoint-url <url>', 'the gateway\'s management API', DEFAULT_ENDPOINT_URL)
    .action(async (api: string, flags: DeployFlags) => {
      try {
        const restApiId = await resolveApiId(flags.endpointUrl, api)
        const deployment = await callGatewayJson<{ id: string }>(flags.endpointUrl, `/restapis/${encodeURIComponent(restApiId)}/deployments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ stageName: flags.stage, description: flags.description }),
        })
        console.log(`Deployed ${api} (${restApiId}) to stage ${flags.stage}: deployment ${deployment.id}`)
        console.log(`Invoke URL: ${invokeUrl(flags.endpointUrl, restApiId, flags.stage)}`)
      } catch (error) {
        failWith(error)
      }
    })
}
