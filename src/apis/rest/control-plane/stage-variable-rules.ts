import { badRequest } from '../../../core/management-error.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * AWS's rules for stage variables (API reference, Stage `variables`; developer guide, "Quotas for
 * configuring and running a REST API"): names of word characters, at most 64 of them; values of
 * letters, digits and ` -._~:/?#&=,`, at most 512; at most 100 variables per stage. The two texts
 * for a bad name or value are AWS's as its users report them; the three length texts are ours
 * (messages.ts).
 * Canary `stageVariableOverrides` follow the same rules: they become stage variables of canary requests.
 */

const NAME = /^\w+$/
const VALUE = /^[A-Za-z0-9 \-._~:/?#&=,]+$/
export const MAX_STAGE_VARIABLES = 100
const MAX_NAME_LENGTH = 64
const MAX_VALUE_LENGTH = 512

export function checkStageVariable(name: string, value: string): void {
  if (!NAME.test(name)) throw badRequest(REST_MESSAGES.invalidVariableName(name))
  if (name.length > MAX_NAME_LENGTH) throw badRequest(REST_MESSAGES.variableNameTooLong(name, MAX_NAME_LENGTH))
  if (!VALUE.test(value)) throw badRequest(REST_MESSAGES.invalidVariableValue(value))
  if (value.length > MAX_VALUE_LENGTH) throw badRequest(REST_MESSAGES.variableValueTooLong(name, MAX_VALUE_LENGTH))
}

/** Checks every variable of a map, then the count. */
export function checkStageVariables(variables: Readonly<Record<string, string>> | undefined): void {
  if (variables === undefined) return
  for (const [name, value] of Object.entries(variables)) checkStageVariable(name, value)
  checkStageVariableCount(variables)
}

export function checkStageVariableCount(variables: Readonly<Record<string, string>>): void {
  const count = Object.keys(variables).length
  if (count > MAX_STAGE_VARIABLES) throw badRequest(REST_MESSAGES.tooManyVariables(MAX_STAGE_VARIABLES, count))
}
