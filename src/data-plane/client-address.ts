import { CidrSet } from '../auth/policy/source-ip.ts'

/** Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` Gatehouse believes (gatehouse.yaml `trustedProxies`). */
export type TrustedProxies = CidrSet | undefined

export function trustedProxies(cidrs: readonly string[]): TrustedProxies {
  if (cidrs.length === 0) return undefined
  try {
    return new CidrSet(cidrs)
  } catch (error) {
    throw new Error(`trustedProxies: ${(error as Error).message.replace(' in aws:SourceIp', '')} (give IPv4/IPv6 addresses or CIDR blocks, e.g. 10.0.0.0/8)`)
  }
}

export interface ClientAddress {
  /** `$context.identity.sourceIp` and `aws:SourceIp`. */
  readonly sourceIp: string
  /** `aws:SecureTransport`. */
  readonly secure: boolean
}

/**
 * Who is calling. The socket's peer address, always — unless that peer is a configured trusted
 * proxy, in which case the client is the right-most `X-Forwarded-For` entry that is not itself a
 * trusted proxy, and TLS is what the proxy's `X-Forwarded-Proto` says. Anyone else's
 * `X-Forwarded-For` is ignored, so a client cannot pick its own source IP past an IP condition.
 */
export function clientAddress(socketAddress: string | undefined, encrypted: boolean, rawHeaders: readonly string[], proxies: TrustedProxies): ClientAddress {
  const peer = normaliseIp(socketAddress)
  if (proxies === undefined || !proxies.has(peer)) return { sourceIp: peer, secure: encrypted }
  const forwarded: string[] = []
  let proto: string | undefined
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase()
    if (name === 'x-forwarded-for') forwarded.push(...rawHeaders[i + 1].split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    else if (name === 'x-forwarded-proto') proto = rawHeaders[i + 1].split(',')[0].trim().toLowerCase()
  }
  let sourceIp = peer
  for (let i = forwarded.length - 1; i >= 0; i--) {
    sourceIp = normaliseIp(forwarded[i])
    if (!proxies.has(sourceIp)) break
  }
  return { sourceIp, secure: proto === undefined ? encrypted : proto === 'https' }
}

export const normaliseIp = (address: string | undefined): string =>
  address === undefined ? '127.0.0.1' : address.startsWith('::ffff:') ? address.slice(7) : address
