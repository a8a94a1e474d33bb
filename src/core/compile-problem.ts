/**
 * Something a deployment holds that AWS accepts when it is deployed but that fails when a request
 * meets it: a template or a selection pattern that does not compile, a model that is no schema, an
 * authorizer the deployment lacks. The method still fails at request time as AWS's does; the problem
 * is also told once, when the deployment is made, naming the method.
 */
export interface CompileProblem {
  /** `GET /pets/{id}`, or what else the problem belongs to (`resource policy`, `gateway response DEFAULT_4XX`). */
  readonly where: string
  readonly reason: string
}

/** Receives each problem a compiler finds in the part it is compiling. */
export type ReportProblem = (reason: string) => void

/** For compilations whose problems were already told (a node compiling a deployment made elsewhere). */
export const IGNORE_PROBLEMS: ReportProblem = () => {}
