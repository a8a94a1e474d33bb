import { badRequest } from '../../../core/management-error.ts'

/**
 * AWS's rules for stage variables (API reference, Stage `variables`; developer guide, "Quotas for
 * configuring and running a REST API"): names of word characters, at most 64 of them; values of
 * letters, digits and ` -._~:/?#&=,`, at most 512; at most 100 variables per stage. The two texts
 * for a bad name or value are AWS's as its users report them, odd quoting included
 * (`-'` lacks its opening quote); the three length texts are ours (AWS's are not recorded).
 * Canary `stageVariableOverrides` follow the same rules: they become stage variables of canary requests.
 */

const NAME = /^\w+$/
const VALUE = /^[A-Za-z0-9 \-._~:/?#&=,]+$/
export const MAX_STAGE_VARIABLES = 100
const MAX_NAME_LENGTH = 64
const MAX_VALUE_LENGTH = 512

export function checkStageVariable(name: string, value: string): void {
  if (!NAME.test(name)) throw badRequest(`Invalid stage variable name: ${name}.  Please use names with only word characters.`)
  if (name.length > MAX_NAME_LENGTH) {
    throw badRequest(`Invalid stage variable name: ${name}.  Names can be at most ${MAX_NAME_LENGTH} characters long.`)
  }
  if (!VALUE.test(value)) {
    throw badRequest(
      `Invalid stage variable value: ${value}.  Please use values with alphanumeric characters and the symbols ` +
        `' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.`,
    )
  }
  if (value.length > MAX_VALUE_LENGTH) {
    throw badRequest(`Invalid stage variable value for ${name}.  Values can be at most ${MAX_VALUE_LENGTH} characters long.`)
  }
}

/** Checks every variable of a map, then the count. */
export function checkStageVariables(variables: Readonly<Record<string, string>> | undefined): void {
  if (variables === undefined) return
  for (const [name, value] of Object.entries(variables)) checkStageVariable(name, value)
  checkStageVariableCount(variables)
}

export function checkStageVariableCount(variables: Readonly<Record<string, string>>): void {
  const count = Object.keys(variables).length
  if (count > MAX_STAGE_VARIABLES) {
    throw badRequest(`A stage can have at most ${MAX_STAGE_VARIABLES} stage variables; this one would have ${count}.`)
  }
}
