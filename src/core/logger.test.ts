import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { it } from 'node:test'
import { createLogger } from './logger.ts'

it('never writes signing secrets, tokens or API key values into a log line', () => {
  const lines: string[] = []
  const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done() } })
  const logger = createLogger('info', sink)
  logger.info({
    req: { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/..., Signature=abc', 'x-api-key': 'key-value-0123456789', 'x-amz-security-token': 'token-value' } },
    key: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret', sessionToken: 'session-secret' },
    apiKey: 'another-key-value',
  }, 'request')
  const text = lines.join('')
  for (const secret of ['Signature=abc', 'key-value-0123456789', 'token-value', 'very-secret', 'session-secret', 'another-key-value']) {
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`)
  }
  assert.match(text, /AKIAEXAMPLE/, 'what is not secret is kept')
})
