import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startEchoBackend, type EchoBackend, type ReceivedRequest } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * `requestParameters` and `responseParameters` with every source the developer guide lists
 * ("Parameter mapping source reference for REST APIs"): method request path, query string,
 * multi-valued query string, header, multi-valued header, body and body JSONPath, stage variables,
 * context variables and literals into the integration request; integration response header,
 * multi-valued header, body and body JSONPath and literals into declared method response headers.
 */
const DATA_MAPPINGS_RECORDED = recording('test_apigateway_http', 'test_http_proxy_integration_request_data_mappings')

describe('parameter mappings (requestParameters, responseParameters)', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let port: number
  let restApiId: string

  before(async () => {
    backend = await startEchoBackend()
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    restApiId = await buildRestApi(gw, {
      name: 'parameter-mapping',
      variables: { who: 'stage-who', sub: 'sub-path' },
      methods: [
        {
          path: 'pets/{petId}',
          httpMethod: 'POST',
          requestParameters: {
            'method.request.path.petId': true,
            'method.request.querystring.q': false,
            'method.request.multivaluequerystring.tag': false,
            'method.request.header.X-One': false,
            'method.request.multivalueheader.X-Many': false,
            'method.request.header.X-Absent': false,
          },
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'POST',
            uri: `${backend.origin}/backend/{id}/{sub}`,
            requestParameters: {
              'integration.request.path.id': 'method.request.path.petId',
              'integration.request.path.sub': 'stageVariables.sub',
              'integration.request.querystring.query': 'method.request.querystring.q',
              'integration.request.querystring.tags': 'method.request.multivaluequerystring.tag',
              'integration.request.querystring.requestId': 'context.requestId',
              'integration.request.querystring.name': 'method.request.body.pet.name',
              'integration.request.header.X-One-Mapped': 'method.request.header.X-One',
              'integration.request.header.X-Many-Mapped': 'method.request.multivalueheader.X-Many',
              'integration.request.header.X-Body': 'method.request.body',
              'integration.request.header.X-First-Toy': 'method.request.body.pet.toys[0]',
              'integration.request.header.X-Pet': 'method.request.body.pet',
              'integration.request.header.X-Stage-Variable': 'stageVariables.who',
              'integration.request.header.X-Stage': 'context.stage',
              'integration.request.header.X-Http-Method': 'context.httpMethod',
              'integration.request.header.X-Literal': "'a literal, with spaces'",
              'integration.request.header.X-Absent-Mapped': 'method.request.header.X-Absent',
            },
          },
          responses: [{
            statusCode: '200',
            responseParameters: {
              'method.response.header.X-Backend-Header': 'integration.response.header.X-Backend',
              'method.response.header.X-Backend-Multi': 'integration.response.multivalueheader.Set-Cookie',
              'method.response.header.X-Backend-Method': 'integration.response.body.method',
              'method.response.header.X-Backend-Mapped-Header': 'integration.response.body.headers.x-one-mapped',
              'method.response.header.X-Static': "'static, value'",
              'method.response.header.X-Missing': 'integration.response.header.X-Not-Sent',
            },
          }],
        },
        {
          path: 'whole-body',
          httpMethod: 'POST',
          integration: { type: 'HTTP', integrationHttpMethod: 'POST', uri: `${backend.origin}/raw` },
          responses: [{ statusCode: '200', responseParameters: { 'method.response.header.X-Whole-Body': 'integration.response.body' } }],
        },
      ],
    })
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  const PET = { pet: { name: 'Rex', toys: ['ball', 'rope'] } }

  async function callPets(): Promise<{ res: RawResponse; got: ReceivedRequest }> {
    const body = JSON.stringify(PET)
    const before = backend.received.length
    const res = await rawRequest({
      port,
      method: 'POST',
      path: `/_aws/execute-api/${restApiId}/test/pets/42?q=first&q=last&tag=a&tag=b%20c`,
      headers: {
        Host: `localhost:${port}`,
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        'X-One': 'one',
        'X-Many': 'm1',
      },
      body,
    })
    assert.equal(backend.received.length, before + 1, res.body.toString())
    return { res, got: backend.received[before] }
  }

  it('maps path, query string and multi-valued query string, stage and context variables and body JSONPath into the URI', async () => {
    const { res, got } = await callPets()
    assert.equal(res.status, 200, res.body.toString())
    const url = new URL(got.url, 'http://backend')
    assert.equal(url.pathname, '/backend/42/sub-path')
    // A single-valued mapping of a repeated parameter takes its last value; a multi-valued one
    // arrives comma-joined [LS test_apigateway_http > test_http_proxy_integration_request_data_mappings].
    assert.equal(url.searchParams.get('query'), 'last')
    assert.equal(url.searchParams.get('tags'), 'a,b c')
    assert.equal(DATA_MAPPINGS_RECORDED['http-proxy-invocation'].content.args.testQs, 'bar,foo')
    assert.equal(url.searchParams.get('requestId'), res.headers['x-amzn-requestid'])
    assert.equal(url.searchParams.get('name'), 'Rex')
  })

  it('maps headers from method request headers, the body, JSONPath, stage and context variables and literals; an absent source sets nothing', async () => {
    const { got } = await callPets()
    assert.equal(got.headers['x-one-mapped'], 'one')
    assert.equal(got.headers['x-many-mapped'], 'm1')
    assert.equal(got.headers['x-body'], JSON.stringify(PET))
    assert.equal(got.headers['x-first-toy'], 'ball')
    assert.deepEqual(JSON.parse(String(got.headers['x-pet'])), PET.pet, 'an object read by JSONPath arrives as JSON')
    assert.equal(got.headers['x-stage-variable'], 'stage-who')
    assert.equal(got.headers['x-stage'], 'test')
    assert.equal(got.headers['x-http-method'], 'POST')
    assert.equal(got.headers['x-literal'], 'a literal, with spaces')
    assert.equal('x-absent-mapped' in got.headers, false)
    assert.equal('x-one' in got.headers, false, 'the client\'s own header is not forwarded')
  })

  it('maps a repeated header with method.request.multivalueheader, comma-joined', async () => {
    const body = JSON.stringify(PET)
    const before = backend.received.length
    // Raw header lines, so X-Many really arrives twice.
    const res = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({
          host: '127.0.0.1', port, method: 'POST', path: `/_aws/execute-api/${restApiId}/test/pets/7`,
          headers: [['Host', `localhost:${port}`], ['Content-Type', 'application/json'], ['Content-Length', String(body.length)], ['X-Many', 'first'], ['X-Many', 'second']].flat(),
        }, (response) => {
          response.resume()
          response.on('end', () => resolve(response.statusCode ?? 0))
        })
        req.on('error', reject)
        req.end(body)
      }, reject)
    })
    assert.equal(res, 200)
    assert.equal(backend.received[before].headers['x-many-mapped'], 'first,second')
  })

  it('sets declared method response headers from the integration response header, multi-valued header, body JSONPath and literals', async () => {
    const { res } = await callPets()
    assert.equal(res.headers['x-backend-header'], 'echo')
    assert.equal(res.headers['x-backend-multi'], 'a=1,b=2')
    assert.equal(res.headers['x-backend-method'], 'POST')
    assert.equal(res.headers['x-backend-mapped-header'], 'one')
    assert.equal(res.headers['x-static'], 'static, value')
    assert.equal(res.headers['x-missing'], undefined, 'a source the backend did not send sets nothing')
    assert.equal(res.headers['x-backend'], undefined)
  })

  it('maps the whole integration response body with integration.response.body', async () => {
    const res = await rawRequest({
      port, method: 'POST', path: `/_aws/execute-api/${restApiId}/test/whole-body`,
      headers: { Host: `localhost:${port}`, 'Content-Type': 'application/json', 'Content-Length': '11' },
      body: '{"ok":true}',
    })
    assert.equal(res.status, 200)
    assert.equal(res.headers['x-whole-body'], '{"ok":true}')
  })
})
