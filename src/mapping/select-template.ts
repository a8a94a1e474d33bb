/**
 * Response template choice (developer guide, "Mapping templates"): the Accept header's first type
 * that has one, else `application/json`, else the first template defined. (Request templates are
 * chosen by Content-Type in the Integration Request phase, together with passthroughBehavior.)
 */
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
  // back to it for an Accept nothing matches, before the first template (as LocalStack implements it; no recording shows it).
  const json = templates.get('application/json')
  if (json !== undefined) return { contentType: 'application/json', template: json }
  const [contentType, template] = templates.entries().next().value!
  return { contentType, template }
}
