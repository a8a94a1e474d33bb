import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { buildRestApi, type MethodSpec } from '../../helpers/rest-api-builder.ts'

/**
 * MOCK with full templates (developer guide, "Mapping template transformations";
 * [LS test_apigateway_basic > TestIntegrations::test_mock_integration_response]): the
 * request template is chosen by the MIME type of Content-Type (`application/json` when the client
 * sends none), the response template by Accept, and `passthroughBehavior` decides what happens to a
 * Content-Type no template maps (developer guide, "Method request behavior for payloads without
 * mapping templates"; supported-gateway-response-types for the 415).
 */
const STATUS_TEMPLATE = `#set($kind = $input.path('$.kind'))
#if($kind == "missing")
{"statusCode": 404}
#elseif($kind == "broken")
{"statusCode": 500}
#else
{"statusCode": 200}
#end`

const responses: MethodSpec['responses'] = [
  {
    statusCode: '200',
    responseTemplates: {
      // application/json not first: it is still the default.
      'application/xml': '<result><format>xml</format><id>$input.params(\'id\')</id></result>',
      'application/json': '{"format": "json", "id": "$input.params(\'id\')", "stage": "$context.stage"}',
      'text/html': '<p>$input.params(\'id\')</p>',
    },
  },
  { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"error": "no such thing"}' } },
  { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: { 'application/json': '{"error": "broken"}' } },
]

const mock = (path: string, integration: Omit<MethodSpec['integration'], 'type'>, methodResponses = responses): MethodSpec => ({
  path,
  httpMethod: 'POST',
  requestParameters: path.includes('{id}') ? { 'method.request.path.id': true } : undefined,
  integration: { ...integration, type: 'MOCK' },
  responses: methodResponses,
})

describe('MOCK integration with templates', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string

  before(async () => {
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    restApiId = await buildRestApi(gw, {
      name: 'mock-templates',
      methods: [
        mock('things/{id}', {
          requestTemplates: {
            'application/json': STATUS_TEMPLATE,
            'application/xml': '{"statusCode": 404}',
            'text/plain': '{"statusCode": 503}',
          },
        }),
        mock('no-json-template', { requestTemplates: { 'application/json': '{"statusCode": 200}' } }, [
          { statusCode: '200', responseTemplates: { 'application/xml': '<only>xml</only>', 'text/plain': 'only text' } },
        ]),
        mock('when-no-match', { passthroughBehavior: 'WHEN_NO_MATCH', requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
        mock('when-no-templates', { passthroughBehavior: 'WHEN_NO_TEMPLATES', requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
        mock('never', { passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
        mock('when-no-templates-none', { passthroughBehavior: 'WHEN_NO_TEMPLATES' }),
        mock('never-none', { passthroughBehavior: 'NEVER' }),
        // AWS CDK's CORS preflight template, an unquoted key [LS-impl RestApiMockIntegration.parse_invalid_json].
        mock('cdk-style', { requestTemplates: { 'application/json': '{ statusCode: 200 }' } }),
        mock('no-template', {}),
        mock('no-status-code', { requestTemplates: { 'application/json': '{"status": 200}' } }),
      ],
    })
  })
  after(() => gw.close())

  const call = (path: string, headers: Record<string, string>, body = ''): Promise<RawResponse> => rawRequest({
    port,
    method: 'POST',
    path: `/_aws/execute-api/${restApiId}/test${path}`,
    headers: { Host: `localhost:${port}`, 'Content-Length': String(Buffer.byteLength(body)), ...headers },
    body,
  })

  describe('request template selection by Content-Type', () => {
    it('renders the template for the Content-Type\'s media type, parameters and case aside', async () => {
      for (const [contentType, status] of [
        ['application/json', 200], ['application/json; charset=utf-8', 200], ['application/xml', 404], ['Text/Plain; charset=ISO-8859-1', 500],
      ] as const) {
        const res = await call('/things/1', { 'Content-Type': contentType }, '{"kind": "fine"}')
        assert.equal(res.status, status, contentType)
      }
    })

    it('a full VTL template reads the body and picks the status the integration response is selected by', async () => {
      assert.equal((await call('/things/1', { 'Content-Type': 'application/json' }, '{"kind": "missing"}')).status, 404)
      const broken = await call('/things/1', { 'Content-Type': 'application/json' }, '{"kind": "broken"}')
      assert.equal(broken.status, 500)
      assert.equal(broken.body.toString(), '{"error": "broken"}', 'the integration response\'s template, not a gateway error')
    })

    it('without a Content-Type the application/json template applies (developer guide)', async () => {
      const res = await call('/things/1', {}, '{"kind": "missing"}')
      assert.equal(res.status, 404)
    })
  })

  describe('response template selection by Accept', () => {
    it('renders the template of the Accept type, with that Content-Type', async () => {
      const xml = await call('/things/7', { Accept: 'application/xml' })
      assert.equal(xml.status, 200)
      assert.equal(xml.body.toString(), '<result><format>xml</format><id>7</id></result>')
      assert.equal(xml.headers['content-type'], 'application/xml')
      const html = await call('/things/7', { Accept: 'text/html, application/json;q=0.9' })
      assert.equal(html.body.toString(), '<p>7</p>')
      assert.equal(html.headers['content-type'], 'text/html')
    })

    it('without an Accept (developer guide: application/json is assumed), or with one no template matches [LS-impl], the application/json template', async () => {
      for (const accept of [undefined, '*/*', 'image/png']) {
        const res = await call('/things/7', accept === undefined ? {} : { Accept: accept })
        assert.equal(res.status, 200, accept)
        assert.deepEqual(JSON.parse(res.body.toString()), { format: 'json', id: '7', stage: 'test' }, accept)
        assert.equal(res.headers['content-type'], 'application/json', accept)
      }
    })

    it('with no application/json template, the first one defined', async () => {
      const res = await call('/no-json-template', { Accept: '*/*' })
      assert.equal(res.body.toString(), '<only>xml</only>')
      assert.equal(res.headers['content-type'], 'application/xml')
      assert.equal((await call('/no-json-template', { Accept: 'text/plain' })).body.toString(), 'only text')
    })
  })

  describe('passthroughBehavior for a Content-Type no template maps', () => {
    const UNSUPPORTED = '{"message":"Unsupported Media Type"}'
    /** A passed-through body is what MOCK reads its statusCode from. */
    const passedThrough = '{"statusCode": 404}'

    it('WHEN_NO_MATCH passes the body through', async () => {
      const res = await call('/when-no-match', { 'Content-Type': 'text/csv' }, passedThrough)
      assert.equal(res.status, 404)
    })

    it('WHEN_NO_TEMPLATES passes it through only when the integration has no template at all', async () => {
      const refused = await call('/when-no-templates', { 'Content-Type': 'text/csv' }, passedThrough)
      assert.equal(refused.status, 415)
      assert.equal(refused.body.toString(), UNSUPPORTED)
      assert.equal(refused.headers['x-amzn-errortype'], 'UnsupportedMediaTypeException')
      assert.equal((await call('/when-no-templates-none', { 'Content-Type': 'text/csv' }, passedThrough)).status, 404)
    })

    it('NEVER refuses it, templates or not, with 415 (developer guide, supported-gateway-response-types: UNSUPPORTED_MEDIA_TYPE)', async () => {
      for (const path of ['/never', '/never-none']) {
        const res = await call(path, { 'Content-Type': 'text/csv' }, passedThrough)
        assert.equal(res.status, 415, path)
        assert.equal(res.body.toString(), UNSUPPORTED)
      }
      assert.equal((await call('/never-none', { 'Content-Type': 'application/json' }, passedThrough)).status, 415, 'no template maps application/json either')
      assert.equal((await call('/never', { 'Content-Type': 'application/json' })).status, 200, 'a mapped Content-Type still works')
    })
  })

  describe('the status code MOCK answers', () => {
    it('reads AWS CDK\'s CORS template `{ statusCode: 200 }`, which is no strict JSON', async () => {
      const res = await call('/cdk-style', {})
      assert.equal(res.status, 200)
      assert.deepEqual(JSON.parse(res.body.toString()), { format: 'json', id: '', stage: 'test' })
    })

    it('without a status code — no template, an empty body, a template without one — is 500: "Unable to parse statusCode" [LS-impl]', async () => {
      for (const [path, body] of [['/no-template', ''], ['/no-template', 'not json'], ['/no-status-code', '']]) {
        const res = await call(path, { 'Content-Type': 'application/json' }, body)
        assert.equal(res.status, 500, `${path} ${body}`)
        assert.equal(res.body.toString(), '{"message": "Internal server error"}')
      }
      assert.equal((await call('/no-template', { 'Content-Type': 'application/json' }, '{"statusCode": 200}')).status, 200, 'a passed-through body can name it')
    })
  })
})
