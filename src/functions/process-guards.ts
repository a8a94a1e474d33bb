import { syncBuiltinESMExports } from 'node:module'
import os from 'node:os'

/**
 * Node's permission model guards files, child processes, workers, addons and the inspector, but
 * not signals: `process.kill(ppid)` would end the gateway, and `process._debugProcess(ppid)` would
 * open the gateway's inspector (SIGUSR1) to anyone on the loopback. Before any handler code runs,
 * these are replaced by versions that act on this process only, as a Lambda execution environment
 * sees no process but its own. This is a barrier inside JavaScript, not in the kernel; README's
 * "Security model" says what remains.
 */
export function confineSignalsToSelf(): void {
  const own = process.pid
  const isSelf = (pid: unknown): boolean => Number(pid) === own
  const refuse = (what: string): Error =>
    Object.assign(new Error(`Access to this API has been restricted: ${what} may only address the function's own process`), {
      code: 'ERR_ACCESS_DENIED',
      permission: 'Signal',
    })
  const kill = process.kill.bind(process)
  const rawKill = (process as unknown as { _kill: (pid: number, signal: number) => unknown })._kill
  const debugProcess = (process as unknown as { _debugProcess?: (pid: number) => void })._debugProcess
  const setPriority = os.setPriority
  lock(process, 'kill', (pid: number, signal?: string | number): true => {
    if (!isSelf(pid)) throw refuse('process.kill')
    return kill(pid, signal)
  })
  // process.kill calls it after naming the signal; on its own it is the same door.
  lock(process, '_kill', (pid: number, signal: number) => {
    if (!isSelf(pid)) throw refuse('process._kill')
    return rawKill.call(process, pid, signal)
  })
  lock(process, '_debugProcess', (pid: number) => {
    if (!isSelf(pid) || debugProcess === undefined) throw refuse('process._debugProcess')
    debugProcess.call(process, pid)
  })
  lock(os, 'setPriority', (pidOrPriority: number, priority?: number) => {
    if (priority !== undefined && Number(pidOrPriority) !== 0 && !isSelf(pidOrPriority)) throw refuse('os.setPriority')
    return priority === undefined ? setPriority(pidOrPriority) : setPriority(pidOrPriority, priority)
  })
  // `import { setPriority } from 'node:os'` reads the ESM facade, which only follows the CommonJS
  // object when told to.
  syncBuiltinESMExports()
}

function lock(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: false, configurable: false, enumerable: false })
}
