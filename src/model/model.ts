/**
 * A REST API model (JSON Schema draft 4). Every API starts with `Empty` and `Error`
 * (recorded: test_apigateway_common > test_api_gateway_request_validator_with_ref_models > get-models-with-ref).
 */
export interface Model {
  id: string
  name: string
  description?: string
  schema?: string
  contentType: string
}

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#'

export const DEFAULT_MODELS: readonly Omit<Model, 'id'>[] = [
  {
    name: 'Empty',
    description: 'This is a default empty schema model',
    schema: JSON.stringify({ $schema: DRAFT_04, title: 'Empty Schema', type: 'object' }, null, 2),
    contentType: 'application/json',
  },
  {
    name: 'Error',
    description: 'This is a default error schema model',
    schema: JSON.stringify(
      { $schema: DRAFT_04, title: 'Error Schema', type: 'object', properties: { message: { type: 'string' } } },
      null,
      2,
    ),
    contentType: 'application/json',
  },
]
