import type { ApiSnapshot } from '../../../model/api-snapshot.ts'
import { compileDeployment } from './compile.ts'
import type { CompiledDeployment } from './compiled-deployment.ts'

/**
 * Compiles each deployment once per process. CreateDeployment compiles a deployment before it
 * commits it; the catalog then serves that same compiled deployment instead of compiling it again.
 * Deployments are immutable, so an entry is only ever dropped, never changed: when its deployment is
 * deleted, or when the transaction that would have stored it failed.
 */
export class DeploymentCompiler {
  readonly #compiled = new Map<string, CompiledDeployment>()

  compile(restApiId: string, deploymentId: string, snapshot: ApiSnapshot): CompiledDeployment {
    const key = `${restApiId}/${deploymentId}`
    let compiled = this.#compiled.get(key)
    if (compiled === undefined) {
      compiled = compileDeployment(deploymentId, snapshot)
      this.#compiled.set(key, compiled)
    }
    return compiled
  }

  forget(restApiId: string, deploymentId: string): void {
    this.#compiled.delete(`${restApiId}/${deploymentId}`)
  }

  /** A deleted API takes its deployments with it. */
  forgetApi(restApiId: string): void {
    for (const key of this.#compiled.keys()) if (key.startsWith(`${restApiId}/`)) this.#compiled.delete(key)
  }
}
