/**
 * `node bench/response-cache.ts`: what a memory response cache filling with misses costs the process: 300,000
 * puts of a small proxied answer (six headers), as the policy line of `npm run bench` makes one per request.
 * Prints the time of the puts, the garbage collector's pauses over them, and the heap they leave.
 */
import { PerformanceObserver } from 'node:perf_hooks'
import { MemoryResponseCache } from '../src/state/memory/memory-response-cache.ts'

const PUTS = 300_000
const pauses: number[] = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push(entry.duration)
}).observe({ entryTypes: ['gc'] })

const cache = new MemoryResponseCache({ now: () => 0 })
const headers = [
  ['content-type', 'application/json'], ['date', 'Sun, 06 Dec 2026 04:30:00 GMT'], ['x-backend', 'bench'],
  ['content-length', '36'], ['connection', 'keep-alive'], ['keep-alive', 'timeout=5'],
] as const
const started = performance.now()
for (let index = 0; index < PUTS; index++) {
  const body = Buffer.from(`{"id":${index},"type":"dog","price":249.99}`)
  await cache.put('stage', `["GET","/proxy-policy",{"q":"${index}"}]`, { statusCode: 200, headers: headers.map(([name, value]) => [name, value] as const), body }, 300, 512 * 1024 * 1024)
  // Back to the event loop now and then, as a server's requests are.
  if (index % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
}
const elapsed = performance.now() - started
await new Promise((resolve) => setTimeout(resolve, 100))
pauses.sort((a, b) => a - b)
const total = pauses.reduce((sum, pause) => sum + pause, 0)
console.log(`${PUTS} puts: ${elapsed.toFixed(0)} ms; garbage collection ${total.toFixed(0)} ms in ${pauses.length} pauses, the longest ${pauses.at(-1)?.toFixed(1)} ms; heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`)
