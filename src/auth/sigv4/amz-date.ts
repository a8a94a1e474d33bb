/** SigV4's ISO 8601 basic timestamps: `20240617T153941Z` (the long date) and `20240617` (the short date). */

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/** Milliseconds since the epoch, or undefined when the text is not a valid long date. */
export function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text)
  if (m === null) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return formatAmzDate(ms) === text ? ms : undefined
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}
