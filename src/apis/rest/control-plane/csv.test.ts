import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCsv } from './csv.ts'

describe('parseCsv (ImportApiKeys files)', () => {
  it('reads plain rows, CRLF and LF, and skips blank lines', () => {
    assert.deepEqual(parseCsv('Key,name\r\nabc,one\n\nxyz,two\n'), [
      { line: 1, fields: ['Key', 'name'] },
      { line: 2, fields: ['abc', 'one'] },
      { line: 4, fields: ['xyz', 'two'] },
    ])
  })

  it('keeps commas inside double or single quotes, and doubled quotes as one (AWS API key file format)', () => {
    assert.deepEqual(parseCsv(`a,"c7y23b,glvrsr",'x,y',"say ""hi"""`), [
      { line: 1, fields: ['a', 'c7y23b,glvrsr', 'x,y', 'say "hi"'] },
    ])
  })

  it('drops a leading byte-order mark', () => {
    assert.deepEqual(parseCsv('\uFEFFName,Key\n'), [{ line: 1, fields: ['Name', 'Key'] }])
  })

  it('keeps empty fields', () => {
    assert.deepEqual(parseCsv('a,,c\n,,'), [{ line: 1, fields: ['a', '', 'c'] }, { line: 2, fields: ['', '', ''] }])
  })
})
