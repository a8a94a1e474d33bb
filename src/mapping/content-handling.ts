import { isUtf8 } from 'node:buffer'
import { GATEWAY_MESSAGES, GatewayError } from '../core/gateway-error.ts'
import type { ContentHandling } from '../model/integration.ts'

/**
 * Payload conversions of non-proxy integrations, as the developer guide's "Content type conversions
 * in API Gateway" tables give them and the S3 binary matrix records them
 * (recorded: test_apigateway_s3 > TestApiGatewayS3BinarySupport). A payload is binary when its media type
 * is one of the API's binaryMediaTypes; anything else is text, and text is UTF-8: bytes that are not
 * valid UTF-8 come out as U+FFFD (a 67-byte gzip stream becomes 99 bytes).
 */
export interface ConvertedPayload {
  readonly body: Buffer
  /** True when the result is bytes that must not go through a mapping template. */
  readonly binary: boolean
}

/**
 * Method request → integration request. Binary: kept as bytes, or base64 text with CONVERT_TO_TEXT.
 * Text: UTF-8 text, or base64-decoded bytes with CONVERT_TO_BINARY (text that is not base64 is 500).
 */
export function convertRequestPayload(body: Buffer, binary: boolean, handling: ContentHandling | undefined): ConvertedPayload {
  if (binary) return handling === 'CONVERT_TO_TEXT' ? { body: base64Text(body), binary: false } : { body, binary: true }
  return handling === 'CONVERT_TO_BINARY' ? { body: decodeBase64(body), binary: true } : { body: utf8Text(body), binary: false }
}

/**
 * Integration response → method response, by the payload's type and the first Accept type. Text
 * comes out as text when the client accepts text or CONVERT_TO_TEXT says so, else base64-decoded;
 * binary comes out as base64 text when the client accepts text or CONVERT_TO_TEXT says so, else as bytes.
 */
export function convertResponsePayload(
  body: Buffer,
  binaryPayload: boolean,
  binaryAccept: boolean,
  handling: ContentHandling | undefined,
): ConvertedPayload {
  const toText = handling === 'CONVERT_TO_TEXT' || (handling === undefined && !binaryAccept)
  if (binaryPayload) return toText ? { body: base64Text(body), binary: false } : { body, binary: true }
  return toText ? { body: utf8Text(body), binary: false } : { body: decodeBase64(body), binary: true }
}

const base64Text = (body: Buffer): Buffer => Buffer.from(body.toString('base64'), 'latin1')

/** The body read as UTF-8; the same bytes when it already is (the common case costs one scan). */
function utf8Text(body: Buffer): Buffer {
  if (body.length === 0 || isUtf8(body)) return body
  return Buffer.from(body.toString('utf8'), 'utf8')
}

/** Base64 text to bytes; text that is not base64 is AWS's 500 (developer guide: a failed conversion). */
export function decodeBase64(text: Buffer): Buffer {
  const value = text.toString('latin1').trim()
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) {
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
  return Buffer.from(value, 'base64')
}
