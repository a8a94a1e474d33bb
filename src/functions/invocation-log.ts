/**
 * Lambda's platform log lines around each invocation, as CloudWatch Logs shows them:
 *   START RequestId: <id> Version: $LATEST
 *   <the function's own output>
 *   END RequestId: <id>
 *   REPORT RequestId: <id>	Duration: 1.23 ms	Billed Duration: 2 ms	Memory Size: 128 MB	Max Memory Used: 45 MB	Init Duration: 80.12 ms
 */
export class InvocationLog {
  readonly lines: string[] = []
  readonly #requestId: string

  constructor(requestId: string, version = '$LATEST') {
    this.#requestId = requestId
    this.lines.push(`START RequestId: ${requestId} Version: ${version}`)
  }

  readonly add = (line: string): void => {
    this.lines.push(line)
  }

  end(report: { durationMs: number; memorySize: number; maxMemoryUsedMB?: number; initDurationMs?: number; status?: 'timeout' | 'error' }): void {
    const fields = [
      `Duration: ${report.durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.max(1, Math.ceil(report.durationMs + (report.initDurationMs ?? 0)))} ms`,
      `Memory Size: ${report.memorySize} MB`,
      `Max Memory Used: ${report.maxMemoryUsedMB ?? 0} MB`,
    ]
    if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`)
    if (report.status !== undefined) fields.push(`Status: ${report.status}`)
    this.lines.push(`END RequestId: ${this.#requestId}`, `REPORT RequestId: ${this.#requestId}\t${fields.join('\t')}\t`)
  }

  /** `X-Amz-Log-Result`: base64 of the log's last 4 KB (Invoke API, LogType Tail). */
  tail(): string {
    const text = Buffer.from(this.lines.join('\n') + '\n', 'utf8')
    return text.subarray(Math.max(0, text.length - 4096)).toString('base64')
  }
}
