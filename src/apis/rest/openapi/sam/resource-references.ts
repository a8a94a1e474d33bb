/**
 * The logical ids a template value refers to, as CloudFormation reads them to order creation
 * (CloudFormation user guide, "DependsOn attribute": a resource that `Ref`s or `Fn::GetAtt`s
 * another is created after it): `Ref`, `Fn::GetAtt` and the `${Name}` / `${Name.Attribute}` of
 * `Fn::Sub` (not `${!Literal}`, the pseudo parameters, or the Sub's own variables).
 */
export function resourceReferences(value: unknown): Set<string> {
  const found = new Set<string>()
  visit(value, found)
  return found
}

function visit(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, found)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, argument] of Object.entries(value)) {
    if (key === 'Ref' && typeof argument === 'string') found.add(argument)
    else if (key === 'Fn::GetAtt') {
      const target = typeof argument === 'string' ? argument.split('.')[0] : Array.isArray(argument) ? argument[0] : undefined
      if (typeof target === 'string') found.add(target)
      else visit(argument, found)
    } else if (key === 'Fn::Sub') {
      const [template, variables] = typeof argument === 'string' ? [argument, {}] : Array.isArray(argument) ? argument : [undefined, {}]
      if (typeof template === 'string') {
        for (const [, name] of template.matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const target = name.split('.')[0]
          if (!target.startsWith('AWS::') && !Object.hasOwn((variables ?? {}) as object, name)) found.add(target)
        }
      }
      visit(variables, found)
    } else visit(argument, found)
  }
}
