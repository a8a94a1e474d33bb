import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')

export interface ServeProcess {
  readonly child: ChildProcess
  /** Everything printed to stdout so far. */
  readonly output: string[]
  readonly url: string
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
}

/**
 * Runs `gatehouse serve ...` as a real child process and waits until it prints its URL. The banner
 * (URLs, example commands) is printed in one write, so `output` holds all of it on return.
 */
export async function spawnServe(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), 'serve', ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, GATEHOUSE_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const errors: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((done, fail) => {
    lines.on('line', (line) => {
      output.push(line)
      const match = /^Gatehouse listening on (\S+)/.exec(line)
      if (match !== null) done(match[1])
    })
    void exited.then((code) => fail(new Error(`gatehouse exited with ${code} before listening: ${errors.join('')}`)))
  })
  return { child, output, url, exited }
}

let awsCli: boolean | undefined

/**
 * Whether the `aws` command is there for the AWS CLI suites. Without it they are skipped (or check
 * only what needs no CLI), and the first to ask says so in one loud line naming the fix.
 */
export function awsCliInstalled(): boolean {
  if (awsCli === undefined) {
    awsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0
    if (!awsCli) process.stderr.write('\n!!! AWS CLI TESTS SKIPPED: install the AWS CLI (e.g. apt-get install awscli) to run them !!!\n\n')
  }
  return awsCli
}

export const AWS_CLI_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' }
