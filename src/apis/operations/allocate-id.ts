/**
 * New resources get random ids (AWS's are 6 or 10 lowercase alphanumerics), and a random id may
 * already be taken. `allocateId` draws ids until `claim` accepts one: `claim` is where the caller
 * inserts (a store insert answers false when the key exists) or checks, inside its transaction, so
 * no two resources ever share an id. A store that refuses every id is a bug, not a collision: after
 * MAX_ATTEMPTS draws it is reported as one.
 */

const MAX_ATTEMPTS = 100

export async function allocateId(draw: () => string, claim: (id: string) => Promise<boolean>): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const id = draw()
    if (await claim(id)) return id
  }
  throw new Error(`no free id after ${MAX_ATTEMPTS} attempts: the store refuses every insert`)
}
