import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, killOnExit, onPath } from './local-server.ts'
import { within } from './within.ts'

/**
 * Real nginx in front of several gateway nodes, as a child process of the test: a private
 * configuration in a temporary directory (its error log, pid file and temporary files there too),
 * listening on a free port of 127.0.0.1, proxying to the nodes the way deploy/nginx.conf does
 * (round robin, `max_fails=1`, `proxy_next_upstream error timeout`). What nginx did with each
 * request is read back from its access log.
 */

export const nginxOnPath = (): boolean => onPath('nginx')

/** One upstream attempt of a request: which node, and what nginx got from it. */
export interface NginxAttempt {
  /** Index of the node in the targets, or -1 for an address that is none of them. */
  readonly target: number
  /** The node's status code, or 502/504 when nginx lost it (`$upstream_status`). */
  readonly status: string
  /** Whether nginx had a connection to the node (`$upstream_connect_time` is a time, not `-`). */
  readonly connected: boolean
}

/** One request as nginx's access log tells it. */
export interface NginxLogEntry {
  readonly method: string
  /** The status nginx answered its client. */
  readonly status: number
  /** Every node nginx tried, in order; the last one answered (`$upstream_addr`). */
  readonly attempts: readonly NginxAttempt[]
  /** Epoch ms when nginx read the request's first bytes (`$msec` less `$request_time`), to the millisecond. */
  readonly startedAt: number
  /** Epoch ms when nginx logged it, the answer sent (`$msec`). */
  readonly endedAt: number
}

export interface NginxBalancer {
  readonly url: string
  /** Every request logged so far. */
  log(): NginxLogEntry[]
  /** Requests each node has answered (the last attempt of each logged request), so far. */
  readonly answered: readonly number[]
  close(): Promise<void>
}

// Fields are separated by `|`: `$upstream_addr` and its companions list several attempts as `a, b`.
const LOG_FORMAT = '$msec|$request_time|$request_method|$status|$upstream_addr|$upstream_status|$upstream_connect_time'

function config(dir: string, port: number, targets: readonly URL[]): string {
  return `# Written by test/helpers/nginx-balancer.ts: the upstream part of deploy/nginx.conf, every path private.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;

events {
  worker_connections 1024;
}

http {
  log_format balancer '${LOG_FORMAT}';
  access_log ${dir}/access.log balancer;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      '';
  }

  upstream gatehouse {
    zone gatehouse 64k;
${targets.map((target) => `    server 127.0.0.1:${target.port} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 64;
  }

  server {
    listen 127.0.0.1:${port};
    client_max_body_size 11m;

    location / {
      proxy_pass http://gatehouse;
      proxy_http_version 1.1;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
      proxy_send_timeout 120s;
      proxy_buffering off;
    }
  }
}
`
}

/**
 * Starts nginx (`nginx -c conf -p dir -g 'daemon off;'`) in front of `targets` (gateway URLs on
 * 127.0.0.1) and resolves once it listens. Stopped by `close()`, at the latest when this process exits.
 */
export async function startNginxBalancer(targets: readonly string[]): Promise<NginxBalancer> {
  const origins = targets.map((target) => new URL(target))
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-nginx-'))
  // Run as root, nginx's workers drop to an unprivileged user: they must be able to reach their
  // temporary directories inside this one (traverse only).
  chmodSync(dir, 0o711)
  const conf = join(dir, 'nginx.conf')
  let child: ChildProcess | undefined
  // SIGTERM is nginx's fast shutdown: the master stops its workers, so none outlives the test.
  const forgetChild = killOnExit(() => child, 'SIGTERM')
  let port = 0
  // Another process may take the free port before nginx binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    writeFileSync(conf, config(dir, port, origins))
    child = spawn('nginx', ['-c', conf, '-p', dir, '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
    try {
      await within(10_000, `nginx to listen on port ${port}`, listening(child, dir))
      break
    } catch (error) {
      await stop(child)
      if (attempt === 3 || !/Address already in use/.test((error as Error).message)) {
        forgetChild()
        rmSync(dir, { recursive: true, force: true })
        throw error
      }
    }
  }
  const running = child
  const accessLog = join(dir, 'access.log')
  const byPort = new Map(origins.map((origin, index) => [origin.port, index]))
  const log = (): NginxLogEntry[] => {
    // nginx writes each line as the request ends, unbuffered (no `buffer=` on `access_log`).
    const text = existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : ''
    return text.split('\n').filter((line) => line !== '').map((line) => {
      const [msec, requestTime, method, status, addrs, statuses, connects] = line.split('|')
      const list = (field: string): string[] => field.split(/\s*[,:]\s+/)
      const statusList = list(statuses)
      const connectList = list(connects)
      const endedAt = Number(msec) * 1_000
      return {
        method,
        status: Number(status),
        attempts: list(addrs).map((addr, index) => ({
          target: byPort.get(addr.slice(addr.lastIndexOf(':') + 1)) ?? -1,
          status: statusList[index] ?? '-',
          connected: (connectList[index] ?? '-') !== '-',
        })),
        startedAt: endedAt - Number(requestTime) * 1_000,
        endedAt,
      }
    })
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    get answered() {
      const counts = origins.map(() => 0)
      for (const entry of log()) {
        const last = entry.attempts.at(-1)
        if (last !== undefined && last.target >= 0 && /^\d+$/.test(last.status) && entry.status === Number(last.status)) counts[last.target]++
      }
      return counts
    },
    async close() {
      await stop(running)
      forgetChild()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await within(10_000, 'nginx to stop', exited)
}

/**
 * Resolves when nginx has written its pid file: it does that after it has bound and is listening on
 * its sockets (connections queue from then on). Rejects, with the end of its error log, if it exits first.
 */
function listening(child: ChildProcess, dir: string): Promise<void> {
  const pidFile = join(dir, 'nginx.pid')
  return new Promise((resolve, reject) => {
    let stderr = ''
    const read = (chunk: Buffer): void => void (stderr += chunk.toString())
    const failed = (error: Error): void => done(new Error(`cannot start nginx: ${error.message}`))
    const exited = (code: number | null, signal: NodeJS.Signals | null): void => {
      const errorLog = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''
      done(new Error(`nginx exited (${code ?? signal}) before it listened: ${(stderr + errorLog).trim().split('\n').slice(-3).join(' | ')}`))
    }
    const watcher = watch(dir, () => {
      if (existsSync(pidFile)) done()
    })
    let settled = false
    const done = (error?: Error): void => {
      if (settled) return
      settled = true
      watcher.close()
      child.off('error', failed)
      child.off('exit', exited)
      child.stderr!.off('data', read)
      child.stderr!.resume() // keep draining it
      if (error === undefined) resolve()
      else reject(error)
    }
    child.stderr!.on('data', read)
    child.once('error', failed)
    child.once('exit', exited)
    if (existsSync(pidFile)) done()
  })
}
