import { IGNORE_PROBLEMS, type ReportProblem } from '../core/compile-problem.ts'
import type { ContentHandling, Integration as IntegrationConfig, PassthroughBehavior } from '../model/integration.ts'
import type { CompiledTemplate } from '../vtl/compile-template.ts'
import { CompiledTemplates } from './compiled-templates.ts'
import { compileParameterSource, type ParameterReader } from './parameter-source.ts'
import { compileSelectionPattern, type SelectionPattern } from './selection-pattern.ts'

/**
 * The mapping half of a non-proxy integration, compiled at deploy time: request templates by
 * content type, the passthrough rule, and the integration responses with their selection patterns
 * and response templates. A template entry without text means "pass the body through".
 */
export interface CompiledIntegrationResponse {
  readonly statusCode: number
  /** Undefined for the default response (no or empty selectionPattern). */
  readonly pattern: SelectionPattern | undefined
  readonly templates: ReadonlyMap<string, CompiledTemplate | undefined>
  /** `method.response.header.X` ← source, compiled. */
  readonly responseParameters: readonly (readonly [string, ParameterReader])[]
  readonly contentHandling: ContentHandling | undefined
}

export interface CompiledMapping {
  readonly requestTemplates: ReadonlyMap<string, CompiledTemplate | undefined>
  readonly passthroughBehavior: PassthroughBehavior
  readonly contentHandling: ContentHandling | undefined
  readonly responses: readonly CompiledIntegrationResponse[]
  readonly defaultResponse: CompiledIntegrationResponse | undefined
}

/** `templates` shares compiled templates between the methods of one deployment. */
export function compileMapping(config: IntegrationConfig, report: ReportProblem = IGNORE_PROBLEMS, templates = new CompiledTemplates()): CompiledMapping {
  const responses: CompiledIntegrationResponse[] = []
  let defaultResponse: CompiledIntegrationResponse | undefined
  for (const response of Object.values(config.integrationResponses ?? {})) {
    const pattern = response.selectionPattern === undefined || response.selectionPattern === ''
      ? undefined
      : compileSelectionPattern(response.selectionPattern) ?? unreadablePattern(response.statusCode, response.selectionPattern, report)
    const compiled: CompiledIntegrationResponse = {
      statusCode: Number(response.statusCode),
      pattern,
      templates: compileTemplates(response.responseTemplates, `integration response ${response.statusCode}`, report, templates),
      responseParameters: compileResponseParameters(response.responseParameters),
      contentHandling: response.contentHandling,
    }
    if (pattern === undefined) defaultResponse ??= compiled
    else responses.push(compiled)
  }
  return {
    requestTemplates: compileTemplates(config.requestTemplates, 'integration request', report, templates),
    passthroughBehavior: config.passthroughBehavior,
    contentHandling: config.contentHandling,
    responses,
    defaultResponse,
  }
}

function compileResponseParameters(parameters: Readonly<Record<string, string>> | undefined): [string, ParameterReader][] {
  const compiled: [string, ParameterReader][] = []
  for (const [target, source] of Object.entries(parameters ?? {})) {
    const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1]
    if (name !== undefined) compiled.push([name, compileParameterSource(source)])
  }
  return compiled
}

/** A selection pattern JavaScript cannot read never matches, as a pattern that cannot match on AWS. */
function unreadablePattern(statusCode: string, pattern: string, report: ReportProblem): SelectionPattern {
  report(`integration response ${statusCode}: selectionPattern ${JSON.stringify(pattern)} is not a regular expression Gatehouse can run; it never matches`)
  return { test: () => false }
}

function compileTemplates(
  templates: Readonly<Record<string, string | null>> | undefined,
  where: string,
  report: ReportProblem,
  shared: CompiledTemplates,
): Map<string, CompiledTemplate | undefined> {
  const compiled = new Map<string, CompiledTemplate | undefined>()
  for (const [contentType, source] of Object.entries(templates ?? {})) {
    const problem = (reason: string): void => report(`${where} template for ${contentType}: ${reason}`)
    compiled.set(contentType.toLowerCase(), source === null || source === '' ? undefined : shared.compile(source, problem))
  }
  return compiled
}
