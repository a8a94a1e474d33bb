/**
 * The bounds every template runs within. The first three are AWS's published quotas
 * (developer guide, "Quotas for configuring and running a REST API in API Gateway": template 300 KB,
 * `#foreach` 1000 iterations, payload 10 MB);
 * the rest are ours, so that no template can stall the event loop or exhaust memory.
 */
export interface TemplateLimits {
  /** A template longer than this (in UTF-8 bytes) is refused when it is compiled. */
  readonly maxTemplateBytes: number
  /** Each `#foreach` stops after this many iterations, as Velocity's `directive.foreach.maxloops` does. */
  readonly maxForeachIterations: number
  /** Rendered output, and any string a template builds, may not grow past this (UTF-16 code units). */
  readonly maxOutputChars: number
  /** Evaluation steps (nodes visited, loop turns, method calls) before rendering is abandoned. */
  readonly maxSteps: number
  /** Wall-clock budget for one rendering, checked every few thousand steps. */
  readonly maxRenderMillis: number
  /** `#macro` call depth (Velocity's `velocimacro.max.depth` defaults to 20). */
  readonly maxMacroDepth: number
  /** Nesting depth of JSON a template reads; deeper bodies read as not-JSON. */
  readonly maxJsonDepth: number
  /** Elements of a list a template builds (`[1..n]`, `add`, `addAll`). */
  readonly maxCollectionSize: number
  /**
   * Wall-clock budget, shared by every call in one rendering, for the regular expressions only a
   * backtracking engine can run (backreferences, lookaround); the linear-time engine never spends it.
   */
  readonly maxRegexMillis: number
}

export const TEMPLATE_LIMITS: TemplateLimits = {
  maxTemplateBytes: 300 * 1024,
  maxForeachIterations: 1000,
  maxOutputChars: 10 * 1024 * 1024,
  maxSteps: 2_000_000,
  maxRenderMillis: 1_000,
  maxMacroDepth: 20,
  maxJsonDepth: 512,
  maxCollectionSize: 100_000,
  // Such patterns take microseconds on the inputs they are written for; a tenth of a second is only ever
  // reached by one that has gone exponential, and bounds what one request can take from the others.
  maxRegexMillis: 100,
}
