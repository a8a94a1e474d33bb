import { generateSelfSignedCertificate } from '../../../auth/self-signed-certificate.ts'
import { epochSeconds } from '../../../core/clock.ts'
import { newId } from '../../../core/ids.ts'
import type { ClientCertificate, StoredClientCertificate } from '../../../model/client-certificate.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { accountResourceOperations } from './account-resource.ts'
import { descriptionPatches } from './description-patches.ts'
import { REST_MESSAGES } from './messages.ts'
import { checkTags } from './tags.ts'

/**
 * ClientCertificate (API reference): GenerateClientCertificate (201), GetClientCertificate,
 * GetClientCertificates, UpdateClientCertificate (`/description`), DeleteClientCertificate (202).
 * The certificate is a real self-signed X.509 certificate with its own RSA key; a stage whose
 * `clientCertificateId` names it presents it to its HTTP and HTTP_PROXY backends (developer guide,
 * "Generate and configure an SSL certificate for backend authentication in API Gateway"). The
 * certificate is valid for 365 days, as AWS users report of AWS's; its subject (`CN=<id>`) is ours,
 * as no recording shows AWS's.
 */

const VALIDITY_DAYS = 365
const DAY_MS = 86_400_000

const GENERATE_CLIENT_CERTIFICATE = input('generateClientCertificateInput', {
  description: { type: 'string' },
  tags: { type: 'string-map' },
})

/** The wire shape: everything but the private key; `tags` only when set. */
const shape = ({ privateKeyPem: _, ...certificate }: StoredClientCertificate): ClientCertificate => compact(certificate)


export async function generateClientCertificate({ deps, body }: Operation): Promise<Reply> {
  const { description, tags } = readInput(body, GENERATE_CLIENT_CERTIFICATE)
  if (tags !== undefined) checkTags(tags)
  const nowMs = deps.clock.now()
  const created = await deps.store.transaction(async (tx) => {
    let certificate: StoredClientCertificate | undefined
    await allocateId(() => newId(6), async (clientCertificateId) => {
      if ((await tx.get('client-certificate', ACCOUNT_SCOPE, clientCertificateId)) !== undefined) return false
      const notAfter = new Date(nowMs + VALIDITY_DAYS * DAY_MS)
      const { certificatePem, privateKeyPem } = await generateSelfSignedCertificate(clientCertificateId, new Date(nowMs), notAfter)
      certificate = compact({
        clientCertificateId,
        description,
        pemEncodedCertificate: certificatePem,
        createdDate: epochSeconds(nowMs),
        expirationDate: epochSeconds(notAfter.getTime()),
        tags: tags !== undefined && Object.keys(tags).length > 0 ? tags : undefined,
        privateKeyPem,
      })
      return tx.insert('client-certificate', ACCOUNT_SCOPE, clientCertificateId, certificate)
    })
    return certificate!
  })
  return { status: 201, body: shape(created) }
}

export async function getClientCertificate({ deps, params }: Operation): Promise<Reply> {
  return { status: 200, body: shape(await requireClientCertificate(deps.store, params.clientCertificateId)) }
}

export async function getClientCertificates({ deps, query }: Operation): Promise<Reply> {
  const certificates = await deps.store.list('client-certificate', ACCOUNT_SCOPE)
  return { status: 200, body: paginate(certificates.map(shape), query) }
}

const CLIENT_CERTIFICATE = accountResourceOperations({
  kind: 'client-certificate',
  param: 'clientCertificateId',
  idOf: (certificate) => certificate.clientCertificateId,
  notFoundMessage: REST_MESSAGES.clientCertificateNotFound,
  inputName: 'updateClientCertificateInput',
  patches: descriptionPatches<StoredClientCertificate>(),
  answer: shape,
})

export const requireClientCertificate = CLIENT_CERTIFICATE.find
export const updateClientCertificate = CLIENT_CERTIFICATE.update
export const deleteClientCertificate = CLIENT_CERTIFICATE.remove
