import { isFinalStatus } from '../../core/final-status.ts'
import type { Dispatcher } from 'undici'
import type { BackendDispatcher } from './backend-client.ts'
import type { EndpointBody } from './read-endpoint-body.ts'

type Headers = Record<string, string | string[] | undefined>

/** A backend's answer: its final status, its headers (lower-case names, as undici parses them) and its body read whole. */
export interface DispatchedAnswer {
  readonly statusCode: number
  readonly headers: Headers
  /** Absent for a status HTTP cannot carry (past 599): the exchange was dropped at its headers. */
  readonly body?: EndpointBody
}

/**
 * One request through undici's `dispatch`, its answer collected straight from the handler's callbacks: the
 * `request` call wraps every answer in a body stream and an abort signal, and that machinery was the largest
 * share of a proxied request's own cost in a CPU profile. Reads up to `limit` bytes and no further, as
 * `readEndpointBody` does: a declared Content-Length past it is refused before a byte is read, and a body that
 * grows past it is dropped as soon as it does (the exchange aborted, its connection closed). Interim answers
 * (1xx) are skipped, as undici's `request` skips them. `abortAfterMs` ends the exchange with a failure once it
 * has run that long; `timedOut()` then says so.
 */
export function dispatchToEndpoint(
  dispatcher: BackendDispatcher,
  options: Dispatcher.DispatchOptions,
  limit: number,
  abortAfterMs: number,
): { answer: Promise<DispatchedAnswer>; timedOut: () => boolean } {
  let expired = false
  const answer = new Promise<DispatchedAnswer>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined
    let settled = false
    let statusCode = 0
    let headers: Headers = {}
    const chunks: Buffer[] = []
    let size = 0
    const timer = setTimeout(() => {
      expired = true
      // Before the request reached a connection there is nothing to abort yet: it is aborted when it does.
      controller?.abort(new Error('the endpoint request timed out'))
    }, abortAfterMs)
    const settle = (outcome: DispatchedAnswer | Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const drop = (outcome: DispatchedAnswer): void => {
      settle(outcome)
      controller?.abort(new Error('the endpoint answer was dropped'))
    }
    dispatcher.dispatch(options, {
      onRequestStart(started) {
        controller = started
        if (expired) started.abort(new Error('the endpoint request timed out'))
      },
      onResponseStart(_, status, answered) {
        if (status < 200) return
        statusCode = status
        headers = answered as Headers
        if (!isFinalStatus(status)) return drop({ statusCode, headers })
        const declared = Number(answered['content-length'])
        if (Number.isFinite(declared) && declared > limit) drop({ statusCode, headers, body: { tooLarge: declared } })
      },
      onResponseData(_, chunk) {
        if (settled) return
        size += chunk.length
        if (size > limit) return drop({ statusCode, headers, body: { tooLarge: size } })
        chunks.push(chunk)
      },
      onResponseEnd() {
        settle({ statusCode, headers, body: { body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) } })
      },
      onResponseError(_, error) {
        settle(error)
      },
    })
  })
  return { answer, timedOut: () => expired }
}
