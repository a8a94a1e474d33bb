import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createUpLogger, formatUpLogLine } from './up-log.ts'

test('function output shows whatever the gateway level; Lambda\'s own lines are dimmed on a terminal', () => {
  const start = { level: 30, function: 'Hello', requestId: 'r1', msg: 'START RequestId: r1 Version: $LATEST' }
  assert.equal(formatUpLogLine(start, 'warn', false), 'Hello START RequestId: r1 Version: $LATEST')
  assert.equal(formatUpLogLine(start, 'warn', true), '\x1b[36mHello\x1b[0m \x1b[2mSTART RequestId: r1 Version: $LATEST\x1b[0m')
  const printed = { level: 30, function: 'Hello', msg: '2024-01-01T00:00:00.000Z\tr1\tINFO\thi there\n' }
  assert.equal(formatUpLogLine(printed, 'error', false), 'Hello 2024-01-01T00:00:00.000Z\tr1\tINFO\thi there')
})

test('the gateway\'s own lines show from --log-level up, as plain text', () => {
  assert.equal(formatUpLogLine({ level: 30, msg: 'compiled' }, 'warn', false), undefined)
  assert.equal(formatUpLogLine({ level: 40, msg: 'slow' }, 'warn', false), 'gatehouse warn: slow')
  assert.equal(formatUpLogLine({ level: 50, msg: 'boom', err: { stack: 'Error: boom\n    at x' } }, 'warn', false), 'gatehouse error: boom\nError: boom\n    at x')
})

test('the logger passes function lines through a warn-level gateway', async () => {
  const written: string[] = []
  const logger = createUpLogger('warn', { write: (text: string) => written.push(text), isTTY: false })
  logger.info({ function: 'Hello', requestId: 'r1' }, 'END RequestId: r1')
  logger.info('not shown')
  logger.warn('shown')
  await new Promise((done) => setImmediate(done))
  assert.deepEqual(written, ['Hello END RequestId: r1\n', 'gatehouse warn: shown\n'])
})
