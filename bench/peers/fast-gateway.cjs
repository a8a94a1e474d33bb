'use strict'
// fast-gateway (pinned in devDependencies) as a peer line of `npm run bench`: `node fast-gateway.cjs BACKEND_URL [policy]`
// prints its port. With `policy`, every request must carry a known `x-api-key` and take a token from
// that key's bucket first: the hand-written equivalent of an API key in a usage plan with a throttle.
const gateway = require('fast-gateway')

const [backend, policy] = process.argv.slice(2)
const KEYS = new Map([['bench-api-key-0123456789abcdef', { rate: 1e6, burst: 1e6 }]])
const buckets = new Map()

function keyAndBucket(req, res, next) {
  const key = req.headers['x-api-key']
  const limits = typeof key === 'string' ? KEYS.get(key) : undefined
  if (limits === undefined) {
    res.statusCode = 403
    return res.end('{"message":"Forbidden"}')
  }
  const now = Date.now()
  let bucket = buckets.get(key)
  if (bucket === undefined) buckets.set(key, (bucket = { tokens: limits.burst, at: now }))
  bucket.tokens = Math.min(limits.burst, bucket.tokens + ((now - bucket.at) * limits.rate) / 1000)
  bucket.at = now
  if (bucket.tokens < 1) {
    res.statusCode = 429
    return res.end('{"message":"Too Many Requests"}')
  }
  bucket.tokens -= 1
  return next()
}

const server = gateway({
  middlewares: policy === 'policy' ? [keyAndBucket] : [],
  routes: [{ prefix: '/fg', target: backend }],
})
server.start(0).then((listening) => process.stdout.write(`${listening.address().port}\n`))
process.on('SIGTERM', () => process.exit(0))
