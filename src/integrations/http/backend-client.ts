import { createRequire } from 'node:module'
import type { Agent, Dispatcher } from 'undici'

type Undici = typeof import('undici')

/** What integrations ask of the HTTP client: one exchange at a time, through undici's `dispatch`. */
export type BackendDispatcher = Pick<Dispatcher, 'dispatch'>

const require = createRequire(import.meta.url)
let undici: Undici | undefined

/**
 * undici, loaded on first need rather than at start: it is the largest module the gateway uses
 * (about 25 MB resident and 90 ms to load, imported alone into a bare Node process), and a gateway
 * serving only MOCK, Lambda and WebSocket APIs never sends a request to a backend.
 */
export function backendClient(): Undici {
  return (undici ??= require('undici') as Undici)
}

/**
 * Called when an integration that sends to an endpoint is compiled (at deploy, or when a node loads
 * a stage): undici is loaded then, off the request path, so the first request does not wait for it.
 */
export function preloadBackendClient(): void {
  if (undici === undefined) setImmediate(backendClient)
}

/** A keep-alive pool that is made when it sends its first request; closing an unused one does nothing. */
export interface LazyAgent extends BackendDispatcher {
  close(): Promise<void>
}

export function lazyAgent(options: Agent.Options): LazyAgent {
  let agent: Agent | undefined
  return {
    dispatch: (dispatchOptions, handler) => (agent ??= new (backendClient().Agent)(options)).dispatch(dispatchOptions, handler),
    close: async () => agent?.close(),
  }
}
