/**
 * Whether a media type is one of the API's `binaryMediaTypes` (developer guide, "Working with binary
 * media types"): entries may use wildcards (`image/*`, `*\/*`).
 */
export function matchesBinaryMediaType(binaryMediaTypes: readonly string[], type: string | undefined): boolean {
  if (type === undefined || binaryMediaTypes.length === 0) return false
  for (const entry of binaryMediaTypes) {
    const wanted = entry.toLowerCase()
    if (wanted === '*/*' || wanted === type) return true
    if (wanted.endsWith('/*') && type.startsWith(wanted.slice(0, -1))) return true
  }
  return false
}

/** The first type of an Accept header that is binary, for responses. */
export function acceptsBinary(binaryMediaTypes: readonly string[], accept: string | undefined): boolean {
  if (accept === undefined) return false
  return accept.split(',').some((part) => matchesBinaryMediaType(binaryMediaTypes, part.split(';')[0].trim().toLowerCase()))
}
