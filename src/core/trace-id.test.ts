import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { honourTraceId } from './trace-id.ts'

/** The two headers LocalStack's test_invocation_trace_id sends to AWS (recorded: test_apigateway_common > test_invocation_trace_id). */
const FULL = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1'
const ROOT_ONLY = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8'
const NOW = Date.UTC(2024, 5, 17)

describe('honourTraceId (recorded: test_apigateway_common > test_invocation_trace_id)', () => {
  it('keeps a full trace header as given (trace-id-req-headers-AWS_PROXY)', () => {
    assert.equal(honourTraceId(FULL, NOW), FULL)
  })

  it('keeps a Root alone and adds a Parent of its own as the second field (trace-id-small-req-headers-AWS_PROXY)', () => {
    const honoured = honourTraceId(ROOT_ONLY, NOW)
    assert.ok(honoured.includes(ROOT_ONLY))
    const [root, parent, ...rest] = honoured.split(';')
    assert.equal(root, ROOT_ONLY)
    assert.match(parent, /^Parent=[0-9a-f]{16}$/)
    assert.notEqual(parent, 'Parent=7fa8c0f79203be72')
    assert.deepEqual(rest, [])
    assert.equal(honourTraceId(`${ROOT_ONLY};Sampled=1`, NOW).split(';')[2], 'Sampled=1')
  })

  it('makes its own when the client sent none or one without a valid Root (X-Ray developer guide: added when absent)', () => {
    const own = /^Root=1-666f7c80-[0-9a-f]{24}$/
    assert.match(honourTraceId(undefined, NOW), own)
    assert.match(honourTraceId('Parent=7fa8c0f79203be72', NOW), own)
    assert.match(honourTraceId('Root=not-a-trace', NOW), own)
  })
})
