import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clientAddress, trustedProxies } from './client-address.ts'

describe('clientAddress', () => {
  const proxies = trustedProxies(['10.0.0.0/8', 'fd00::/8'])
  const headers = (forwardedFor: string, proto = 'https') => ['X-Forwarded-For', forwardedFor, 'X-Forwarded-Proto', proto]

  it('uses the socket peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    assert.deepEqual(clientAddress('::ffff:198.51.100.1', false, headers('203.0.113.9'), undefined), { sourceIp: '198.51.100.1', secure: false })
  })

  it('ignores X-Forwarded-For and -Proto from a peer that is not a trusted proxy', () => {
    assert.deepEqual(clientAddress('198.51.100.1', false, headers('203.0.113.9'), proxies), { sourceIp: '198.51.100.1', secure: false })
  })

  it('takes the right-most untrusted X-Forwarded-For entry behind trusted proxies, and their X-Forwarded-Proto', () => {
    assert.deepEqual(clientAddress('10.0.0.5', false, headers('1.2.3.4, 203.0.113.9, 10.0.0.7'), proxies), { sourceIp: '203.0.113.9', secure: true })
    assert.deepEqual(clientAddress('fd00::1', false, ['x-forwarded-for', '2001:db8::1'], proxies), { sourceIp: '2001:db8::1', secure: false })
    assert.deepEqual(clientAddress('10.0.0.5', true, [], proxies), { sourceIp: '10.0.0.5', secure: true })
  })

  it('names the option and the fix for a bad CIDR', () => {
    assert.throws(() => trustedProxies(['10.0.0.0/40']), /^Error: trustedProxies: Invalid IP address or CIDR block: '10\.0\.0\.0\/40' \(give IPv4\/IPv6 addresses or CIDR blocks/)
  })
})
