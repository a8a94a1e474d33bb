import { optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPathFor, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable, type PatchTable } from '../../operations/patch-table.ts'

/**
 * The patch table of a resource whose Update takes only `replace /description` (API reference,
 * UpdateDocumentationVersion and UpdateClientCertificate): another op is "Please choose supported
 * operations", another path "Must be one of: [/description]", as the part's own table answers.
 */
export const descriptionPatches = <T extends { description?: string }>(): PatchTable<T> => patchTable<T>({
  refuse: ({ op, path }) => (op !== 'replace' ? unsupportedPatchOp(path, op) : invalidPatchPathFor(path, op, ['/description'])),
  rules: [{ path: '/description', ops: ['replace'], apply: optionalMember<T>('description') }],
})
