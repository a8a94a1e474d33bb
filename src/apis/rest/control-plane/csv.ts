/**
 * A small RFC 4180 reader for ImportApiKeys files: comma-separated fields, fields quoted with `"`
 * (doubled to escape) or — as AWS's API key file format allows — with `'`; CRLF or LF line ends.
 * Blank lines are skipped, and a leading byte-order mark (spreadsheets write one) is dropped.
 * Returns the rows with their 1-based line numbers.
 */
export function parseCsv(input: string): { line: number; fields: string[] }[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input
  const rows: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  let quote: string | undefined
  let line = 1
  let rowLine = 1
  let sawAny = false
  const endRow = (): void => {
    fields.push(field)
    if (sawAny || fields.length > 1) rows.push({ line: rowLine, fields })
    fields = []
    field = ''
    sawAny = false
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quote !== undefined) {
      if (char === quote) {
        if (text[i + 1] === quote) {
          field += quote
          i++
        } else quote = undefined
      } else {
        if (char === '\n') line++
        field += char
      }
      continue
    }
    if ((char === '"' || char === "'") && field === '') {
      quote = char
      sawAny = true
    } else if (char === ',') {
      fields.push(field)
      field = ''
      sawAny = true
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else {
      field += char
      sawAny = true
    }
  }
  if (field !== '' || fields.length > 0 || sawAny) endRow()
  return rows
}
