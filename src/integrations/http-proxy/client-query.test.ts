import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { appendClientQuery, fixedAddressWithQuery } from './client-query.ts'
import { compileEndpointUri } from './endpoint-uri.ts'

/** What the parsing path sends: the URI parsed, the client's query appended with the URL's setter. */
function parsed(template: string, rawQuery: string): { origin: string; path: string; href: string } {
  const url = new URL(template)
  appendClientQuery(url, rawQuery)
  return { origin: url.origin, path: url.pathname + url.search, href: url.href }
}

const TEMPLATES = ['http://backend.example:8080/', 'https://backend.example/pets?type=dog', 'http://user:pw@backend.example/a%20b?', 'http://backend.example/x#fragment']

describe('the client query on a URI without variables', () => {
  it('sends what the URL parser would, for every query it keeps as it is', () => {
    // Every printable ASCII character alone and in pairs, then random strings of them with a few others mixed in.
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i))
    const queries = ['', '?', '??a', 'a=1&a=2', '%zz', '%41', ...printable, ...printable.map((c) => `a${c}b=${c}`)]
    let seed = 17
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    const alphabet = [...printable, '\t', '\n', 'é', '\u0000', '\u007f']
    for (let i = 0; i < 2000; i++) queries.push(Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''))
    let kept = 0
    for (const template of TEMPLATES) {
      const fixed = compileEndpointUri(template).fixed
      assert.ok(fixed !== undefined, template)
      for (const query of queries) {
        const address = fixedAddressWithQuery(fixed, query)
        if (address === undefined) continue
        kept++
        const expected = parsed(template, query)
        assert.deepEqual({ origin: address.origin, path: address.path, href: address.url().href }, expected, `${template} + ${JSON.stringify(query)}`)
      }
    }
    assert.ok(kept > TEMPLATES.length * 200, `only ${kept} queries took the fixed path`)
  })

  it('leaves to the parser a query it would percent-encode', () => {
    const fixed = compileEndpointUri('http://backend.example/').fixed!
    for (const query of ['a b', 'a"b', 'a#b', "a'b", 'a<b', 'a>b', 'é', 'a\tb', '\u007f']) assert.equal(fixedAddressWithQuery(fixed, query), undefined, query)
    assert.equal(parsed('http://backend.example/', 'a b#c').path, '/?a%20b%23c')
  })

  it('has no fixed parts for a URI with variables', () => {
    assert.equal(compileEndpointUri('http://backend.example/{id}').fixed, undefined)
    assert.equal(compileEndpointUri('http://${stageVariables.host}/').fixed, undefined)
  })
})
