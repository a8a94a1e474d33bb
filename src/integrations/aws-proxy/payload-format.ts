import type { CallerRequest } from '../caller-request.ts'
import { buildProxyEvent } from './proxy-event.ts'
import { parseProxyResult, type ProxyResult } from './proxy-result.ts'

/**
 * A Lambda proxy payload format: the event a function receives and how its result is read. REST
 * APIs send format 1.0 (developer guide, "Set up Lambda proxy integrations in API Gateway"); HTTP
 * APIs choose 1.0 or 2.0 per integration (`PayloadFormatVersion`), WebSocket APIs have their own.
 * The API kind's compiler picks one per integration, so nothing is decided per request.
 */
export interface LambdaPayloadFormat {
  readonly version: string
  buildEvent(request: CallerRequest, body: Buffer): Record<string, unknown>
  /** The HTTP answer a result stands for; undefined for a malformed result (AWS's 502). */
  parseResult(payload: string): ProxyResult | undefined
}

/** REST APIs' payload format 1.0. */
export const REST_PAYLOAD_FORMAT_1_0: LambdaPayloadFormat = {
  version: '1.0',
  buildEvent: buildProxyEvent,
  parseResult: parseProxyResult,
}
