import { modelNameOfUrl } from '../models.ts'
import { TemplateError } from './read-template.ts'

/**
 * AWS::ApiGateway::Model and AWS::ApiGateway::RequestValidator resources, and a Method's
 * `RequestModels` and `RequestValidatorId` (CloudFormation user guide), in the OpenAPI form the
 * importer reads: models are named schemas (`definitions`, or `components.schemas` in OpenAPI 3)
 * whose model-URL `$ref`s become local ones; validators are `x-amazon-apigateway-request-validators`
 * and a method names its own with `x-amazon-apigateway-request-validator` (developer guide,
 * "x-amazon-apigateway-request-validators object"); a method's request models are its body schema
 * per media type. A model's `$schema` is kept as written: API Gateway validates every model as JSON
 * Schema draft 4 (developer guide, "Data models for REST APIs"), whatever draft it declares.
 */

type Document = Record<string, any>

const isOas3 = (document: Document): boolean => typeof document.openapi === 'string'

function localRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => localRefs(item, prefix))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, member]) => {
    const name = key === '$ref' && typeof member === 'string' ? modelNameOfUrl(member) : undefined
    return [key, name === undefined ? localRefs(member, prefix) : `${prefix}${name}`]
  }))
}

/** Adds one model to the document; `name` is what `!Ref` of the model stands for. */
export function addModel(document: Document, name: string, props: Record<string, any>, where: string): void {
  let schema: unknown = props.Schema ?? {}
  if (typeof schema === 'string') {
    try {
      schema = JSON.parse(schema)
    } catch (error) {
      throw new TemplateError(`${where}.Schema is not JSON: ${(error as Error).message}`)
    }
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new TemplateError(`${where}.Schema must be a JSON object`)
  const described = typeof props.Description === 'string' && (schema as Document).description === undefined ? { description: props.Description } : {}
  if (isOas3(document)) {
    document.components ??= {}
    document.components.schemas = { ...document.components.schemas, [name]: { ...(localRefs(schema, '#/components/schemas/') as Document), ...described } }
  } else document.definitions = { ...document.definitions, [name]: { ...(localRefs(schema, '#/definitions/') as Document), ...described } }
}

/** Adds one request validator; `name` is its Name, else its logical id. */
export function addRequestValidator(document: Document, name: string, props: Record<string, any>): void {
  const flag = (value: unknown): boolean => value === true || value === 'true'
  document['x-amazon-apigateway-request-validators'] = {
    ...document['x-amazon-apigateway-request-validators'],
    [name]: { validateRequestBody: flag(props.ValidateRequestBody), validateRequestParameters: flag(props.ValidateRequestParameters) },
  }
}

/** A method's `RequestValidatorId` and `RequestModels` on its operation. */
export function applyMethodValidation(
  document: Document, operation: Document, props: Record<string, any>, validatorNames: ReadonlyMap<string, string>, where: string,
): void {
  if (props.RequestValidatorId !== undefined) {
    const name = typeof props.RequestValidatorId === 'string' ? validatorNames.get(props.RequestValidatorId) : undefined
    if (name === undefined) throw new TemplateError(`${where}.RequestValidatorId must be a Ref to an AWS::ApiGateway::RequestValidator of this template`)
    operation['x-amazon-apigateway-request-validator'] = name
  }
  const models = Object.entries((props.RequestModels ?? {}) as Record<string, unknown>).map(([type, model]) => [type, String(model)] as const)
  if (models.length === 0) return
  if (isOas3(document)) {
    operation.requestBody = { content: Object.fromEntries(models.map(([type, model]) => [type, { schema: { $ref: `#/components/schemas/${model}` } }])) }
    return
  }
  // Swagger 2 has one body schema for all the media types a method consumes.
  const distinct = new Set(models.map(([, model]) => model))
  if (distinct.size > 1) throw new TemplateError(`${where}.RequestModels: one model for every media type is all a Swagger 2.0 body can say here; use an OpenAPI 3 Body`)
  operation.consumes = models.map(([type]) => type)
  operation.parameters = [...(operation.parameters ?? []), { in: 'body', name: 'body', required: true, schema: { $ref: `#/definitions/${models[0][1]}` } }]
}
