import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  InvalidRequestContentException, InvokeCommand, LambdaClient, ResourceNotFoundException, TooManyRequestsException,
} from '@aws-sdk/client-lambda'
import { AWS_CLI_ENV, awsCliInstalled, REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

const fixture = (name: string): string => `test/fixtures/functions/lambda/${name}`
const text = (payload: Uint8Array | undefined): string => Buffer.from(payload ?? []).toString('utf8')

/**
 * Lambda's Invoke API on the management endpoint, driven by the real clients users point at it:
 * `@aws-sdk/client-lambda` and `aws lambda invoke` (API reference, "Invoke").
 */
describe('Lambda Invoke API', () => {
  let gw: TestGateway
  let lambda: LambdaClient
  let hits: Server
  let hitsUrl: string
  const arrivals: string[] = []
  const arrived: (() => void)[] = []
  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        echo: { handler: fixture('styles.asyncHandler') },
        context: { handler: fixture('styles.contextHandler') },
        throws: { handler: fixture('styles.throwsHandler') },
        logs: { handler: fixture('styles.logHandler') },
        notify: { handler: fixture('failures.gate'), reservedConcurrency: 1, timeout: 30 },
      },
    })
    lambda = new LambdaClient({ endpoint: gw.adminUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    // The `notify` function GETs this server: it tells the test that an asynchronous invocation ran,
    // and holds the call open (until the test answers) to keep the one reserved slot busy.
    const held: ((body: string) => void)[] = []
    hits = createServer((req, res) => {
      arrivals.push(req.url ?? '')
      arrived.splice(0).forEach((notify) => notify())
      if (req.url === '/hold') held.push((body) => res.end(body))
      else res.end('ok')
    })
    hits.listen(0, '127.0.0.1')
    await once(hits, 'listening')
    hitsUrl = `http://127.0.0.1:${(hits.address() as AddressInfo).port}`
    releaseHeld = () => held.splice(0).forEach((respond) => respond('released'))
  })
  let releaseHeld = (): void => {}
  after(async () => {
    lambda.destroy()
    hits.closeAllConnections()
    hits.close()
    await gw.close()
  })
  const waitForArrival = async (path: string): Promise<void> => {
    while (!arrivals.includes(path)) await new Promise<void>((done) => arrived.push(done))
  }

  describe('with @aws-sdk/client-lambda', () => {
    it('RequestResponse returns the result, status 200 and the executed version', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }) }))
      assert.equal(out.StatusCode, 200)
      assert.equal(out.FunctionError, undefined)
      assert.equal(out.ExecutedVersion, '$LATEST')
      assert.deepEqual(JSON.parse(text(out.Payload)), { style: 'async', event: { a: 1 } })
    })

    it('an empty payload is the event {}', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo' }))
      assert.deepEqual(JSON.parse(text(out.Payload)), { style: 'async', event: {} })
    })

    it('a function error is 200 with X-Amz-Function-Error: Unhandled and the error payload', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'throws' }))
      assert.equal(out.StatusCode, 200)
      assert.equal(out.FunctionError, 'Unhandled')
      const error = JSON.parse(text(out.Payload))
      assert.equal(error.errorType, 'RangeError')
      assert.equal(error.errorMessage, 'out of range')
      assert.ok(Array.isArray(error.trace))
    })

    it('LogType Tail returns the base64 log with START/END/REPORT', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'logs', LogType: 'Tail', Payload: '{"message":"tail me"}' }))
      const log = Buffer.from(out.LogResult!, 'base64').toString()
      assert.match(log, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/)
      assert.match(log, /\tINFO\tlog tail me\n/)
      assert.match(log, /\nEND RequestId: [0-9a-f-]{36}\nREPORT RequestId: [0-9a-f-]{36}\tDuration: /)
      const plain = await lambda.send(new InvokeCommand({ FunctionName: 'logs', Payload: '{"message":"x"}' }))
      assert.equal(plain.LogResult, undefined)
    })

    it('accepts qualifiers: the Qualifier parameter, name:alias, and full and partial ARNs', async () => {
      const arn = 'arn:aws:lambda:us-east-1:000000000000:function:context'
      for (const [FunctionName, Qualifier, invoked] of [
        ['context', 'live', `${arn}:live`],
        ['context:live', undefined, `${arn}:live`],
        [`${arn}:$LATEST`, undefined, `${arn}:$LATEST`],
        [arn, undefined, arn],
        ['000000000000:function:context', '7', `${arn}:7`],
      ] as const) {
        const out = await lambda.send(new InvokeCommand({ FunctionName, Qualifier }))
        assert.equal(JSON.parse(text(out.Payload)).invokedFunctionArn, invoked, FunctionName)
      }
    })

    it('ClientContext reaches context.clientContext', async () => {
      const ClientContext = Buffer.from(JSON.stringify({ custom: { tenant: 't1' } })).toString('base64')
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'context', ClientContext }))
      assert.deepEqual(JSON.parse(text(out.Payload)).clientContext, { custom: { tenant: 't1' } })
    })

    it('DryRun answers 204 without running the function', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'notify', InvocationType: 'DryRun', Payload: JSON.stringify({ gateUrl: `${hitsUrl}/dry` }) }))
      assert.equal(out.StatusCode, 204)
      const again = await lambda.send(new InvokeCommand({ FunctionName: 'notify', Payload: JSON.stringify({ gateUrl: `${hitsUrl}/after-dry` }) }))
      assert.equal(JSON.parse(text(again.Payload)).released, 'ok')
      assert.ok(!arrivals.includes('/dry'))
    })

    it('Event answers 202 at once and runs the function later', async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'notify', InvocationType: 'Event', Payload: JSON.stringify({ gateUrl: `${hitsUrl}/event` }) }))
      assert.equal(out.StatusCode, 202)
      assert.equal(text(out.Payload), '')
      await waitForArrival('/event')
    })

    it('an unknown function is ResourceNotFoundException (404) naming its ARN', async () => {
      await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'missing' })), (error: unknown) => {
        assert.ok(error instanceof ResourceNotFoundException)
        assert.equal(error.$metadata.httpStatusCode, 404)
        assert.equal(error.message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing')
        return true
      })
    })

    it('a payload that is not JSON is InvalidRequestContentException (400)', async () => {
      await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: 'not json' })), (error: unknown) => {
        assert.ok(error instanceof InvalidRequestContentException)
        assert.equal(error.$metadata.httpStatusCode, 400)
        return true
      })
    })

    it('beyond the reserved concurrency is TooManyRequestsException (429)', async () => {
      // The earlier Event invocation has reached the hits server, but its environment may still be
      // handing its result back (IPC with a process of its own): the one slot must be free first.
      while (gw.functions.stats('notify')?.running !== 0) await new Promise((done) => setImmediate(done))
      const holding = lambda.send(new InvokeCommand({ FunctionName: 'notify', Payload: JSON.stringify({ gateUrl: `${hitsUrl}/hold` }) }))
      await waitForArrival('/hold')
      await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'notify', Payload: JSON.stringify({ gateUrl: `${hitsUrl}/x` }) })), (error: unknown) => {
        assert.ok(error instanceof TooManyRequestsException)
        assert.equal(error.$metadata.httpStatusCode, 429)
        assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded')
        return true
      })
      // An asynchronous invocation throttled now is not lost: it is retried once a slot frees.
      const queued = await lambda.send(new InvokeCommand({ FunctionName: 'notify', InvocationType: 'Event', Payload: JSON.stringify({ gateUrl: `${hitsUrl}/queued` }) }))
      assert.equal(queued.StatusCode, 202)
      releaseHeld()
      assert.equal(JSON.parse(text((await holding).Payload)).released, 'released')
      await waitForArrival('/queued')
    })
  })

  describe('on the wire', () => {
    const invoke = (name: string, init: { headers?: Record<string, string>; body?: string; query?: string } = {}) =>
      fetch(`${gw.adminUrl}/2015-03-31/functions/${encodeURIComponent(name)}/invocations${init.query ?? ''}`, { method: 'POST', headers: init.headers, body: init.body })

    it("answers with Lambda's headers: request id, executed version, JSON content type", async () => {
      const res = await invoke('echo', { body: '[1]' })
      assert.equal(res.status, 200)
      assert.match(res.headers.get('x-amzn-requestid')!, /^[0-9a-f-]{36}$/)
      assert.equal(res.headers.get('x-amz-executed-version'), '$LATEST')
      assert.equal(res.headers.get('content-type'), 'application/json')
      assert.deepEqual(await res.json(), { style: 'async', event: [1] })
    })

    it('refuses an unknown invocation type, a qualifier that contradicts the name, and an oversized payload', async () => {
      const badType = await invoke('echo', { headers: { 'x-amz-invocation-type': 'Later' } })
      assert.equal(badType.status, 400)
      assert.equal(badType.headers.get('x-amzn-errortype'), 'ValidationException')
      const conflict = await invoke('echo:v1', { query: '?Qualifier=v2' })
      assert.equal(conflict.status, 400)
      assert.equal(conflict.headers.get('x-amzn-errortype'), 'InvalidParameterValueException')
      assert.deepEqual(await conflict.json(), { Type: 'User', message: 'The derived qualifier from the function name does not match the specified qualifier.' })
      const large = await invoke('echo', { headers: { 'x-amz-invocation-type': 'Event' }, body: JSON.stringify('x'.repeat(1024 * 1024)) })
      assert.equal(large.status, 413)
      assert.equal(large.headers.get('x-amzn-errortype'), 'RequestTooLargeException')
    })

    it('keeps the management API answering its own routes', async () => {
      const res = await fetch(`${gw.adminUrl}/restapis`)
      assert.equal(res.status, 200)
    })
  })

  describe('with the AWS CLI (aws lambda invoke)', { skip: !awsCliInstalled() && 'the aws CLI is not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-invoke-'))
    after(() => rmSync(dir, { recursive: true, force: true }))
    // Asynchronous on purpose: the gateway answering the CLI runs in this very process.
    const aws = (...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile('aws', ['lambda', 'invoke', '--endpoint-url', gw.adminUrl, '--cli-read-timeout', '20', ...args], { env: { ...process.env, ...AWS_CLI_ENV } }, (error, stdout, stderr) =>
          resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }))
      })

    it('RequestResponse writes the result to the outfile, with the log tail', async () => {
      const outfile = join(dir, 'out.json')
      const run = await aws('--function-name', 'logs', '--payload', '{"message":"from the cli"}', '--log-type', 'Tail', outfile)
      assert.equal(run.status, 0, run.stderr)
      const reply = JSON.parse(run.stdout)
      assert.equal(reply.StatusCode, 200)
      assert.equal(reply.ExecutedVersion, '$LATEST')
      assert.match(Buffer.from(reply.LogResult, 'base64').toString(), /INFO\tlog from the cli/)
      assert.equal(readFileSync(outfile, 'utf8'), '"logged"')
    })

    it('reports a function error as FunctionError: Unhandled', async () => {
      const outfile = join(dir, 'error.json')
      const run = await aws('--function-name', 'throws', outfile)
      assert.equal(run.status, 0, run.stderr)
      assert.equal(JSON.parse(run.stdout).FunctionError, 'Unhandled')
      assert.equal(JSON.parse(readFileSync(outfile, 'utf8')).errorType, 'RangeError')
    })

    it('Event is 202 and DryRun is 204', async () => {
      assert.equal(JSON.parse((await aws('--function-name', 'echo', '--invocation-type', 'Event', join(dir, 'event.json'))).stdout).StatusCode, 202)
      assert.equal(JSON.parse((await aws('--function-name', 'echo', '--invocation-type', 'DryRun', join(dir, 'dry.json'))).stdout).StatusCode, 204)
    })

    it('an unknown function fails with ResourceNotFoundException', async () => {
      const run = await aws('--function-name', 'missing', join(dir, 'missing.json'))
      assert.notEqual(run.status, 0)
      assert.match(run.stderr, /ResourceNotFoundException.*Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing/)
    })
  })
})
