import { TemplateError } from './read-template.ts'

/**
 * Logical ids in an order where each comes after those it depends on, otherwise in the template's
 * order; a cycle is refused naming its members, as CloudFormation refuses a circular dependency.
 */
export function orderByDependencies(dependencies: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const ordered: string[] = []
  const done = new Set<string>()
  const remaining = [...dependencies.keys()]
  while (remaining.length > 0) {
    const next = remaining.findIndex((id) => [...dependencies.get(id)!].every((other) => done.has(other) || !dependencies.has(other)))
    if (next === -1) throw new TemplateError(`a circular dependency (DependsOn or references) leaves these resources unordered: ${remaining.join(', ')}`)
    const [id] = remaining.splice(next, 1)
    ordered.push(id)
    done.add(id)
  }
  return ordered
}
