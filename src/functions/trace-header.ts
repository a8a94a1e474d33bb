import { newTraceId, newTraceParentId } from '../core/ids.ts'

/**
 * An X-Ray trace header as Lambda sets `_X_AMZN_TRACE_ID` for an invocation:
 * `Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>;Parent=<64 bits, 16 hex>;Sampled=0`
 * (AWS X-Ray developer guide, "Tracing header"; Lambda developer guide, "Defined runtime
 * environment variables"). Used when the caller brought none.
 */
export function traceHeader(now: number = Date.now()): string {
  return `${newTraceId(now)};Parent=${newTraceParentId()};Sampled=0`
}
