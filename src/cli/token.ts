import { resolve } from 'node:path'
import type { Command } from 'commander'
import { ConfigError, loadConfig } from '../config/config.ts'
import { LocalIdentityProvider, userPoolClaims, userPoolIssuer } from '../policies/authorizer/local-identity-provider.ts'

interface TokenFlags {
  sub: string
  scope?: string
  clientId?: string
  idToken?: boolean
  userPool?: string
  ttl: string
  config?: string
  dataDir?: string
}

/**
 * `gatehouse token --sub alice --scope pets/read`: an RS256 token signed with Gatehouse's own key
 * (the data directory's, made on first use), shaped like a Cognito user pool's access token — or
 * id token with `--id-token` — for a pool marked `gatehouse: true` in gatehouse.yaml. Offline
 * development of COGNITO_USER_POOLS-protected APIs without Cognito.
 */
export function registerToken(program: Command): void {
  program
    .command('token')
    .description('mint a Cognito-style JWT for user pools marked `gatehouse: true`')
    .requiredOption('--sub <subject>', 'the user (`sub` and username claims)')
    .option('--scope <scopes>', 'space-separated OAuth scopes of the access token, e.g. "pets/read pets/write"')
    .option('--client-id <id>', 'the app client: `client_id` (access token) or `aud` (id token)', 'gatehouse')
    .option('--id-token', 'mint an id token (token_use id), which methods without authorizationScopes require, instead of an access token')
    .option('--user-pool <arn>', 'the pool ARN whose issuer the token carries (default: the first `gatehouse: true` pool)')
    .option('--ttl <seconds>', 'lifetime in seconds', '3600')
    .option('-c, --config <file>', 'configuration file (GATEHOUSE_CONFIG)', process.env.GATEHOUSE_CONFIG)
    .option('--data-dir <dir>', 'where the signing key lives (GATEHOUSE_DATA_DIR, default ./.gatehouse)')
    .action((flags: TokenFlags) => {
      try {
        process.stdout.write(`${mintToken(flags)}\n`)
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error
        console.error(`gatehouse: ${error.message}`)
        process.exit(2)
      }
    })
}

function mintToken(flags: TokenFlags): string {
  const config = loadConfig({
    file: flags.config, explicitFile: flags.config !== undefined, env: process.env, flags: { dataDir: flags.dataDir }, cwd: process.cwd(),
  })
  const pool = flags.userPool
    ?? Object.entries(config.userPools).find(([, settings]) => settings.gatehouse === true)?.[0]
    ?? `arn:aws:cognito-idp:${config.region}:${config.accountId}:userpool/${config.region}_gatehouse`
  const issuer = config.userPools[pool]?.issuer ?? userPoolIssuer(pool)
  if (issuer === undefined) throw new ConfigError(`--user-pool must be a user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID), not ${pool}`)
  const ttl = Number(flags.ttl)
  if (!Number.isInteger(ttl) || ttl <= 0) throw new ConfigError(`--ttl must be a positive number of seconds, not ${flags.ttl}`)
  const provider = LocalIdentityProvider.open(resolve(config.baseDir, config.dataDir))
  return provider.sign(userPoolClaims({
    issuer,
    sub: flags.sub,
    now: Math.floor(Date.now() / 1000),
    ttlSeconds: ttl,
    tokenUse: flags.idToken === true ? 'id' : 'access',
    scope: flags.scope,
    clientId: flags.clientId,
  }))
}
