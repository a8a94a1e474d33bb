import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

const port = z.coerce.number().int().min(0).max(65535)

const localFunctionSchema = z
  .object({
    handler: z.string().min(3).regex(/\.[A-Za-z_$][\w$]*$/, 'must be file.export, e.g. functions/pets.handler'),
    timeout: z.number().positive().max(900).optional(),
    memorySize: z.number().int().min(128).max(10240).optional(),
    environment: z.record(z.string(), z.string()).optional(),
    reservedConcurrency: z.number().int().min(0).max(1000).optional(),
    /** With process isolation: more paths (relative to gatehouse.yaml) the function may read or write, and child processes. */
    allowRead: z.array(z.string().min(1)).optional(),
    allowWrite: z.array(z.string().min(1)).optional(),
    allowChildProcess: z.boolean().optional(),
  })
  .strict()

/** A function that runs elsewhere, behind the Lambda Invoke API (AWS Lambda, another Gatehouse, LocalStack). */
const remoteFunctionSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of a Lambda Invoke API endpoint' }),
    functionName: z.string().min(1).max(170).optional(),
    qualifier: z.string().min(1).max(128).optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like us-east-1').optional(),
    timeout: z.number().positive().max(900).optional(),
  })
  .strict()

const functionSchema = z.union([localFunctionSchema, remoteFunctionSchema], {
  error: 'must have either handler (a local Node handler) or endpoint (a remote Invoke API)',
})

const accessKeyId = z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be 16-128 uppercase letters or digits, like AKIAIOSFODNN7EXAMPLE')
const accountId = z.string().regex(/^\d{12}$/, 'must be 12 digits')
const policyDocument = z.record(z.string(), z.unknown(), { error: 'must be an IAM policy document (an object with Statement)' })

/** A caller of AWS_IAM methods: its SigV4 credential, who it is, and its IAM identity policies. */
const principalSchema = z
  .object({
    accessKeyId,
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
    expiration: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z' }).optional(),
    accountId: accountId.optional(),
    arn: z.string().regex(/^arn:aws:(iam|sts)::\d{12}:\S+$/, 'must be an IAM or STS ARN').optional(),
    userId: z.string().min(1).optional(),
    policies: z.array(policyDocument).default([]),
  })
  .strict()

/** A key that may call the management API (SigV4, services apigateway and lambda). */
const adminKeySchema = z.object({ accessKeyId, secretAccessKey: z.string().min(1) }).strict()

/**
 * Where a user pool's signing keys are: its JWKS file or URL, else `{issuer}/.well-known/jwks.json` (the
 * issuer defaulting to the real Cognito one for the ARN), or Gatehouse's own key with `gatehouse: true`.
 */
const userPoolSchema = z
  .object({
    issuer: z.url({ protocol: /^https?$/ }).optional(),
    jwksUri: z.url({ protocol: /^https?$/ }).optional(),
    jwksFile: z.string().min(1).optional(),
    gatehouse: z.boolean().optional(),
    clientIds: z.array(z.string().min(1)).optional(),
  })
  .strict()

/** gatehouse.yaml. Every scalar option is also a flag and a GATEHOUSE_* environment variable. */
export const configSchema = z
  .object({
    port: port.default(4567),
    host: z.string().min(1).default('127.0.0.1'),
    adminPort: port.optional(),
    /** The data plane over TLS, for the execute-api host names (a free port when not given). */
    tlsPort: port.optional(),
    dataDir: z.string().min(1).default('./.gatehouse'),
    inMemory: z.boolean().default(false),
    /**
     * The shared store on PostgreSQL, for several gateways on one database:
     * `postgres://[user:password@]host[:port]/database`. The SQLite file in dataDir when not set.
     */
    databaseUrl: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// (or postgresql://) URL, e.g. postgres://gatehouse@127.0.0.1:5432/gatehouse' }).optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like us-east-1').default('us-east-1'),
    accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits').default('000000000000'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** REST API name -> pinned id, so URLs stay stable across restarts and re-creation. */
    apiIds: z.record(z.string(), z.string().regex(/^[a-z0-9]{10}$/, 'must be 10 lowercase letters or digits')).default({}),
    /**
     * Where private integrations (`connectionType: VPC_LINK`) go: a VPC link's id, name or one of its
     * `targetArns` → the http(s) URL its load balancer is reached at here.
     */
    vpcLinks: z.record(z.string().min(1), z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. http://127.0.0.1:8080' })).default({}),
    /** Lambda functions that AWS_PROXY/AWS integrations may call, by function name. */
    functions: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid Lambda function name'), functionSchema).default({}),
    /** Execution environments of one local function that may run at once; more invocations wait (only a function's reservedConcurrency throttles). */
    functionConcurrency: z.coerce.number().int().min(1).max(1000).default(10),
    /** Seconds a warm execution environment may stay idle before it is retired. */
    functionIdleTimeout: z.coerce.number().positive().max(86400).default(300),
    /**
     * Where local handlers run: `process` (a child process per execution environment, a clean
     * environment and Node's permission model) or `thread` (worker threads of the gateway's own
     * process: faster cold starts, for trusted code only).
     */
    functionIsolation: z.enum(['process', 'thread'], { error: 'must be process or thread' }).default('process'),
    /**
     * Gateway processes sharing the listening port (node:cluster): a number, or `auto` for one per
     * core. With more than one, state must be in Redis and the store on disk or in PostgreSQL.
     */
    workers: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(256)], { error: 'must be a whole number from 1 to 256, or auto' }).default(1),
    /** Reload a function's code when its files change (on with `npm start`). */
    watch: z.boolean().default(false),
    /** Callers of AWS_IAM methods, by IAM user name. */
    principals: z.record(z.string().regex(/^[\w+=,.@-]{1,64}$/, 'is not a valid IAM user name'), principalSchema).default({}),
    /**
     * Keys allowed to call the management API. Also GATEHOUSE_ADMIN_ACCESS_KEY_ID and
     * GATEHOUSE_ADMIN_SECRET_ACCESS_KEY. Without any, only a loopback listener is allowed.
     */
    adminKeys: z.array(adminKeySchema).default([]),
    /**
     * Shared state (usage-plan buckets and quotas, authorizer results) in Redis, so several gateways
     * enforce one limit: `redis://[user:password@]host:port[/db]`. Memory, per process, when not set.
     */
    redis: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// (or rediss://) URL, e.g. redis://127.0.0.1:6379' }).optional(),
    /** While Redis cannot be reached: fail-open (local buckets and quotas, the default) or fail-closed (500). */
    redisFailure: z.enum(['fail-open', 'fail-closed']).default('fail-open'),
    /** Prepended to every Redis key, so several Gatehouse installations can share one Redis. */
    redisKeyPrefix: z.string().min(1).max(200).default('gatehouse:'),
    /**
     * WebSocket connections' limits (AWS's quotas by default: 10 minutes idle, 2 hours in all, 500
     * new connections a second); shorten them to try what a client does when they run out.
     */
    websocket: z.object({
      idleTimeoutSeconds: z.number().positive().max(86_400).default(600),
      maxConnectionSeconds: z.number().positive().max(7 * 86_400).default(7_200),
      newConnectionsPerSecond: z.number().int().min(1).max(1_000_000).default(500),
    }).strict().default({ idleTimeoutSeconds: 600, maxConnectionSeconds: 7_200, newConnectionsPerSecond: 500 }),
    /** Proxies (CIDRs) whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default. */
    trustedProxies: z.array(z.string().min(1)).default([]),
    /**
     * Cognito user pools that COGNITO_USER_POOLS authorizers name in `providerARNs`, by pool ARN: where
     * their signing keys are (issuer URL, JWKS URL or file), or `gatehouse: true` for `gatehouse token`.
     */
    userPools: z.record(
      z.string().regex(/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/, 'must be a user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID)'),
      userPoolSchema,
    ).default({}),
  })
  .strict()

export type GatehouseConfig = z.infer<typeof configSchema> & { readonly baseDir: string }

/** Options given as flags (highest precedence) — same names as the file's keys. */
export type ConfigOverrides = Partial<
  Record<
    'port' | 'host' | 'adminPort' | 'tlsPort' | 'dataDir' | 'databaseUrl' | 'region' | 'accountId' | 'logLevel' | 'functionConcurrency' | 'functionIdleTimeout' | 'functionIsolation' | 'redis' | 'redisFailure' | 'redisKeyPrefix' | 'workers',
    string
  >
> & {
  inMemory?: boolean
  watch?: boolean
}

const ENV: Readonly<Record<keyof ConfigOverrides, string>> = {
  port: 'GATEHOUSE_PORT',
  host: 'GATEHOUSE_HOST',
  adminPort: 'GATEHOUSE_ADMIN_PORT',
  tlsPort: 'GATEHOUSE_TLS_PORT',
  dataDir: 'GATEHOUSE_DATA_DIR',
  databaseUrl: 'GATEHOUSE_DATABASE_URL',
  inMemory: 'GATEHOUSE_IN_MEMORY',
  region: 'GATEHOUSE_REGION',
  accountId: 'GATEHOUSE_ACCOUNT_ID',
  logLevel: 'GATEHOUSE_LOG_LEVEL',
  functionConcurrency: 'GATEHOUSE_FUNCTION_CONCURRENCY',
  functionIdleTimeout: 'GATEHOUSE_FUNCTION_IDLE_TIMEOUT',
  functionIsolation: 'GATEHOUSE_FUNCTION_ISOLATION',
  watch: 'GATEHOUSE_WATCH',
  redis: 'GATEHOUSE_REDIS',
  redisFailure: 'GATEHOUSE_REDIS_FAILURE',
  redisKeyPrefix: 'GATEHOUSE_REDIS_KEY_PREFIX',
  workers: 'GATEHOUSE_WORKERS',
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * Loads the configuration: defaults < gatehouse.yaml < GATEHOUSE_* variables < flags.
 * A missing file is fine unless it was asked for by name; any invalid value is a ConfigError
 * that names the key and the fix.
 */
export function loadConfig(options: {
  file?: string
  explicitFile: boolean
  env: NodeJS.ProcessEnv
  flags: ConfigOverrides
  cwd: string
}): GatehouseConfig {
  const path = resolve(options.cwd, options.file ?? 'gatehouse.yaml')
  let fromFile: Record<string, unknown> = {}
  let text: string | undefined
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.explicitFile) {
      throw new ConfigError(`cannot read the config file ${options.file}: ${(error as Error).message}`)
    }
  }
  if (text !== undefined) {
    try {
      fromFile = (parseYaml(text) as Record<string, unknown> | null) ?? {}
    } catch (error) {
      throw new ConfigError(`${options.file ?? 'gatehouse.yaml'} is not valid YAML: ${(error as Error).message}`)
    }
    if (typeof fromFile !== 'object' || Array.isArray(fromFile)) throw new ConfigError(`${options.file ?? 'gatehouse.yaml'} must be a YAML mapping`)
  }
  const merged: Record<string, unknown> = { ...fromFile }
  for (const [key, variable] of Object.entries(ENV) as [keyof ConfigOverrides, string][]) {
    const value = options.env[variable]
    if (value !== undefined && value !== '') merged[key] = key === 'inMemory' || key === 'watch' ? /^(1|true|yes)$/i.test(value) : value
  }
  for (const [key, value] of Object.entries(options.flags)) if (value !== undefined) merged[key] = value
  // An admin key from the environment joins the file's (both variables are needed).
  const adminKeyId = options.env.GATEHOUSE_ADMIN_ACCESS_KEY_ID
  const adminSecret = options.env.GATEHOUSE_ADMIN_SECRET_ACCESS_KEY
  if ((adminKeyId ?? '') !== '' || (adminSecret ?? '') !== '') {
    if ((adminKeyId ?? '') === '' || (adminSecret ?? '') === '') {
      throw new ConfigError('GATEHOUSE_ADMIN_ACCESS_KEY_ID and GATEHOUSE_ADMIN_SECRET_ACCESS_KEY must be set together')
    }
    merged.adminKeys = [...((merged.adminKeys as unknown[] | undefined) ?? []), { accessKeyId: adminKeyId, secretAccessKey: adminSecret }]
  }
  const parsed = configSchema.safeParse(merged)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.')
      const flag = typeof issue.path[0] === 'string' && issue.path.length === 1 ? ` (--${kebab(issue.path[0])} or ${ENV[issue.path[0] as keyof ConfigOverrides] ?? 'gatehouse.yaml'})` : ''
      return `${key || 'config'}: ${issue.message}${flag}`
    })
    throw new ConfigError(`invalid configuration:\n  ${issues.join('\n  ')}`)
  }
  if (parsed.data.inMemory && parsed.data.databaseUrl !== undefined) {
    throw new ConfigError('invalid configuration:\n  inMemory and databaseUrl cannot both be set: the store is either in memory or in PostgreSQL (drop --in-memory or --database-url)')
  }
  checkWorkers(parsed.data)
  return { ...parsed.data, baseDir: text === undefined ? options.cwd : dirname(path) }
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/**
 * Several workers are several processes: what one keeps in memory the others never see. A store in
 * memory would be one API set per worker; memory state would count every usage plan quota, usage plan
 * and stage and account throttle, response cache and authorizer cache once per worker, so N workers
 * would admit N times each limit. Both are refused rather than served wrong. (A function's reserved
 * concurrency is also per worker: each runs its own execution environments.)
 */
function checkWorkers(config: z.infer<typeof configSchema>): void {
  if (config.workers === 1) return
  const problems: string[] = []
  if (config.inMemory) problems.push('inMemory: each worker would keep its own APIs; use --data-dir (SQLite on disk) or --database-url')
  if (config.redis === undefined) {
    problems.push('redis: usage plan quotas and throttles, stage and account throttles and caches would be counted per worker, admitting each limit once per worker; pass --redis')
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration for --workers ${config.workers}:\n  ${problems.join('\n  ')}`)
}
