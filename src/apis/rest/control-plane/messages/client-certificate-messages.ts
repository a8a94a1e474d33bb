/**
 * The catalogue's texts for ClientCertificates (client-certificate.ts) and the stages that name
 * one. No recording calls these operations, so the texts are ours, in the shape of AWS's other
 * not-found texts. messages.ts has the rules every entry follows.
 */
export const CLIENT_CERTIFICATE_MESSAGES = {
  // Ours, in the shape of AWS's other not-found texts.
  clientCertificateNotFound: 'Invalid Client Certificate identifier specified',
} as const
