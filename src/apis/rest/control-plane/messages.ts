import { API_MESSAGES } from './messages/api-messages.ts'
import { CLIENT_CERTIFICATE_MESSAGES } from './messages/client-certificate-messages.ts'
import { DOCUMENTATION_MESSAGES } from './messages/documentation-messages.ts'
import { METHOD_MESSAGES } from './messages/method-messages.ts'
import { STAGE_MESSAGES } from './messages/stage-messages.ts'
import { TAG_MESSAGES } from './messages/tag-messages.ts'
import { USAGE_MESSAGES } from './messages/usage-messages.ts'
import { VPC_LINK_MESSAGES } from './messages/vpc-link-messages.ts'

/**
 * The texts the `apigateway` operations answer with, verbatim, in one catalogue kept in eight files
 * by resource (messages/). Each entry says where its text comes from: a recording
 * (`recorded: <file> > <test> > <key>`), LocalStack's snapshot tests (`LS ...`), AWS's
 * documentation, what AWS users report, or — said so — our own wording where AWS's is not known.
 * Operation files throw `badRequest(REST_MESSAGES.x)`, never a literal
 * (test/architecture/message-catalogue.test.ts keeps it so, and keeps the files' keys apart).
 * Coral's constraint texts (`Value null at ...`), which every AWS service shares, are the
 * operations' own: src/apis/operations/coral-constraints.ts.
 */
export const REST_MESSAGES = { ...API_MESSAGES, ...CLIENT_CERTIFICATE_MESSAGES, ...DOCUMENTATION_MESSAGES, ...METHOD_MESSAGES, ...STAGE_MESSAGES, ...TAG_MESSAGES, ...USAGE_MESSAGES, ...VPC_LINK_MESSAGES } as const

export const REST_MESSAGE_PARTS = { API_MESSAGES, CLIENT_CERTIFICATE_MESSAGES, DOCUMENTATION_MESSAGES, METHOD_MESSAGES, STAGE_MESSAGES, TAG_MESSAGES, USAGE_MESSAGES, VPC_LINK_MESSAGES } as const
