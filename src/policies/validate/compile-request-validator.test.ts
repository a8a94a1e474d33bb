import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GatewayError } from '../../core/gateway-error.ts'
import type { Method } from '../../model/method.ts'
import type { Model } from '../../model/model.ts'
import type { RequestValidator } from '../../model/request-validator.ts'
import { requestValidationCompiler, type RequestValidation } from './compile-request-validator.ts'
import { modelUrl } from './model-reference.ts'
import type { ValidatedRequest } from './validated-request.ts'

const API = 'api1'
const model = (name: string, schema: object): Model => ({ id: name.toLowerCase(), name, schema: JSON.stringify(schema), contentType: 'application/json' })
const MODELS: Model[] = [
  model('Empty', { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' }),
  model('testSchema', { title: 'testSchema', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] }),
  model('testSchemaList', { type: 'array', items: { $ref: modelUrl(API, 'testSchema') } }),
  model('Color', { type: 'object', properties: { color: { enum: ['red', 'green'] } } }),
]
const VALIDATORS: RequestValidator[] = [
  { id: 'all', name: 'all', validateRequestBody: true, validateRequestParameters: true },
  { id: 'body', name: 'body', validateRequestBody: true, validateRequestParameters: false },
  { id: 'params', name: 'params', validateRequestBody: false, validateRequestParameters: true },
  { id: 'none', name: 'none', validateRequestBody: false, validateRequestParameters: false },
]
const compile = requestValidationCompiler({ restApiId: API, models: MODELS, requestValidators: VALIDATORS })

function method(extra: Partial<Method>): Method {
  return { httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false, ...extra }
}

function request(parts: { headers?: string[]; query?: Record<string, string[]>; path?: Record<string, string>; body?: string } = {}): ValidatedRequest {
  return {
    headers: parts.headers ?? [],
    query: new Map(Object.entries(parts.query ?? {})),
    pathParameters: parts.path ?? {},
    http: { body: Buffer.from(parts.body ?? '') },
  }
}

function failure(validate: RequestValidation, req: ValidatedRequest): GatewayError {
  try {
    validate(req)
  } catch (error) {
    assert.ok(error instanceof GatewayError)
    return error
  }
  assert.fail('expected the request to be refused')
}

const PARAMS = {
  'method.request.querystring.qs1': true,
  'method.request.path.issuer': true,
  'method.request.header.x-header-param': true,
  'method.request.querystring.optional': false,
}

describe('compileRequestValidator: required parameters', () => {
  const validate = compile(method({ requestValidatorId: 'params', requestParameters: PARAMS }))!

  it('names the missing ones, headers then path then query string (LS test_api_gateway_request_validator)', () => {
    const error = failure(validate, request())
    assert.equal(error.type, 'BAD_REQUEST_PARAMETERS')
    assert.equal(error.errorMessage, 'Missing required request parameters: [x-header-param, issuer, qs1]')
    assert.equal(failure(validate, request({ query: { qs1: ['x'] }, path: { issuer: 'i' } })).errorMessage, 'Missing required request parameters: [x-header-param]')
  })

  it('finds headers whatever their case; blank values count as missing [DOC]', () => {
    validate(request({ headers: ['X-Header-Param', 'v'], query: { qs1: ['x'] }, path: { issuer: 'i' } }))
    assert.equal(failure(validate, request({ headers: ['x-header-param', ' '], query: { qs1: [''] }, path: { issuer: 'i' } })).errorMessage,
      'Missing required request parameters: [x-header-param, qs1]')
  })

  it('is not compiled when nothing is required or the validator checks no parameters', () => {
    assert.equal(compile(method({ requestValidatorId: 'params', requestParameters: { 'method.request.header.h': false } })), undefined)
    assert.equal(compile(method({ requestValidatorId: 'body', requestParameters: PARAMS })), undefined)
    assert.equal(compile(method({ requestValidatorId: 'none', requestParameters: PARAMS, requestModels: { 'application/json': 'testSchema' } })), undefined)
    assert.equal(compile(method({ requestValidatorId: 'deleted', requestParameters: PARAMS })), undefined)
    assert.equal(compile(method({ requestParameters: PARAMS })), undefined)
  })
})

describe('compileRequestValidator: body', () => {
  const validate = compile(method({ requestValidatorId: 'body', requestModels: { 'application/json': 'testSchema' } }))!

  it('passes a body that matches and refuses one that does not', () => {
    validate(request({ body: '{"a": 1, "b": 2}' }))
    const error = failure(validate, request({ body: '{"test": "test"}' }))
    assert.equal(error.type, 'BAD_REQUEST_BODY')
    assert.equal(error.errorMessage, 'Invalid request body')
    assert.equal(error.options.validationError, '[object has missing required properties ([\\"a\\",\\"b\\"])]')
  })

  it('reads an empty body as {} (LS test_api_gateway_request_validator: GET without a body fails)', () => {
    assert.equal(failure(validate, request()).type, 'BAD_REQUEST_BODY')
  })

  it('uses the model of the Content-Type, application/json when none is sent, else $default, else none', () => {
    assert.equal(failure(validate, request({ headers: ['Content-Type', 'Application/JSON; charset=utf-8'], body: '{}' })).type, 'BAD_REQUEST_BODY')
    validate(request({ headers: ['content-type', 'text/plain'], body: 'not json' }))
    const withDefault = compile(method({ requestValidatorId: 'body', requestModels: { $default: 'testSchema' } }))!
    assert.equal(failure(withDefault, request({ headers: ['content-type', 'text/plain'], body: 'x' })).type, 'BAD_REQUEST_BODY')
    assert.equal(compile(method({ requestValidatorId: 'body' })), undefined)
  })

  it('refuses a body that is not JSON', () => {
    const error = failure(validate, request({ body: '{"a": 1,' }))
    assert.equal(error.type, 'BAD_REQUEST_BODY')
    assert.match(error.options.validationError ?? '', /^\[.+\]$/)
  })

  it('follows $ref to other models (LS test_api_gateway_request_validator_with_ref_models)', () => {
    const list = compile(method({ requestValidatorId: 'body', requestModels: { 'application/json': 'testSchemaList' } }))!
    list(request({ body: '[{"a": 1, "b": 2}]' }))
    assert.equal(failure(list, request({ body: '[{"a": 1}]' })).errorMessage, 'Invalid request body')
  })

  it('checks parameters before the body', () => {
    const both = compile(method({ requestValidatorId: 'all', requestParameters: PARAMS, requestModels: { 'application/json': 'testSchema' } }))!
    assert.equal(failure(both, request({ body: 'x' })).type, 'BAD_REQUEST_PARAMETERS')
  })

  it('words enum failures as AWS does', () => {
    const color = compile(method({ requestValidatorId: 'body', requestModels: { 'application/json': 'Color' } }))!
    assert.equal(failure(color, request({ body: '{"color": "x"}' })).options.validationError,
      '[instance value (\\"x\\") not found in enum (possible values: [\\"red\\",\\"green\\"])]')
  })

  it('survives bodies nested past what a parser can walk', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000)
    assert.equal(failure(validate, request({ body: deep })).type, 'BAD_REQUEST_BODY')
  })
})
