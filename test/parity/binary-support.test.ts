import assert from 'node:assert/strict'
import { CreateDeploymentCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { etag, startEchoBackend, type EchoBackend } from '../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { recording } from '../helpers/recordings.ts'
import { parsePythonBytes } from '../helpers/python-bytes.ts'
import { rawRequest, type RawResponse } from '../helpers/raw-http.ts'
import { buildRestApi } from '../helpers/rest-api-builder.ts'

/**
 * [LS test_apigateway_s3 > TestApiGatewayS3BinarySupport::*], rebuilt as the recording's
 * test builds it, with our S3-like backend (`/objects/{key}`) behind a non-proxy HTTP integration in
 * place of S3 behind an AWS integration: the payload conversions belong to Integration Request and
 * Integration Response, whatever the integration. Each test puts three objects — a gzip stream that
 * is not UTF-8 (`raw`), its base64 (`encoded`), a text — through the gateway or reads them back
 * through it, first without binaryMediaTypes (stage `test`), then with `image/png` (stage `test2`),
 * and compares the bytes with AWS's.
 */
const recorded = (test: string): Record<string, any> => recording('test_apigateway_s3', `TestApiGatewayS3BinarySupport::${test}`)

const RAW = parsePythonBytes(recorded('test_apigw_s3_binary_support_response_no_content_handling')['raw-payload-binary-accept-binary'].content)
const OBJECTS: Record<string, Buffer> = {
  'binary-raw': RAW,
  'binary-encoded': Buffer.from(RAW.toString('base64')),
  text: Buffer.from('this is a UTF8 text typed object'),
}
/** The response tests name the objects without their `binary-` prefix. */
const SHORT: Record<string, string> = { 'binary-raw': 'raw', 'binary-encoded': 'encoded', text: 'text' }

type Handling = 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY' | undefined

describe('parity: binary payloads and contentHandling (LS test_apigateway_s3 > TestApiGatewayS3BinarySupport)', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let port: number

  before(async () => {
    backend = await startEchoBackend()
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  /** The recording's `setup_s3_apigateway`, deployed to `test`; `addBinaryMediaType` then deploys `test2` with `image/png`. */
  async function setup(request: Handling, response: Handling, requestTemplates?: Record<string, string>): Promise<{ restApiId: string; addBinaryMediaType(): Promise<void> }> {
    const restApiId = await buildRestApi(gw, {
      name: 's3-like',
      methods: [{
        path: '{object_path+}',
        httpMethod: 'ANY',
        requestParameters: {
          'method.request.path.object_path': true,
          'method.request.header.Content-Type': false,
          'method.request.header.response-content-type': false,
        },
        integration: {
          type: 'HTTP',
          integrationHttpMethod: 'ANY',
          uri: `${backend.origin}/objects/{object_path}`,
          requestParameters: {
            'integration.request.path.object_path': 'method.request.path.object_path',
            'integration.request.header.Content-Type': 'method.request.header.Content-Type',
            'integration.request.querystring.response-content-type': 'method.request.header.response-content-type',
          },
          contentHandling: request,
          requestTemplates,
        },
        responses: [{
          statusCode: '200',
          responseParameters: { 'method.response.header.ETag': 'integration.response.header.ETag' },
          contentHandling: response,
        }],
      }],
    })
    return {
      restApiId,
      async addBinaryMediaType() {
        await gw.apigateway.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'add', path: '/binaryMediaTypes/image~1png' }] }))
        await gw.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'test2' }))
      },
    }
  }

  /** A template the recording shows parsed (README caveat 2), as Python's json.dumps wrote it. */
  const pythonJson = (value: Record<string, string>): string => `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`

  const invoke = (restApiId: string, stage: string, method: 'GET' | 'PUT', key: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> =>
    rawRequest({
      port,
      method,
      path: `/_aws/execute-api/${restApiId}/${stage}/${key}`,
      headers: { Host: `localhost:${port}`, ...(body === undefined ? {} : { 'Content-Length': String(body.length) }), ...headers },
      body,
    })

  it('the objects are the recording\'s (their MD5s are the recorded ETags)', () => {
    const content = recorded('test_apigw_s3_binary_support_response_no_content_handling')
    for (const [key, body] of Object.entries(OBJECTS)) assert.equal(etag(body), content[`put-obj-${key}`].ETag, key)
  })

  describe('requests', () => {
    /** Checks what the backend stored against the object S3 held when the recording read it back. */
    function assertStored(expected: Record<string, any>, key: string, where: string): void {
      const stored = backend.objects.get(key)
      assert.ok(stored !== undefined, `${where}: stored`)
      assert.equal(stored.length, expected.ContentLength, `${where}: length`)
      assert.equal(etag(stored), expected.ETag, `${where}: bytes (MD5)`)
    }

    async function put(restApiId: string, stage: string, key: string, contentType: string, expectedStatus = 200): Promise<void> {
      backend.objects.delete(key)
      const res = await invoke(restApiId, stage, 'PUT', key, { 'Content-Type': contentType }, OBJECTS[key])
      assert.equal(res.status, expectedStatus, `${stage} PUT ${key} as ${contentType}: ${res.body.toString()}`)
      if (expectedStatus === 200) assert.equal(res.body.length, 0)
    }

    for (const handling of [undefined, 'CONVERT_TO_TEXT'] as const) {
      const test = `test_apigw_s3_binary_support_request[${handling ?? 'None'}]`
      it(`${test}: no binaryMediaTypes → UTF-8 text; image/png binary → bytes${handling === undefined ? '' : ', base64 text'}`, async () => {
        const content = recorded(test)
        const { restApiId, addBinaryMediaType } = await setup(handling, undefined)
        for (const key of Object.keys(OBJECTS)) {
          await put(restApiId, 'test', key, 'image/png')
          assertStored(content[`get-obj-no-binary-media-${key}`], key, `get-obj-no-binary-media-${key}`)
        }
        await addBinaryMediaType()
        for (const [kind, contentType] of [['binary-type', 'image/png'], ['text-type', 'text/plain']]) {
          for (const key of Object.keys(OBJECTS)) {
            await put(restApiId, 'test2', key, contentType)
            assertStored(content[`get-obj-${kind}-${key}`], key, `get-obj-${kind}-${key}`)
          }
        }
      })
    }

    it('test_apigw_s3_binary_support_request_convert_to_binary: text is base64-decoded, text that is not base64 is 500, binary stays bytes', async () => {
      const content = recorded('test_apigw_s3_binary_support_request_convert_to_binary')
      const { restApiId, addBinaryMediaType } = await setup('CONVERT_TO_BINARY', undefined)
      await put(restApiId, 'test', 'binary-encoded', 'image/png')
      assertStored(content['get-obj-no-binary-media-binary-encoded'], 'binary-encoded', 'get-obj-no-binary-media-binary-encoded')
      await put(restApiId, 'test', 'binary-raw', 'image/png', 500)
      await put(restApiId, 'test', 'text', 'text/plain', 500)
      assert.equal(backend.objects.has('binary-raw'), false)
      assert.equal(backend.objects.has('text'), false)
      await addBinaryMediaType()
      for (const key of Object.keys(OBJECTS)) {
        await put(restApiId, 'test2', key, 'image/png')
        assertStored(content[`get-obj-binary-media-${key}`], key, `get-obj-binary-media-${key}`)
      }
      await put(restApiId, 'test2', 'binary-raw', 'text/plain', 500)
      await put(restApiId, 'test2', 'text', 'text/plain', 500)
      await put(restApiId, 'test2', 'binary-encoded', 'text/plain')
      assertStored(content['get-obj-text-type-binary-encoded'], 'binary-encoded', 'get-obj-text-type-binary-encoded')
    })

    it('test_apigw_s3_binary_support_request_convert_to_binary_with_request_template: decoded bytes never reach a template (500)', async () => {
      const content = recorded('test_apigw_s3_binary_support_request_convert_to_binary_with_request_template')
      const template = pythonJson(content['get-integration'].requestTemplates['application/json'])
      const { restApiId } = await setup('CONVERT_TO_BINARY', undefined, { 'application/json': template })
      await put(restApiId, 'test', 'binary-encoded', 'image/png')
      assertStored(content['get-obj-encoded'], 'binary-encoded', 'get-obj-encoded')
      await put(restApiId, 'test', 'binary-encoded', 'application/json', 500)
    })
  })

  describe('responses', () => {
    for (const [test, handling] of [
      ['test_apigw_s3_binary_support_response_no_content_handling', undefined],
      ['test_apigw_s3_binary_support_response_convert_to_text', 'CONVERT_TO_TEXT'],
      ['test_apigw_s3_binary_support_response_convert_to_binary', 'CONVERT_TO_BINARY'],
    ] as const) {
      it(`${test}: every payload × Accept × binaryMediaTypes, recorded bytes or 500`, async () => {
        const content = recorded(test)
        const { restApiId, addBinaryMediaType } = await setup(undefined, handling)
        for (const [key, body] of Object.entries(OBJECTS)) backend.objects.set(key, body)
        const seen = new Set<string>()

        async function get(stage: string, key: string, accept: string, responseContentType: string, name: string): Promise<void> {
          const res = await invoke(restApiId, stage, 'GET', key, { Accept: accept, 'response-content-type': responseContentType })
          const expected = content[name]
          if (expected === undefined) {
            // The combinations the recording's test expects to fail.
            assert.equal(res.status, 500, `${name}: 500 (${res.body.toString('latin1').slice(0, 60)})`)
            return
          }
          seen.add(name)
          assert.equal(res.status, 200, name)
          assert.deepEqual(res.body, parsePythonBytes(expected.content), name)
          assert.equal(res.headers.etag, expected.etag, `${name}: ETag mapped from the integration response`)
        }

        for (const [key, accept] of [['text', 'text/plain'], ['binary-raw', 'image/png'], ['binary-encoded', 'image/png']]) {
          await get('test', key, accept, 'binary/octet-stream', `${SHORT[key]}-no-media`)
        }
        await addBinaryMediaType()
        for (const key of Object.keys(OBJECTS)) {
          for (const responseContentType of ['binary/octet-stream', 'image/png']) {
            for (const accept of ['image/png', 'text/plain']) {
              const name = `${SHORT[key]}-payload-${responseContentType === 'image/png' ? 'binary' : 'text'}-accept-${accept === 'image/png' ? 'binary' : 'text'}`
              await get('test2', key, accept, responseContentType, name)
            }
          }
        }
        const recordedKeys = Object.keys(content).filter((name) => name !== 'put-integration' && !name.startsWith('put-obj-'))
        assert.deepEqual([...seen].sort(), recordedKeys.sort(), 'every recorded answer was reproduced')
      })
    }

    it('test_apigw_s3_binary_support_response_convert_to_binary_with_request_template: CONVERT_TO_TEXT then the response template', async () => {
      const content = recorded('test_apigw_s3_binary_support_response_convert_to_binary_with_request_template')
      const integrationResponse = content['get-integration-response']
      const template = pythonJson(integrationResponse.responseTemplates['application/json'])
      const restApiId = await buildRestApi(gw, {
        name: 's3-like-template',
        binaryMediaTypes: ['image/png'],
        methods: [{
          path: '{object_path+}',
          httpMethod: 'ANY',
          requestParameters: { 'method.request.path.object_path': true },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'ANY', uri: `${backend.origin}/objects/{object_path}`,
            requestParameters: { 'integration.request.path.object_path': 'method.request.path.object_path' },
          },
          responses: [{
            statusCode: '200',
            responseParameters: integrationResponse.responseParameters,
            responseTemplates: { 'application/json': template },
            contentHandling: integrationResponse.contentHandling,
          }],
        }],
      })
      backend.objects.set('binary-encoded', OBJECTS['binary-encoded'])
      const res = await invoke(restApiId, 'test', 'GET', 'binary-encoded', { Accept: 'image/png' })
      const expected = content['encoded-text-payload-binary-accept']
      assert.equal(res.status, 200)
      assert.deepEqual(res.body, parsePythonBytes(expected.content))
      assert.equal(res.headers.etag, expected.etag)
    })
  })
})
