/**
 * The Lambda function an `AWS`/`AWS_PROXY` integration URI names:
 * `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`, where the
 * function ARN (or bare name) may carry a version or alias and may use stage variables
 * (`function:${stageVariables.fn}`, `function:orders:${stageVariables.alias}`), which are
 * substituted per stage, as AWS does.
 */
export interface LambdaTarget {
  readonly functionName: string
  readonly qualifier?: string
}

export interface CompiledLambdaTarget {
  resolve(stageVariables: Readonly<Record<string, string>>): LambdaTarget | undefined
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g

export function compileLambdaTarget(uri: string): CompiledLambdaTarget {
  if (!uri.includes('${stageVariables.')) {
    const fixed = parseLambdaUri(uri)
    return { resolve: () => fixed }
  }
  return { resolve: (variables) => parseLambdaUri(uri.replace(STAGE_VARIABLE, (_, name: string) => variables[name] ?? '')) }
}

export function parseLambdaUri(uri: string): LambdaTarget | undefined {
  const match = /:lambda:path\/2015-03-31\/functions\/(.+?)\/invocations$/.exec(uri)
  if (match === null) return undefined
  let target: string
  try {
    target = decodeURIComponent(match[1])
  } catch {
    return undefined
  }
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(target)
  if (arn !== null) return arn[2] === undefined ? { functionName: arn[1] } : { functionName: arn[1], qualifier: arn[2] }
  const bare = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(target)
  if (bare === null) return undefined
  return bare[2] === undefined ? { functionName: bare[1] } : { functionName: bare[1], qualifier: bare[2] }
}
