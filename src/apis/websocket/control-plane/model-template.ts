/** How deep the template follows nested objects and arrays; deeper values are copied whole. */
const MAX_DEPTH = 8

type Schema = { type?: unknown; properties?: Record<string, Schema>; items?: Schema }

const SHAPED = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean'])
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The mapping template GetModelTemplate answers for a model (developer guide, "Setting up data
 * transformations for WebSocket APIs": API Gateway "generates a template blueprint based on a
 * provided model"): `#set($inputRoot = $input.path('$'))`, then the model's shape with each member
 * read from the input — strings quoted, numbers and booleans bare, arrays through `#foreach`, a
 * member without a shape (a `$ref`, no `type`) as JSON. The blueprint's exact layout is not
 * recorded; this follows the REST examples of the guide ("Mapping template examples").
 */
export function modelTemplate(schemaSource: string): string {
  let schema: unknown
  try {
    schema = JSON.parse(schemaSource)
  } catch {
    schema = {}
  }
  return `#set($inputRoot = $input.path('$'))\n${value(schema as Schema, '$inputRoot', '$', 0, '')}\n`
}

/** `reference` reads the value in VTL; `path` is its JSONPath while outside any array (for `$input.json`), else undefined. */
function value(schema: Schema, reference: string, path: string | undefined, depth: number, indent: string): string {
  const type = typeof schema === 'object' && schema !== null ? schema.type : undefined
  if (depth >= MAX_DEPTH || typeof type !== 'string' || !SHAPED.has(type)) return path === undefined ? reference : `$input.json('${path}')`
  if (type === 'string') return `"${reference}"`
  if (type !== 'object' && type !== 'array') return reference
  if (type === 'array') {
    const element = `$elem${depth}`
    return `[\n#foreach(${element} in ${reference})\n${indent}  ${value(schema.items ?? {}, element, undefined, depth + 1, `${indent}  `)}#if($foreach.hasNext),#end\n#end\n${indent}]`
  }
  const members = Object.entries(schema.properties ?? {}).filter(([name]) => NAME.test(name))
  if (members.length === 0) return path === undefined ? reference : `$input.json('${path}')`
  const lines = members.map(([name, member]) =>
    `${indent}  "${name}" : ${value(member, `${reference}.${name}`, path === undefined ? undefined : `${path}.${name}`, depth + 1, `${indent}  `)}`)
  return `{\n${lines.join(',\n')}\n${indent}}`
}
