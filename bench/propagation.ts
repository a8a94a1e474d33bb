import { managementCalls, deployScaleOutApi } from './management-calls.ts'

export interface PropagationResult {
  readonly name: string
  readonly writes: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

/**
 * A control-plane write through one gateway, then the time until another gateway serves it: `writes`
 * times a stage variable is changed through `writer` (UpdateStage), and from the moment the call
 * returns (the write is committed) `reader` is asked until it answers the new value. The reader's
 * only news of the write is its store's change feed. Each write waits a random pause first, so that
 * writes fall anywhere in a polling store's interval rather than just after the poll that showed
 * the previous one (which would measure the whole interval every time).
 */
export async function measurePropagation(name: string, writer: string, reader: string, writes = 100): Promise<PropagationResult> {
  const { restApiId } = await deployScaleOutApi(writer)
  const call = managementCalls(writer)
  const readerStage = `${reader}/_aws/execute-api/${restApiId}/prod/mock`
  const servedValue = async (): Promise<string | undefined> => {
    const response = await fetch(readerStage)
    if (response.status !== 200) {
      await response.body?.cancel()
      return undefined
    }
    return ((await response.json()) as { v: string }).v
  }
  await until(async () => (await servedValue()) === '0', 30_000, `${name}: the reader never served the stage`)
  const delays: number[] = []
  for (let n = 1; n <= writes; n++) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 250))
    await call('PATCH', `/restapis/${restApiId}/stages/prod`, { patchOperations: [{ op: 'replace', path: '/variables/v', value: String(n) }] })
    const committed = performance.now()
    await until(async () => (await servedValue()) === String(n), 10_000, `${name}: write ${n} never reached the reader`)
    delays.push(performance.now() - committed)
  }
  delays.sort((a, b) => a - b)
  const at = (share: number): number => delays[Math.min(delays.length - 1, Math.ceil(share * delays.length) - 1)]
  const result = { name, writes, p50: at(0.5), p99: at(0.99), max: delays[delays.length - 1] }
  console.error(`  ${name}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`)
  return result
}

async function until(probe: () => Promise<boolean>, boundMs: number, failure: string): Promise<void> {
  const deadline = performance.now() + boundMs
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(failure)
  }
}
