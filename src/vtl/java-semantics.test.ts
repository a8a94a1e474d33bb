import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CONTEXT_KEY_ORDER, IDENTITY_KEY_ORDER } from './context-variable.ts'
import { escapeJsonString, formatJavaDouble, toJavaString } from './java-format.ts'
import { JavaHashMap, javaStringHash } from './java-hash-map.ts'
import { JavaDouble, markJsonList } from './java-value.ts'
import { compileJsonPath } from './json-path.ts'
import { JsonValueError, parseJsonValue } from './parse-json-value.ts'
import { escapeJavaScript, urlDecode, urlEncode } from './util-variable.ts'

describe('Java HashMap iteration order', () => {
  it('hashes strings as java.lang.String.hashCode does', () => {
    assert.equal(javaStringHash(''), 0)
    assert.equal(javaStringHash('a'), 97)
    assert.equal(javaStringHash('hello'), 99162322)
    assert.equal(javaStringHash('polygenelubricants'), -2147483648)
  })

  it('iterates the recorded $context keys in the recorded order from any insertion order that keeps bucket mates in order', () => {
    const alphabetical = [...CONTEXT_KEY_ORDER].sort()
    const map = new JavaHashMap()
    for (const key of CONTEXT_KEY_ORDER) map.set(key, 1)
    assert.deepEqual([...map.keys()], CONTEXT_KEY_ORDER)
    // Alphabetical insertion differs only inside shared buckets (path/accountId, ...): the reason
    // CONTEXT_KEY_ORDER exists.
    const other = new JavaHashMap()
    for (const key of alphabetical) other.set(key, 1)
    assert.notDeepEqual([...other.keys()], CONTEXT_KEY_ORDER)
    assert.deepEqual(new Set(other.keys()), new Set(CONTEXT_KEY_ORDER))
  })

  it('uses 16 buckets for 12 keys (no resize) and 32 for 13 or more', () => {
    const identity = new JavaHashMap()
    for (const key of IDENTITY_KEY_ORDER) identity.set(key, null)
    assert.deepEqual([...identity.keys()], IDENTITY_KEY_ORDER)
    assert.deepEqual([...identity.entries()].map(([k]) => k), IDENTITY_KEY_ORDER)
  })
})

describe('Java toString', () => {
  it('prints doubles as Double.toString', () => {
    const cases: [number, string][] = [[1, '1.0'], [0.5, '0.5'], [100, '100.0'], [1e7, '1.0E7'], [9999999, '9999999.0'], [0.001, '0.001'],
      [0.0001, '1.0E-4'], [1.5e-7, '1.5E-7'], [-2.5e10, '-2.5E10'], [0, '0.0'], [-0, '-0.0'], [NaN, 'NaN'], [Infinity, 'Infinity']]
    for (const [d, s] of cases) assert.equal(formatJavaDouble(d), s, String(d))
  })

  it('prints maps as {k=v}, JSON lists as JSON, other lists as [a, b], null as nothing at the top and null inside', () => {
    const map = new Map<string, never>([['a', 1 as never], ['b', null as never], ['c', markJsonList([1, 'x', null]) as never], ['d', [1, 'x'] as never]])
    assert.equal(toJavaString(map), '{a=1, b=null, c=[1,"x",null], d=[1, x]}')
    assert.equal(toJavaString(null), '')
    assert.equal(toJavaString(new JavaDouble(2)), '2.0')
    assert.equal(toJavaString(12345678901234567890n), '12345678901234567890')
  })

  it('escapes JSON as json-smart does', () => {
    assert.equal(escapeJsonString('a"b\\c\n\u0001\u007f\u2028/é'), 'a\\"b\\\\c\\n\\u0001\\u007F\\u2028/é')
  })
})

describe('JSON as Jayway/json-smart reads it', () => {
  it('keeps integers, doubles and big integers apart', () => {
    const value = parseJsonValue('{"i": 1, "d": 1.0, "e": 1e2, "big": 9007199254740993, "neg": -5}', 10) as Map<string, unknown>
    assert.equal(value.get('i'), 1)
    assert.ok(value.get('d') instanceof JavaDouble)
    assert.ok(value.get('e') instanceof JavaDouble)
    assert.equal(value.get('big'), 9007199254740993n)
    assert.equal(value.get('neg'), -5)
  })

  it('tolerates a trailing comma, keeps the first position of a repeated key with the last value', () => {
    const value = parseJsonValue('{"a": 1, "b": 2, "a": 3,}', 10) as Map<string, unknown>
    assert.deepEqual([...value.entries()], [['a', 3], ['b', 2]])
    assert.equal(toJavaString(parseJsonValue('[1, 2,]', 10) as never), '[1,2]')
  })

  it('refuses malformed JSON and over-deep nesting', () => {
    for (const bad of ['', '{', '{"a" 1}', '[1 2]', 'tru', '"unterminated', '{"a": 1} x', "{'a': 1}", '[,]']) {
      assert.throws(() => parseJsonValue(bad, 10), JsonValueError, bad)
    }
    assert.throws(() => parseJsonValue('[[[[1]]]]', 3), JsonValueError)
    assert.doesNotThrow(() => parseJsonValue('[[[[1]]]]', 4))
  })
})

describe('JSONPath results follow Jayway: definite paths give the value, indefinite ones a list', () => {
  const root = parseJsonValue('{"store": {"book": [{"title": "A", "price": 8}, {"title": "B", "price": 12, "isbn": "x"}], "name": "s"}}', 20)
  const read = (path: string): string => toJavaString(compileJsonPath(path).read(root))

  it('reads definite paths', () => {
    assert.equal(read('$.store.name'), 's')
    assert.equal(read('$.store.book[1].title'), 'B')
    assert.equal(read('$.store.book[-1].price'), '12')
    assert.equal(read("$['store']['name']"), 's')
    assert.equal(read('store.name'), 's')
    assert.equal(compileJsonPath('$.store.missing').read(root), null)
    assert.equal(compileJsonPath('$.store.book[5]').read(root), null)
    assert.equal(compileJsonPath('$.store.book.title').read(root), null)
  })

  it('reads indefinite paths as lists', () => {
    assert.equal(read('$.store.book[*].title'), '["A","B"]')
    assert.equal(read('$..price'), '[8,12]')
    assert.equal(read('$.store.book[?(@.isbn)].title'), '["B"]')
    assert.equal(read('$.store.book[?(@.price < 10 || @.title == "B")].title'), '["A","B"]')
    assert.equal(read('$.store.book[:1].title'), '["A"]')
    assert.equal(read('$.store.book[0,1].price'), '[8,12]')
    assert.equal(read('$.nothing[*]'), '[]')
    assert.equal(compileJsonPath('$.a[*]').definite, false)
    assert.equal(compileJsonPath('$.a[0].b').definite, true)
  })
})

describe('$util encoders', () => {
  it('urlEncode is java.net.URLEncoder (UTF-8, space as +, unreserved .-*_)', () => {
    assert.equal(urlEncode('a b&c=d/é~!*._-'), 'a+b%26c%3Dd%2F%C3%A9%7E%21*._-')
    assert.equal(urlEncode(''), '')
  })

  it('urlDecode is java.net.URLDecoder and refuses a malformed escape', () => {
    assert.equal(urlDecode('a+b%26%C3%A9'), 'a b&é')
    assert.throws(() => urlDecode('%zz'))
  })

  it('escapeJavaScript is Commons Lang StringEscapeUtils.escapeJavaScript', () => {
    assert.equal(escapeJavaScript(`'"\\/\b\f\n\r\t\u0001é€😀`), `\\'\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u00E9\\u20AC\\uD83D\\uDE00`)
  })
})
