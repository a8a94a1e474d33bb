import assert from 'node:assert/strict'
import { verify } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { LocalIdentityProvider, userPoolClaims, userPoolIssuer } from './local-identity-provider.ts'

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-idp-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('LocalIdentityProvider', () => {
  it('makes its key once in the data directory (owner-only), and every later open reads the same key', () => {
    const first = LocalIdentityProvider.open(join(dir, 'data'))
    const second = LocalIdentityProvider.open(join(dir, 'data'))
    assert.equal(second.kid, first.kid)
    assert.deepEqual(readdirSync(join(dir, 'data')), ['idp-signing-key.pem'], 'no draft left behind')
    assert.equal(statSync(join(dir, 'data', 'idp-signing-key.pem')).mode & 0o777, 0o600)
  })

  it('signs RS256 tokens its published JWKS key verifies', () => {
    const idp = LocalIdentityProvider.generate()
    const token = idp.sign({ sub: 'alice' })
    const [header, payload, signature] = token.split('.')
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { kid: idp.kid, alg: 'RS256' })
    assert.ok(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), idp.publicKey, Buffer.from(signature, 'base64url')))
    const [jwk] = idp.jwks().keys
    assert.deepEqual([jwk.kty, jwk.kid, jwk.alg, jwk.use, 'd' in jwk], ['RSA', idp.kid, 'RS256', 'sig', false], 'public half only')
  })

  it('claims shaped like a user pool\'s tokens; the Cognito issuer from a pool ARN', () => {
    const issuer = userPoolIssuer('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc')
    assert.equal(issuer, 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc')
    assert.equal(userPoolIssuer('arn:aws:s3:::bucket'), undefined)
    const access = userPoolClaims({ issuer: issuer!, sub: 'alice', now: 100, scope: 'pets/read' })
    assert.deepEqual([access.token_use, access.scope, access.client_id, access.exp, access.aud], ['access', 'pets/read', 'gatehouse', 3700, undefined])
    const id = userPoolClaims({ issuer: issuer!, sub: 'alice', now: 100, tokenUse: 'id', clientId: 'web', ttlSeconds: 60 })
    assert.deepEqual([id.token_use, id.aud, id.exp, id['cognito:username']], ['id', 'web', 160, 'alice'])
  })
})
