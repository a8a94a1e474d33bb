import { newTraceId, newTraceParentId } from './ids.ts'

const ROOT = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/i
const PARENT = /^Parent=[0-9a-f]{16}$/i

/**
 * The `X-Amzn-Trace-Id` a request travels with. API Gateway adds a tracing header only to requests that do not
 * already have one (AWS X-Ray developer guide, "Amazon API Gateway active tracing support for AWS X-Ray"): a
 * client's full header (Root, Parent, Sampled) is kept as given, and a Root alone is kept with a Parent of
 * API Gateway's own right after it (recorded: test_apigateway_common > test_invocation_trace_id >
 * trace-id-req-headers-AWS_PROXY, trace-id-small-req-headers-AWS_PROXY; the test asserts the given header
 * comes back and that its second field is the given, or a generated, Parent). A header that names no valid
 * Root is no trace header: the request gets a new one, as if it had none.
 */
export function honourTraceId(clientHeader: string | undefined, nowMs: number): string {
  if (clientHeader === undefined) return newTraceId(nowMs)
  const fields = clientHeader.split(';').map((field) => field.trim())
  const root = fields.findIndex((field) => ROOT.test(field))
  if (root === -1) return newTraceId(nowMs)
  if (fields.some((field) => PARENT.test(field))) return clientHeader
  const rest = fields.filter((_, i) => i !== root && fields[i] !== '')
  return [fields[root], `Parent=${newTraceParentId()}`, ...rest].join(';')
}
