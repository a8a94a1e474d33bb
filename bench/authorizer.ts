// A trivial Lambda TOKEN authorizer allowing every method of the API: the cost measured is the
// gateway's (and, once cached, nothing but the cache lookup and the policy check).
export async function handler(event: { methodArn: string }) {
  const everyMethod = event.methodArn.split('/').slice(0, 2).join('/') + '/*'
  return {
    principalId: 'bench',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: everyMethod }] },
    context: { tier: 'bench' },
  }
}
