import { canonicalUri } from '../src/auth/sigv4/canonical-request.ts'
import { formatAmzDate } from '../src/auth/sigv4/amz-date.ts'
import { sha256Hex, signature, signingKey, stringToSign, SIGV4_ALGORITHM } from '../src/auth/sigv4/signing-key.ts'

const EMPTY_BODY_HASH = sha256Hex('')

/**
 * The bench client's SigV4 signer for GET requests without a query: a fresh signature per request,
 * as an SDK sends it, but with the signing key cached so the client spends microseconds, not the
 * gateway's CPU, on it. (Signatures are checked against real signers in the test suite.)
 */
export function signIamGet(url: URL, credentials: { accessKeyId: string; secretAccessKey: string }, region: string): Record<string, string> {
  const amzDate = formatAmzDate(Date.now())
  const scope = `${amzDate.slice(0, 8)}/${region}/execute-api/aws4_request`
  const canonical = `GET\n${canonicalUri(url.pathname)}\n\nhost:${url.host}\nx-amz-date:${amzDate}\n\nhost;x-amz-date\n${EMPTY_BODY_HASH}`
  const key = signingKey(credentials.secretAccessKey, amzDate.slice(0, 8), region, 'execute-api')
  return {
    'x-amz-date': amzDate,
    authorization: `${SIGV4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature(key, stringToSign(amzDate, scope, canonical))}`,
  }
}
