import type { TemplateLimits } from './template-limits.ts'
import { RegexBudget } from './regex-budget.ts'
import { TemplateRenderError } from './template-error.ts'

/** A monotonic millisecond clock; injected so tests can exhaust the time budget without sleeping. */
export type MonotonicClock = () => number

const CLOCK_CHECK_INTERVAL = 4096

/**
 * Bounds one rendering. Every node visited, loop turn and method call costs a step; the clock is
 * read every few thousand steps. Rendering is synchronous, so these bounds are what keep a runaway
 * template from holding the event loop.
 */
export class RenderBudget {
  readonly limits: TemplateLimits
  /** What `matches`, `replaceAll` and `split` may spend on backtracking patterns in this rendering. */
  readonly regexBudget: RegexBudget
  readonly #clock: MonotonicClock
  readonly #deadline: number
  #steps = 0

  constructor(limits: TemplateLimits, clock: MonotonicClock) {
    this.limits = limits
    this.regexBudget = new RegexBudget(limits.maxRegexMillis)
    this.#clock = clock
    this.#deadline = clock() + limits.maxRenderMillis
  }

  step(cost = 1): void {
    const before = this.#steps
    this.#steps += cost
    if (this.#steps > this.limits.maxSteps) {
      throw new TemplateRenderError('STEP_BUDGET_EXCEEDED', `template exceeded ${this.limits.maxSteps} evaluation steps`)
    }
    if (Math.floor(before / CLOCK_CHECK_INTERVAL) !== Math.floor(this.#steps / CLOCK_CHECK_INTERVAL) && this.#clock() > this.#deadline) {
      throw new TemplateRenderError('TIME_BUDGET_EXCEEDED', `template exceeded ${this.limits.maxRenderMillis} ms`)
    }
  }

  get steps(): number {
    return this.#steps
  }

  limitString(s: string): string {
    if (s.length > this.limits.maxOutputChars) {
      throw new TemplateRenderError('OUTPUT_TOO_LARGE', `template built a string longer than ${this.limits.maxOutputChars} characters`)
    }
    return s
  }

  limitSize(elements: number): void {
    if (elements > this.limits.maxCollectionSize) {
      throw new TemplateRenderError('COLLECTION_TOO_LARGE', `template built a list longer than ${this.limits.maxCollectionSize} elements`)
    }
  }
}
