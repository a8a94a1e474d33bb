/**
 * The FunctionName parameter of Lambda's API, in each form Lambda accepts: a name (`my-function`),
 * a name with a qualifier (`my-function:v1`), a partial ARN (`123456789012:function:my-function`)
 * or a full ARN (`arn:aws:lambda:us-west-2:123456789012:function:my-function[:alias]`).
 */
export interface FunctionReference {
  readonly name: string
  readonly qualifier?: string
}

const NAME = '[A-Za-z0-9_-]{1,64}'
const QUALIFIER = '(?:\\$LATEST|[A-Za-z0-9_-]{1,128})'
const FORMS = [
  new RegExp(`^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:function:(${NAME})(?::(${QUALIFIER}))?$`),
  new RegExp(`^\\d{12}:function:(${NAME})(?::(${QUALIFIER}))?$`),
  new RegExp(`^(${NAME})(?::(${QUALIFIER}))?$`),
]

/** Undefined when the text is none of Lambda's forms. */
export function parseFunctionName(text: string): FunctionReference | undefined {
  for (const form of FORMS) {
    const match = form.exec(text)
    if (match !== null) return match[2] === undefined ? { name: match[1] } : { name: match[1], qualifier: match[2] }
  }
  return undefined
}
