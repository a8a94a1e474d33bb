import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatClfTime } from './clf-time.ts'

describe('formatClfTime', () => {
  it('formats each moment in its own second, whichever second was formatted before it', () => {
    const moments = [Date.UTC(2024, 5, 17, 15, 2, 3, 999), Date.UTC(2024, 5, 17, 15, 2, 3, 0), Date.UTC(2024, 5, 17, 15, 2, 4), Date.UTC(2024, 5, 17, 15, 2, 3, 500), Date.UTC(1969, 11, 31, 23, 59, 59, 500), Date.UTC(1970, 0, 1)]
    const expected = ['17/Jun/2024:15:02:03 +0000', '17/Jun/2024:15:02:03 +0000', '17/Jun/2024:15:02:04 +0000', '17/Jun/2024:15:02:03 +0000', '31/Dec/1969:23:59:59 +0000', '01/Jan/1970:00:00:00 +0000']
    assert.deepEqual(moments.map(formatClfTime), expected)
  })
})
