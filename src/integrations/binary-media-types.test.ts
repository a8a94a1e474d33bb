import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { acceptsBinary, matchesBinaryMediaType } from './binary-media-types.ts'

describe('binaryMediaTypes matching', () => {
  it('only the first media type of Accept counts (developer guide, "Content type conversions in API Gateway")', () => {
    assert.equal(acceptsBinary(['image/png'], 'image/png, text/html'), true)
    assert.equal(acceptsBinary(['image/png'], 'text/html, image/png'), false)
    assert.equal(acceptsBinary(['image/png'], 'image/webp,image/*,*/*;q=0.8'), false, 'the guide\'s browser example')
    assert.equal(acceptsBinary(['image/webp'], 'image/webp;q=0.9,image/*'), true)
    assert.equal(acceptsBinary(['*/*'], 'text/html, image/png'), true, 'the guide\'s advice for browsers: */* makes everything binary')
  })

  it('a wildcard subtype matches; a wildcard type on the left never does (no recording: as users report it)', () => {
    assert.equal(matchesBinaryMediaType(['image/*'], 'image/jpeg'), true)
    assert.equal(matchesBinaryMediaType(['*/test'], 'application/test'), false)
    assert.equal(matchesBinaryMediaType(['*/test'], '*/test'), false)
    assert.equal(matchesBinaryMediaType(['*/*'], 'application/json'), true)
    assert.equal(matchesBinaryMediaType(['Application/Octet-Stream'], 'application/octet-stream'), true)
  })
})
