/** A function's ARN as an integration or authorizer URI; the Lambda target reader wants the invocation form. */
export function invocationUri(uri: string): string {
  if (!uri.startsWith('arn:') || uri.includes(':apigateway:')) return uri
  const region = uri.split(':')[3]
  return `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${uri}/invocations`
}
