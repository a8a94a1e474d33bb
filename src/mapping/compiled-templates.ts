import type { ReportProblem } from '../core/compile-problem.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../core/gateway-error.ts'
import { compileTemplate, TemplateRenderError, type CompiledTemplate } from '../vtl/compile-template.ts'

/**
 * The mapping templates one deployment compiles, by their text. Methods with the same template (the console's
 * MOCK `{"statusCode": 200}`, every OPTIONS method's CORS answer, one response template on every method) share
 * one compiled form, which renders nothing but from its input. A template that fails to compile is not kept:
 * each method that has it reports its own problem.
 */
export class CompiledTemplates {
  readonly #bySource = new Map<string, CompiledTemplate>()

  compile(source: string, report: ReportProblem): CompiledTemplate {
    const known = this.#bySource.get(source)
    if (known !== undefined) return known
    let failed = false
    const compiled = compileOrFail(source, (reason) => {
      failed = true
      report(reason)
    })
    if (!failed) this.#bySource.set(source, compiled)
    return compiled
  }
}

/**
 * Templates are checked when written; one that still fails to parse here (stored before that check
 * existed) makes its method answer 500, as a configuration error does on AWS, instead of failing the deploy.
 * A template that parsed but fails while rendering (a bound hit, a Java exception such as
 * `$util.parseJson` of text that is not JSON, an override written twice) is AWS's 500
 * `{"message": "Internal server error"}` too: a gateway response, not a fault of the gateway.
 */
export function compileOrFail(source: string, report: ReportProblem): CompiledTemplate {
  let compiled: CompiledTemplate
  try {
    compiled = compileTemplate(source)
  } catch (error) {
    report(`${error instanceof Error ? error.message : String(error)}; the method answers 500 Internal server error`)
    return {
      readsInput: false,
      render() {
        throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
      },
    }
  }
  return {
    readsInput: compiled.readsInput,
    render(input) {
      try {
        return compiled.render(input)
      } catch (error) {
        if (error instanceof TemplateRenderError) {
          throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError, { cause: error })
        }
        throw error
      }
    },
  }
}
