/**
 * The container's health check: GET /_gatehouse/health on this node, signed with the admin key from
 * the environment when there is one (the management API then wants every call signed). Exits 0 when
 * the node answers 200 (`ok`, or `degraded` while it serves what it has), 1 otherwise.
 */
import { signRequest } from '../src/functions/sigv4-signer.ts'

const port = process.env.GATEHOUSE_ADMIN_PORT ?? process.env.GATEHOUSE_PORT ?? '4567'
const url = new URL(`http://127.0.0.1:${port}/_gatehouse/health`)
const accessKeyId = process.env.GATEHOUSE_ADMIN_ACCESS_KEY_ID
const secretAccessKey = process.env.GATEHOUSE_ADMIN_SECRET_ACCESS_KEY
const headers: Record<string, string> = accessKeyId !== undefined && secretAccessKey !== undefined
  ? signRequest({
      method: 'GET', url, headers: {}, body: '', service: 'apigateway',
      region: process.env.GATEHOUSE_REGION ?? 'us-east-1', credentials: { accessKeyId, secretAccessKey },
    })
  : {}

try {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(4_000) })
  const text = await response.text()
  console.log(text)
  process.exit(response.status === 200 ? 0 : 1)
} catch (error) {
  console.log(`no answer from ${url.href}: ${(error as Error).message}`)
  process.exit(1)
}
