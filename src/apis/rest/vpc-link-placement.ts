import type { VpcLink } from '../../model/vpc-link.ts'

/**
 * Where each VPC link's load balancer is reached here: gatehouse.yaml's `vpcLinks` names a link by
 * its id, else its name, else one of its target ARNs. Own keys only, so a link named `constructor`
 * is not Object.prototype's. Links it does not name are left out (their private integrations fail).
 */
export function placeVpcLinks(links: readonly VpcLink[], targets: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const placed = new Map<string, string>()
  for (const link of links) {
    const key = [link.id, link.name, ...link.targetArns].find((candidate) => Object.hasOwn(targets, candidate))
    if (key !== undefined) placed.set(link.id, targets[key])
  }
  return placed
}
