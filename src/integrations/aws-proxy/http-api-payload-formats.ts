import type { HttpApiCaller } from './http-api-caller.ts'
import { buildHttpApiEventV1 } from './http-api-event-v1.ts'
import { buildHttpApiEventV2 } from './http-api-event-v2.ts'
import { parseHttpApiResultV2 } from './http-api-result-v2.ts'
import { parseProxyResult, type ProxyResult } from './proxy-result.ts'

/**
 * An HTTP API's Lambda proxy payload format, chosen per integration (`PayloadFormatVersion`) when a
 * deployment is compiled, so nothing is decided per request. REST's format is in payload-format.ts.
 */
export interface HttpApiPayloadFormat {
  readonly version: '1.0' | '2.0'
  buildEvent(caller: HttpApiCaller): Record<string, unknown>
  /** The answer a result stands for; undefined for a malformed one (the API's 500). */
  parseResult(payload: string): ProxyResult | undefined
}

export const HTTP_API_PAYLOAD_FORMATS: Readonly<Record<'1.0' | '2.0', HttpApiPayloadFormat>> = {
  // Format 1.0 answers in REST's result shape (developer guide, "Working with AWS Lambda proxy integrations for HTTP APIs").
  '1.0': { version: '1.0', buildEvent: buildHttpApiEventV1, parseResult: parseProxyResult },
  '2.0': { version: '2.0', buildEvent: buildHttpApiEventV2, parseResult: parseHttpApiResultV2 },
}
