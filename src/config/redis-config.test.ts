import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const load = (flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  loadConfig({ file: 'no-such-gatehouse.yaml', explicitFile: false, env, flags, cwd: import.meta.dirname })

describe('Redis state configuration (--redis, GATEHOUSE_REDIS, gatehouse.yaml redis)', () => {
  it('is off by default; fail-open and the gatehouse: prefix are the defaults', () => {
    const config = load({})
    assert.equal(config.redis, undefined)
    assert.equal(config.redisFailure, 'fail-open')
    assert.equal(config.redisKeyPrefix, 'gatehouse:')
  })

  it('takes the URL and policy from the environment, flags winning', () => {
    const config = load({ redis: 'redis://10.0.0.5:6380/2' }, { GATEHOUSE_REDIS: 'redis://127.0.0.1:6379', GATEHOUSE_REDIS_FAILURE: 'fail-closed' })
    assert.equal(config.redis, 'redis://10.0.0.5:6380/2')
    assert.equal(config.redisFailure, 'fail-closed')
  })

  it('refuses what is not a Redis URL or policy, naming the flag', () => {
    assert.throws(() => load({ redis: 'http://127.0.0.1:6379' }), (error: Error) => error instanceof ConfigError && /redis: must be a redis:\/\/.*\(--redis or GATEHOUSE_REDIS\)/.test(error.message))
    assert.throws(() => load({ redisFailure: 'sometimes' }), (error: Error) => error instanceof ConfigError && /--redis-failure or GATEHOUSE_REDIS_FAILURE/.test(error.message))
  })
})
