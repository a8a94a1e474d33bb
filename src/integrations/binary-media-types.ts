/**
 * Whether a media type is one of the API's `binaryMediaTypes` (developer guide, "Binary media types
 * for REST APIs in API Gateway"): an entry may end in a wildcard (`image/*`), and `*\/*` makes every
 * payload binary. A wildcard on the left (`*\/test`) matches nothing: AWS reads only a type's subtype
 * as a pattern (no recording has it; as users report it and LocalStack reproduces it).
 */
export function matchesBinaryMediaType(binaryMediaTypes: readonly string[], type: string | undefined): boolean {
  if (type === undefined || binaryMediaTypes.length === 0) return false
  for (const entry of binaryMediaTypes) {
    const wanted = entry.toLowerCase()
    if (wanted === '*/*') return true
    const slash = wanted.indexOf('/')
    if (slash <= 0 || wanted.slice(0, slash) === '*') continue
    if (wanted === type) return true
    if (wanted.endsWith('/*') && type.startsWith(wanted.slice(0, -1))) return true
  }
  return false
}

/**
 * Whether an answer goes out binary for this Accept header: only its first media type counts
 * (developer guide, "Content type conversions in API Gateway": "When a request contains multiple media
 * types in its Accept header, API Gateway honors only the first Accept media type").
 */
export function acceptsBinary(binaryMediaTypes: readonly string[], accept: string | undefined): boolean {
  if (accept === undefined) return false
  return matchesBinaryMediaType(binaryMediaTypes, accept.split(',')[0].split(';')[0].trim().toLowerCase())
}
