import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileRouteSelection } from './route-selection.ts'

describe('route selection expressions (developer guide, "WebSocket selection expressions")', () => {
  it('$request.body.action picks the action of a JSON message; no JSON selects nothing', () => {
    const select = compileRouteSelection('$request.body.action')
    assert.equal(select('{"action":"sendmessage","data":"hi"}'), 'sendmessage')
    assert.equal(select('{"data":"hi"}'), '')
    assert.equal(select('{"action":5}'), '5')
    assert.equal(select('not json'), undefined)
  })

  it('follows nested paths', () => {
    assert.equal(compileRouteSelection('$request.body.message.type')('{"message":{"type":"join"}}'), 'join')
  })

  it('composes ${…} variables, an absent one giving ""', () => {
    assert.equal(compileRouteSelection('${request.body.service}/${request.body.action}')('{"service":"chat","action":"join"}'), 'chat/join')
    assert.equal(compileRouteSelection('${request.body.action}-${request.body.invalidPath}')('{"action":"join"}'), 'join-')
  })

  it('a plain string is a static key; \\$default is the literal $default', () => {
    assert.equal(compileRouteSelection('always')('{"action":"x"}'), 'always')
    assert.equal(compileRouteSelection('\\$default')('{}'), '$default')
  })
})
