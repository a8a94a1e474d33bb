import assert from 'node:assert/strict'
import { DEFAULT_AWS_ENVIRONMENT } from '../../src/core/aws-environment.ts'
import type { RecordingMatcher } from './openapi-recording.ts'

/**
 * Comparing AWS SDK v3 answers with LocalStack recordings, which show botocore's view
 * (test/parity/recordings/README.md, caveat 4): a success carries `ResponseMetadata.HTTPStatusCode`,
 * a failure is `{Error: {Code, Message}, message, ResponseMetadata}`.
 */

interface SdkOutput {
  readonly $metadata: { readonly httpStatusCode?: number }
}

/** Asserts an SDK output against a recorded success: its status, then every member. */
export function assertRecordedOutput(matcher: RecordingMatcher, output: SdkOutput, recorded: any, where: string): void {
  assert.equal(output.$metadata.httpStatusCode, recorded.ResponseMetadata.HTTPStatusCode, `${where}: status`)
  matcher.match(output, recorded, where)
}

/** The snapshots' account id placeholder (README caveat 1), which stands for ours. */
const ours = (text: string): string => text.replaceAll('111111111111', DEFAULT_AWS_ENVIRONMENT.accountId)

/**
 * Asserts that a call fails as recorded: the exception name (`x-amzn-ErrorType`), its status and
 * message — through `matcher` when the recorded message carries placeholders (`'<name:1>'`).
 */
export async function assertRecordedError(call: Promise<unknown>, recorded: any, where: string, matcher?: RecordingMatcher): Promise<void> {
  let failure: unknown
  try {
    await call
  } catch (error) {
    failure = error
  }
  assert.ok(failure instanceof Error, `${where}: the call should fail as recorded`)
  const { name, message, $metadata } = failure as Error & SdkOutput
  assert.deepEqual(
    { code: name, status: $metadata?.httpStatusCode },
    { code: recorded.Error.Code, status: recorded.ResponseMetadata.HTTPStatusCode },
    `${where}: ${message}`,
  )
  for (const expected of [recorded.Error.Message, recorded.message ?? recorded.Error.Message]) {
    if (matcher === undefined) assert.equal(message, ours(expected), `${where}: message`)
    else matcher.match(message, ours(expected), `${where}: message`)
  }
}
