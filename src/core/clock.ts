/** Time is injected everywhere so tests never sleep. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  #now: number
  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs
  }
  now(): number {
    return this.#now
  }
  advance(ms: number): void {
    this.#now += ms
  }
  set(ms: number): void {
    this.#now = ms
  }
}

/** AWS's control plane dates are epoch seconds on the wire. */
export const epochSeconds = (ms: number): number => Math.floor(ms / 1000)
