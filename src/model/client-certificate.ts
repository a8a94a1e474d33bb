/**
 * A client certificate API Gateway generated (API reference, ClientCertificate): the stages that
 * name it present it to their HTTP backends. Only the certificate goes on the wire; the private
 * key stays with the gateway, as AWS keeps it ("only the public key of a certificate is visible";
 * developer guide, "Generate and configure an SSL certificate for backend authentication").
 */
export interface ClientCertificate {
  clientCertificateId: string
  description?: string
  pemEncodedCertificate: string
  createdDate: number
  expirationDate: number
  tags?: Record<string, string>
}

export interface StoredClientCertificate extends ClientCertificate {
  /** PKCS #8, PEM. Never answered. */
  privateKeyPem: string
}
