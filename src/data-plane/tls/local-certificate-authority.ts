import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  bitString, boolean, explicit, implicit, objectIdentifier, octetString, sequence, set, time, unsignedInteger, utf8String,
} from './der.ts'

/** What the gateway's TLS listener serves, and the authority its clients (the functions) trust. */
export interface ServerCertificate {
  /** PEM of the local certificate authority that issued `certificate`. */
  readonly caCertificate: string
  /** PEM of the server certificate: the execute-api host names under `.localhost`, and the loopback. */
  readonly certificate: string
  readonly privateKey: string
}

/**
 * The names the server certificate covers: every `{apiId}.execute-api.localhost` (`.localhost` is
 * the loopback's by RFC 6761, so no one else can hold it), `localhost` and the loopback addresses.
 */
export const SERVER_DNS_NAMES = ['*.execute-api.localhost', 'localhost'] as const
const SERVER_IP_ADDRESSES = [Buffer.from([127, 0, 0, 1]), Buffer.alloc(16, 0).fill(1, 15)]

const DAY_MS = 24 * 60 * 60 * 1000
const CA_DAYS = 3650
/** The longest a server certificate may live for Apple's clients (Apple, "Requirements for trusted certificates"). */
const SERVER_DAYS = 825
/** Renewed this long before it ends, so a gateway that runs on never serves an expired one. */
const RENEW_BEFORE_MS = 30 * DAY_MS

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
}

/**
 * A new certificate authority (ECDSA P-256, ten years) and a server certificate it issued for the
 * execute-api host names, held in memory only.
 */
export function issueServerCertificate(now: Date): ServerCertificate {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const caName = distinguishedName('Gatehouse local CA')
  const caKeyId = keyIdentifier(ca.publicKey)
  const caCertificate = certificate({
    issuer: caName, subject: caName, subjectKey: ca.publicKey, signingKey: ca.privateKey, now, days: CA_DAYS,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      // keyCertSign and cRLSign (bits 5 and 6).
      extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)),
      extension(OID.subjectKeyIdentifier, false, octetString(caKeyId)),
    ],
  })
  const serverCertificate = certificate({
    issuer: caName, subject: distinguishedName('execute-api.localhost'), subjectKey: server.publicKey, signingKey: ca.privateKey, now, days: SERVER_DAYS,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      // digitalSignature (bit 0), what an ECDHE_ECDSA handshake uses the key for.
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
      extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(
        ...SERVER_DNS_NAMES.map((name) => implicit(2, Buffer.from(name, 'ascii'))),
        ...SERVER_IP_ADDRESSES.map((address) => implicit(7, address)),
      )),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(server.publicKey))),
      extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, caKeyId))),
    ],
  })
  return {
    caCertificate: pem('CERTIFICATE', caCertificate),
    certificate: pem('CERTIFICATE', serverCertificate),
    privateKey: server.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  }
}

/** Where a data directory keeps them: `tls/` (the CA's certificate is `tls/ca.pem`, for clients to trust). */
export const TLS_DIRECTORY = 'tls'
const FILES = { caCertificate: 'ca.pem', certificate: 'server.pem', privateKey: 'server-key.pem' } as const

/**
 * The data directory's certificates, issued and written there on first use and again when the
 * server certificate is near its end, so clients that trust `tls/ca.pem` keep trusting the gateway
 * across restarts. Without a directory (`--in-memory`) they live in memory only.
 */
export function openServerCertificate(dataDir: string | undefined, now: Date): ServerCertificate {
  if (dataDir === undefined) return issueServerCertificate(now)
  const directory = join(dataDir, TLS_DIRECTORY)
  const kept = readKept(directory, now)
  if (kept !== undefined) return kept
  const issued = issueServerCertificate(now)
  mkdirSync(directory, { recursive: true, mode: 0o700 })
  for (const [field, file] of Object.entries(FILES) as [keyof ServerCertificate, string][]) {
    // Renamed into place whole, so a gateway starting beside this one never reads half a file.
    const partial = join(directory, `.${file}.${process.pid}`)
    writeFileSync(partial, issued[field], { mode: field === 'privateKey' ? 0o600 : 0o644 })
    renameSync(partial, join(directory, file))
  }
  return issued
}

function readKept(directory: string, now: Date): ServerCertificate | undefined {
  try {
    const kept = {
      caCertificate: readFileSync(join(directory, FILES.caCertificate), 'utf8'),
      certificate: readFileSync(join(directory, FILES.certificate), 'utf8'),
      privateKey: readFileSync(join(directory, FILES.privateKey), 'utf8'),
    }
    const server = new X509Certificate(kept.certificate)
    const ca = new X509Certificate(kept.caCertificate)
    if (!server.checkIssued(ca) || !server.verify(ca.publicKey)) return undefined
    if (Date.parse(server.validTo) - RENEW_BEFORE_MS < now.getTime()) return undefined
    if (Date.parse(ca.validTo) - RENEW_BEFORE_MS < now.getTime()) return undefined
    return kept
  } catch {
    return undefined
  }
}

function certificate(options: {
  issuer: Buffer; subject: Buffer; subjectKey: KeyObject; signingKey: KeyObject; now: Date; days: number; extensions: Buffer[]
}): Buffer {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256))
  const serial = randomBytes(16)
  serial[0] &= 0x7f
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    algorithm,
    options.issuer,
    // A day back, so a client whose clock is a little behind accepts it at once.
    sequence(time(new Date(options.now.getTime() - DAY_MS)), time(new Date(options.now.getTime() + options.days * DAY_MS))),
    options.subject,
    options.subjectKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...options.extensions)),
  )
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, options.signingKey)))
}

const distinguishedName = (commonName: string): Buffer => sequence(
  set(sequence(objectIdentifier(OID.organization), utf8String('Gatehouse'))),
  set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))),
)

const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
  sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value))

/** RFC 5280 §4.2.1.2's first method: SHA-1 of the subjectPublicKey's bits. */
function keyIdentifier(key: KeyObject): Buffer {
  const spki = key.export({ type: 'spki', format: 'der' })
  // A P-256 key's SPKI ends with its 65-byte uncompressed point.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest()
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
