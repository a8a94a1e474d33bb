import { BlockList, isIP } from 'node:net'
import { PolicyError } from './policy-error.ts'

/**
 * A set of CIDR blocks (`aws:SourceIp` values), IPv4 and IPv6, on node's BlockList. A bare address
 * is its own /32 (or /128). An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is checked as IPv4.
 */
export class CidrSet {
  readonly #blocks = new BlockList()

  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address, prefixText, extra] = cidr.trim().split('/')
      const family = isIP(address)
      const max = family === 4 ? 32 : 128
      const prefix = prefixText === undefined ? max : Number(prefixText)
      if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
        throw new PolicyError(`Invalid IP address or CIDR block in aws:SourceIp: '${cidr}'`)
      }
      this.#blocks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6')
    }
  }

  has(ip: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
    const address = mapped?.[1] ?? ip
    const family = isIP(address)
    if (family === 0) return false
    return this.#blocks.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
}
