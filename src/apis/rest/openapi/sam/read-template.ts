import { parse as parseYaml, type Tags } from 'yaml'
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../../../core/json-depth.ts'

/**
 * Reads a SAM/CloudFormation template, YAML or JSON. CloudFormation's short-form tags (`!Ref X`,
 * `!GetAtt A.B`, `!Sub ...`, `!If [...]`) become the long form (`{"Ref": "X"}`,
 * `{"Fn::GetAtt": ["A", "B"]}`, ...) that JSON templates use, so one resolver handles both.
 */

const FUNCTIONS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'If', 'ImportValue', 'Join', 'Not', 'Or', 'Select', 'Split', 'Sub', 'Transform',
]

const toJson = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: value }
  // `!GetAtt Resource.Attribute` splits at the first dot (attributes may themselves contain dots).
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.')
    return { 'Fn::GetAtt': dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] }
  }
  return { [`Fn::${name}`]: value }
}

const CLOUDFORMATION_TAGS: Tags = ['Ref', 'Condition', 'GetAtt', ...FUNCTIONS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => longForm(name, value) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => longForm(name, toJson(seq)) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => longForm(name, toJson(map)) },
])

export class TemplateError extends Error {}

/** YAML or JSON with CloudFormation's tags, as a mapping; a syntax error names the file and the parser's position. */
export function readYamlDocument(text: string, file: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = parseYaml(text, { customTags: CLOUDFORMATION_TAGS, maxAliasCount: 1000 })
  } catch (error) {
    throw new TemplateError(`${file}: ${(error as Error).message}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TemplateError(`${file}: expected a mapping at the top`)
  if (exceedsJsonDepth(parsed)) throw new TemplateError(`${file}: nested deeper than ${MAX_JSON_DEPTH} levels`)
  return parsed as Record<string, unknown>
}

/** The template as a plain object. */
export function readTemplate(text: string, file: string): Record<string, unknown> {
  const template = readYamlDocument(text, file)
  if (template.Resources === null || typeof template.Resources !== 'object') throw new TemplateError(`${file}: the template has no Resources`)
  return template
}
