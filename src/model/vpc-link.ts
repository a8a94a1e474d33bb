/**
 * A REST API VPC link (API reference, VpcLink): private integrations (`connectionType: VPC_LINK`)
 * reach the load balancer its `targetArns` name. Gatehouse makes it available at once; locally,
 * gatehouse.yaml's `vpcLinks` says where each link's load balancer is.
 */
export interface VpcLink {
  id: string
  name: string
  description?: string
  targetArns: string[]
  status: 'AVAILABLE' | 'PENDING' | 'DELETING' | 'FAILED'
  statusMessage?: string
  tags?: Record<string, string>
}
