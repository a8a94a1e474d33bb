/** A policy document Gatehouse cannot evaluate; the message says which statement and why. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError'
}
