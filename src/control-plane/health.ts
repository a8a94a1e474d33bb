import type { Operation, Reply } from '../apis/operations/operation.ts'

/**
 * GET /_gatehouse/health — Gatehouse's own, beyond AWS: is this gateway serving, is its shared
 * state (memory or Redis) reachable, and is its store's database. While Redis is down the answer is
 * 200 `degraded` under fail-open (requests are still served, by local buckets) and 503 `unavailable`
 * under fail-closed (metered requests are refused), so a load balancer can take a fail-closed node
 * out. While PostgreSQL is down it is 200 `degraded`: the node serves the deployments it has already
 * compiled (docs/architecture.md, "Store"), and the store says since when and the last error.
 */
export async function getHealth({ deps }: Operation): Promise<Reply> {
  const state = deps.state?.health() ?? { backend: 'memory', status: 'ok' }
  const store = deps.store.health()
  // Which process answered: with `--workers N` each answers for itself.
  const answeredBy = { pid: process.pid }
  if (state.status === 'ok' && store.status === 'ok') return { status: 200, body: { status: 'ok', state, store, process: answeredBy } }
  const closed = state.status !== 'ok' && 'failurePolicy' in state && state.failurePolicy === 'fail-closed'
  return { status: closed ? 503 : 200, body: { status: closed ? 'unavailable' : 'degraded', state, store, process: answeredBy } }
}
