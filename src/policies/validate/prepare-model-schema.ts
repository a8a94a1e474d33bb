import { walkSchema, type SchemaNode } from './draft-04.ts'

/**
 * A model's schema as Ajv gets it: a copy whose root `id` is the model's canonical URL, so other
 * models' `$ref`s resolve to it and its own `#/definitions/...` refs stay inside it. `$schema` is
 * dropped (only draft 4 exists here) and nested `id`s too: users paste schemas from generators
 * that stamp `"id": "http://jsonschema.net/..."` on every node, and two models carrying the same
 * ones must not collide in one Ajv.
 */
export function prepareModelSchema(schema: SchemaNode, url: string): SchemaNode {
  const copy = structuredClone(schema)
  for (const node of walkSchema(copy)) delete node.id
  delete copy.$schema
  copy.id = url
  return copy
}

/** A stored schema source parsed to a JSON object, or undefined when it is not one. */
export function parseSchemaObject(source: string | undefined): SchemaNode | undefined {
  try {
    const parsed: unknown = JSON.parse(source ?? '')
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as SchemaNode : undefined
  } catch {
    return undefined
  }
}
