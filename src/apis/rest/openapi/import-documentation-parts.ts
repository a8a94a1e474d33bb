import { ManagementError } from '../../../core/management-error.ts'
import { requireRestApi } from '../control-plane/lookups.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { applyDocumentationParts } from './apply-documentation.ts'
import { ImportIssues } from './import-issues.ts'
import { readDocumentationParts } from './read-documentation.ts'
import { readOpenApiDocument, type OpenApiDocument } from './read-document.ts'
import { readImportMode } from './import-rest-api.ts'

/**
 * ImportDocumentationParts (`PUT /restapis/{id}/documentation/parts?mode=merge|overwrite&failonwarnings=`;
 * developer guide, "Import API documentation"): the body is an OpenAPI document whose
 * `x-amazon-apigateway-documentation` lists the parts; the API's methods and models are left
 * alone. Answers 200 `{ids}` (recorded: test_apigateway_api > test_import_documentation_parts >
 * import-documentation-parts), with `warnings` when parts were skipped; a body that is no OpenAPI
 * document is `Unable to build importer with provided input.` (recorded:
 * test_import_documentation_parts_bad_file). `mode` defaults to merge (API reference,
 * ImportDocumentationParts).
 */
export async function importDocumentationParts({ deps, params, query, rawBody }: Operation): Promise<Reply> {
  const mode = readImportMode(query)
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const document = readDocumentationDocument(rawBody)
  const issues = new ImportIssues()
  const parts = readDocumentationParts(document, issues) ?? []
  const failOnWarnings = query.get('failonwarnings') === 'true'
  issues.throwIfFailed(failOnWarnings)
  const ids = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    return applyDocumentationParts(tx, params.restApiId, parts, mode)
  })
  return { status: 200, body: issues.warnings.length > 0 ? { ids, warnings: [...issues.warnings] } : { ids } }
}

/** The importer's one refusal of a body it cannot read, keeping what the OpenAPI reader found as the detail. */
function readDocumentationDocument(rawBody: Buffer | undefined): OpenApiDocument {
  try {
    return readOpenApiDocument(rawBody ?? Buffer.alloc(0))
  } catch (error) {
    if (!(error instanceof ManagementError)) throw error
    throw new ManagementError('BadRequestException', REST_MESSAGES.unableToBuildImporter, undefined, error.detail)
  }
}
