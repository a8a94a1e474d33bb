import { performance } from 'node:perf_hooks'
import { buildContextVariable, buildOverrides, collectOverrides, overridesForNextTemplate, type Overrides } from './context-variable.ts'
import { InputVariable } from './input-variable.ts'
import type { JavaValue } from './java-value.ts'
import { toJavaValue } from './java-value.ts'
import { parseTemplate } from './parse-template.ts'
import { RenderBudget, type MonotonicClock } from './render-budget.ts'
import type { ParsedTemplate } from './template-ast.ts'
import { TemplateError, TemplateRenderError } from './template-error.ts'
import type { TemplateInput, TemplateOutput } from './template-input.ts'
import { TemplateInterpreter } from './template-interpreter.ts'
import { TEMPLATE_LIMITS, type TemplateLimits } from './template-limits.ts'
import { UtilVariable } from './util-variable.ts'

export { TemplateError, TemplateRenderError }

export interface RenderedTemplate extends TemplateOutput {
  /**
   * Both override maps as plain data (custom keys included, e.g. `responseOverride.custom`), to
   * pass under `context.requestOverride` / `context.responseOverride` to the next template of the
   * same request, which AWS lets read them
   * (recorded: test_apigateway_integrations > test_integration_mock_with_request_overrides_in_response_template).
   */
  readonly contextOverrides: { requestOverride: Record<string, unknown>; responseOverride: Record<string, unknown> }
  /** `body` as UTF-8, made once at compile time for a template of text alone (shared: never written to). */
  readonly bodyBytes?: Buffer
}

export interface CompiledTemplate {
  /**
   * Renders against one request. Throws `TemplateRenderError` when the template exceeds a bound
   * or fails as AWS's engine would (a Java exception, an override written twice); AWS answers
   * those with a 500.
   */
  render(input: TemplateInput): RenderedTemplate
  /**
   * False for a template of text alone: it reads nothing of its input but the overrides seeded in
   * `context`, so a caller may skip building the rest (`EMPTY_TEMPLATE_INPUT` with those).
   */
  readonly readsInput: boolean
}

/** An input with nothing in it, for a template that does not read its input. */
export const EMPTY_TEMPLATE_INPUT: TemplateInput = Object.freeze({
  body: '',
  params: Object.freeze({ path: Object.freeze({}), querystring: Object.freeze({}), header: Object.freeze({}) }),
  context: Object.freeze({}),
  stageVariables: Object.freeze({}),
})

export interface CompileOptions {
  readonly limits?: Partial<TemplateLimits>
  /** Milliseconds, monotonic; tests inject one to run out of time without sleeping. */
  readonly clock?: MonotonicClock
}

const systemMonotonicClock: MonotonicClock = () => performance.now()

/**
 * Parses a mapping template once, at deploy time (or when it is written), into something that
 * renders per request without re-parsing. A template that does not parse, or is larger than AWS's
 * 300 KB quota, throws `TemplateError` with the 1-based line and column of the problem.
 */
export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
  const limits: TemplateLimits = options.limits === undefined ? TEMPLATE_LIMITS : { ...TEMPLATE_LIMITS, ...options.limits }
  const clock = options.clock ?? systemMonotonicClock
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > limits.maxTemplateBytes) {
    throw new TemplateError(`template is ${bytes} bytes, over the ${limits.maxTemplateBytes}-byte limit`, 1, 1)
  }
  const parsed: ParsedTemplate = parseTemplate(source)
  // Text alone (the console's MOCK template, a fixed answer) renders the same for every request: once, here.
  const literal = parsed.macros.size === 0 && parsed.nodes.every((node) => node.kind === 'text')
    ? renderBody(parsed, new RenderBudget(limits, clock), templateGlobals(EMPTY_TEMPLATE_INPUT, limits, undefined))
    : undefined
  // Its rendering when nothing was seeded, the same for every request: one shared, frozen answer with its bytes.
  const literalRendered: RenderedTemplate | undefined = literal === undefined
    ? undefined
    : Object.freeze({ body: literal, bodyBytes: Buffer.from(literal, 'utf8'), ...NOTHING_OVERRIDDEN })
  return {
    readsInput: literal === undefined,
    render(input: TemplateInput): RenderedTemplate {
      const context = input.context ?? {}
      if (literal !== undefined) return nothingSeeded(context) ? literalRendered! : renderedTemplate(literal, buildOverrides(context))
      // `$context` is built only as far as the template reads it (context-variable.ts): a template that never
      // names it (the console's `{"statusCode": 200}`, most body templates) costs one empty map.
      const contextVariable = buildContextVariable(context)
      const body = renderBody(parsed, new RenderBudget(limits, clock), templateGlobals(input, limits, contextVariable.context))
      // Override maps the rendering never reached hold what was seeded: the template wrote none.
      const overrides = contextVariable.overridesIfBuilt() ?? (nothingSeeded(context) ? undefined : buildOverrides(context))
      return overrides === undefined ? { body, ...NOTHING_OVERRIDDEN } : renderedTemplate(body, overrides)
    },
  }
}

function templateGlobals(input: TemplateInput, limits: TemplateLimits, context: JavaValue | undefined): Map<string, JavaValue> {
  // Tolerate a partial input (a caller without a body or parameters) rather than fail mid-request.
  const params = { path: input.params?.path ?? {}, querystring: input.params?.querystring ?? {}, header: input.params?.header ?? {} }
  const globals = new Map<string, JavaValue>([
    ['input', new InputVariable(input.body ?? '', params, limits.maxJsonDepth)],
    ['util', new UtilVariable(limits.maxJsonDepth)],
    ['stageVariables', toJavaValue(input.stageVariables ?? {})],
  ])
  if (context !== undefined) globals.set('context', context)
  return globals
}

function renderBody(parsed: ParsedTemplate, budget: RenderBudget, globals: Map<string, JavaValue>): string {
  try {
    return new TemplateInterpreter(parsed, budget, globals).render()
  } catch (error) {
    // Values nested (by a template) deeper than the stack allows: bounded like any other runaway.
    if (error instanceof RangeError) throw new TemplateRenderError('STEP_BUDGET_EXCEEDED', `template recursion too deep: ${error.message}`)
    throw error
  }
}

/** What a template leaves when nothing was seeded and it never named `$context`: frozen, so it can be shared. */
const NOTHING_OVERRIDDEN = deepFreeze({
  requestOverride: { header: {}, querystring: {}, path: {} },
  responseOverride: { header: {} },
  contextOverrides: { requestOverride: { path: {}, header: {}, querystring: {} }, responseOverride: { header: {} } },
})

/** No overrides to start from: none given, or the very ones an earlier template left untouched. */
function nothingSeeded(context: Record<string, unknown>): boolean {
  const { requestOverride, responseOverride } = NOTHING_OVERRIDDEN.contextOverrides
  return (context.requestOverride === undefined || context.requestOverride === requestOverride)
    && (context.responseOverride === undefined || context.responseOverride === responseOverride)
}

/** The body and the overrides as the data plane applies them, read back from the maps a rendering left. */
function renderedTemplate(body: string, overrides: Overrides): RenderedTemplate {
  const { requestOverride, responseOverride } = collectOverrides(overrides)
  let contextOverrides: RenderedTemplate['contextOverrides'] | undefined
  return {
    body,
    requestOverride,
    responseOverride,
    // Copied only when read: most requests have no response template to pass them to.
    get contextOverrides() {
      contextOverrides ??= overridesForNextTemplate(overrides)
      return contextOverrides
    },
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const member of Object.values(value)) if (typeof member === 'object' && member !== null) deepFreeze(member)
  return Object.freeze(value)
}
