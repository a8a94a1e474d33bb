/**
 * The catalogue's texts for DocumentationParts and DocumentationVersions (documentation-part.ts,
 * documentation-version.ts). The part texts are recorded (test_apigateway_api >
 * TestApiGatewayApiDocumentationPart); no recording refuses a location or calls a version with an
 * error, so those texts are ours, written from the API reference's rules (DocumentationPartLocation,
 * CreateDocumentationVersion). messages.ts has the rules every entry follows.
 */
export const DOCUMENTATION_MESSAGES = {
  // recorded: test_apigateway_api > test_invalid_get_documentation_part > get-documentation-part-invalid-doc-id
  documentationPartNotFound: 'Invalid Documentation part identifier specified',
  // Ours: API reference (CreateDocumentationPart, ConflictException) — a location already documented.
  documentationPartExists: 'Documentation part already exists for the specified location',
  // Ours: API reference (DocumentationPartLocation) lists, per field, the location types it is valid for.
  locationFieldNotApplicable: (field: string, type: string) => `Invalid location: ${field} is not applicable to a documentation part of type ${type}`,
  // Ours: developer guide ("Location fields of a documentation part"): name is required for these types.
  locationNameRequired: (type: string) => `Invalid location: name is required for a documentation part of type ${type}`,
  // Ours: API reference (DocumentationPart.properties): "The content map must be a JSON string".
  invalidDocumentationProperties: 'Invalid properties: the documentation content must be a JSON object',
  // recorded: test_apigateway_api > test_import_documentation_parts_bad_file > import-documentation-parts-bad-yaml-file
  unableToBuildImporter: 'Unable to build importer with provided input.',
  // Ours, in the shape of the recorded part text; no recording addresses an unknown version.
  documentationVersionNotFound: 'Invalid Documentation version identifier specified',
  // Ours: API reference (CreateDocumentationVersion, ConflictException) — the version name is taken.
  documentationVersionExists: (version: string) => `Documentation version ${version} already exists`,
} as const
