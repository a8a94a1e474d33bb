import type { JsonObject } from '../../../core/json.ts'
import type { CorsConfiguration } from '../../../model/v2/cors-configuration.ts'
import { compact, optionalBoolean, optionalNumber, optionalStringList } from '../../operations/input.ts'
import { V2_MESSAGES } from './messages.ts'

/** `maxAge` bounds (API reference v2, "Cors": -1 to 86400 seconds). */
const MAX_AGE = 86_400

/**
 * `CorsConfiguration` as CreateApi and UpdateApi take it (API reference v2, "Cors"). Credentials
 * cannot go with a wildcard origin (developer guide, "Configuring CORS for an HTTP API": "you can't
 * use a wildcard for allowOrigins when allowCredentials is true").
 */
export function readCorsConfiguration(cors: JsonObject): CorsConfiguration {
  const read: CorsConfiguration = compact({
    allowOrigins: optionalStringList(cors, 'allowOrigins'),
    allowMethods: optionalStringList(cors, 'allowMethods'),
    allowHeaders: optionalStringList(cors, 'allowHeaders'),
    exposeHeaders: optionalStringList(cors, 'exposeHeaders'),
    maxAge: optionalNumber(cors, 'maxAge'),
    allowCredentials: optionalBoolean(cors, 'allowCredentials'),
  })
  if (read.maxAge !== undefined && (!Number.isInteger(read.maxAge) || read.maxAge < -1 || read.maxAge > MAX_AGE)) throw V2_MESSAGES.invalidCors(`MaxAge must be from -1 to ${MAX_AGE}`)
  if (read.allowCredentials === true && (read.allowOrigins ?? []).includes('*')) throw V2_MESSAGES.corsCredentialsWithWildcard()
  return read
}
