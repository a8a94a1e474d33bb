import type { ResourceNode } from '../../deploy/resource-tree.ts'

export interface ResourceMatch<M> {
  readonly node: ResourceNode<M>
  readonly method: M
  /**
   * Raw (still percent-encoded) values, as AWS puts them in `pathParameters`
   * (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration > invocation-payload-with-path-encoded-email).
   */
  readonly pathParameters: Record<string, string>
}

/**
 * Finds the resource and method for a request path, as AWS does: a literal path part beats a
 * `{param}`, which beats a `{proxy+}`; an exact verb beats `ANY`. When the most specific branch has
 * no method for the verb, matching backtracks to the next one. A trailing slash is ignored, and a
 * greedy variable keeps inner empty segments (`/a//b` → `a//b`; recorded: test_apigateway_lambda >
 * test_lambda_aws_proxy_integration > invocation-payload-with-double-slash).
 */
export function matchResource<M>(root: ResourceNode<M>, path: string, httpMethod: string): ResourceMatch<M> | undefined {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '')
  const segments = trimmed === '' ? [] : trimmed.split('/')
  return walk(root, segments, 0, httpMethod, {})
}

function walk<M>(
  node: ResourceNode<M>,
  segments: readonly string[],
  index: number,
  httpMethod: string,
  params: Record<string, string>,
): ResourceMatch<M> | undefined {
  if (index === segments.length) {
    const method = node.methods.get(httpMethod) ?? node.methods.get('ANY')
    if (method !== undefined) return { node, method, pathParameters: params }
  } else {
    const segment = segments[index]
    const literal = node.literals.get(segment)
    if (literal !== undefined) {
      const found = walk(literal, segments, index + 1, httpMethod, params)
      if (found !== undefined) return found
    }
    if (node.param !== undefined && segment !== '') {
      const found = walk(node.param.node, segments, index + 1, httpMethod, { ...params, [node.param.name]: segment })
      if (found !== undefined) return found
    }
  }
  if (node.greedy !== undefined && index < segments.length) {
    const greedy = node.greedy.node
    const method = greedy.methods.get(httpMethod) ?? greedy.methods.get('ANY')
    if (method !== undefined) {
      return { node: greedy, method, pathParameters: { ...params, [node.greedy.name]: segments.slice(index).join('/') } }
    }
  }
  return undefined
}
