/**
 * Template choice (developer guide, "Mapping templates"): a request template is chosen by the MIME
 * part of Content-Type, `application/json` when the client sent none; a response template by the
 * Accept header's first type that has one, else `application/json`, else the first template defined.
 */
export function selectRequestTemplate<T>(templates: ReadonlyMap<string, T>, contentType: string | undefined): T | undefined {
  return templates.get(contentType ?? 'application/json')
}

export function selectResponseTemplate<T>(
  templates: ReadonlyMap<string, T>,
  accept: string | undefined,
): { contentType: string; template: T } | undefined {
  if (templates.size === 0) return undefined
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0].trim().toLowerCase()
    const found = templates.get(type)
    if (found !== undefined) return { contentType: type, template: found }
  }
  // An absent Accept means application/json (developer guide, "Mapping templates"), and AWS falls
  // back to it for an Accept nothing matches, before the first template [LS-impl].
  const json = templates.get('application/json')
  if (json !== undefined) return { contentType: 'application/json', template: json }
  const [contentType, template] = templates.entries().next().value!
  return { contentType, template }
}
