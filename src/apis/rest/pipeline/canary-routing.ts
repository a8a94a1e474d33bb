import type { ServedStage } from '../stage-registry.ts'

/** A number in [0, 1), as Math.random gives; injected so tests can seed it. */
export type RandomSource = () => number

/** A stage as loaded: what it serves, and what its canary serves to a share of the requests. */
export interface StageRelease {
  readonly base: ServedStage
  readonly canary?: ServedStage
  /** canarySettings.percentTraffic, 0–100. */
  readonly percentTraffic: number
}

/**
 * Canary routing, decided per request (developer guide, "Set up an API Gateway canary release
 * deployment"): `percentTraffic` percent of the requests go to the canary's deployment, with the
 * canary's `stageVariableOverrides` over the stage variables; the rest go to the stage's deployment.
 */
export function chooseServedStage(release: StageRelease, random: RandomSource): ServedStage {
  if (release.canary === undefined || release.percentTraffic <= 0) return release.base
  return random() * 100 < release.percentTraffic ? release.canary : release.base
}
