/**
 * The Lua scripts the Redis adapters run. Each is one atomic step on the server (no other client's
 * command runs in between), which is what makes a token bucket or a quota exact across processes.
 * ioredis sends them with EVALSHA and falls back to EVAL when the server does not know the script yet
 * (after a restart or a SCRIPT FLUSH). Keys carry a `{hash tag}` so one request's keys share a slot.
 */

/**
 * A token bucket as a hash {t: tokens, u: last update in ms}: refilled lazily at `rate` tokens a
 * second up to `burst`, a new bucket starts full. `now` is the gateway's clock (injected in tests);
 * a clock behind the stored time refills nothing rather than going backwards. The key expires once
 * the bucket would be full again anyway, so idle buckets cost nothing.
 */
const TAKE_TOKEN = `
local function take_token(key, rate, burst, now)
  local stored = redis.call('HMGET', key, 't', 'u')
  local tokens = tonumber(stored[1])
  local updated = tonumber(stored[2])
  if tokens == nil or updated == nil then
    tokens = burst
    updated = now
  elseif now > updated then
    tokens = tokens + (now - updated) / 1000 * rate
    updated = now
  end
  if tokens > burst then tokens = burst end
  local taken = 0
  if tokens >= 1 then
    tokens = tokens - 1
    taken = 1
  end
  redis.call('HSET', key, 't', string.format('%.17g', tokens), 'u', string.format('%d', updated))
  local ttl = 86400000
  if rate > 0 then ttl = math.ceil(burst / rate * 1000) + 1000 end
  redis.call('PEXPIRE', key, ttl)
  return taken
end
`

/** KEYS: buckets, in order. ARGV: rate and burst of each, then now. → 1 all taken, 0 stopped at an empty one. */
export const TAKE_EACH_SCRIPT = `${TAKE_TOKEN}
local now = tonumber(ARGV[#ARGV])
for i, key in ipairs(KEYS) do
  if take_token(key, tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i]), now) == 0 then return 0 end
end
return 1`

/** Counts one request in its period (and its UTC day, for GetUsage) unless the period holds `limit`. */
const COUNT_QUOTA = `
local function count_quota(period_key, day_key, limit, ttl)
  local used = tonumber(redis.call('GET', period_key) or '0')
  if used >= limit then return 0 end
  redis.call('INCR', period_key)
  redis.call('EXPIRE', period_key, ttl)
  redis.call('INCR', day_key)
  redis.call('EXPIRE', day_key, ttl)
  return 1
end
`

/** KEYS: bucket. ARGV: rate, burst, now. → 1 taken, 0 throttled. */
export const TAKE_SCRIPT = `${TAKE_TOKEN}
return take_token(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))`

/** KEYS: period, day. ARGV: limit, ttl seconds. → 1 counted, 0 quota used up. */
export const CONSUME_SCRIPT = `${COUNT_QUOTA}
return count_quota(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]))`

/**
 * One request's whole metering step (usage-meter.ts has the order and why). KEYS: the plan's bucket,
 * quota period, quota day, then the buckets after them (stage, account). ARGV: has bucket (0/1),
 * rate, burst, now, has quota (0/1), limit, ttl seconds, then rate and burst of each bucket after.
 * → 0 allowed, 1 throttled, 2 quota exceeded. Atomic, so checking the quota before the stage's and
 * account's buckets and counting it after them cannot let a racing request through: a request
 * refused by any bucket uses no quota, and the quota never lets one more through.
 */
export const METER_SCRIPT = `${TAKE_TOKEN}${COUNT_QUOTA}
local now = tonumber(ARGV[4])
if ARGV[1] == '1' and take_token(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), now) == 0 then return 1 end
local counted = ARGV[5] == '1'
local limit = tonumber(ARGV[6])
if counted and tonumber(redis.call('GET', KEYS[2]) or '0') >= limit then return 2 end
for i = 4, #KEYS do
  local at = 8 + 2 * (i - 4)
  if take_token(KEYS[i], tonumber(ARGV[at]), tonumber(ARGV[at + 1]), now) == 0 then return 1 end
end
if counted and count_quota(KEYS[2], KEYS[3], limit, tonumber(ARGV[7])) == 0 then return 2 end
return 0`

/**
 * Authorizer results of one stage live under a generation number, so FlushStageAuthorizersCache is
 * one INCR: older generations are never read again and expire by their TTL.
 * KEYS: the stage's generation key. ARGV: the entry's name. → the stored JSON or nil.
 */
export const AUTHORIZER_GET_SCRIPT = `
local generation = redis.call('GET', KEYS[1]) or '0'
return redis.call('GET', KEYS[1] .. ':' .. generation .. ':' .. ARGV[1])`

/** KEYS: the stage's generation key. ARGV: entry name, JSON value, TTL in ms. */
export const AUTHORIZER_SET_SCRIPT = `
local generation = redis.call('GET', KEYS[1]) or '0'
redis.call('SET', KEYS[1] .. ':' .. generation .. ':' .. ARGV[1], ARGV[2], 'PX', ARGV[3])
return 1`

/**
 * A stage's response cache: under the cluster's generation (FlushStageCache is one INCR, like the
 * authorizer cache), entries `…:e:KEY` with a PX TTL, their sizes (`…:sizes`), the cluster's total
 * (`…:bytes`) and their recency (`…:lru`, scored by a `…:tick` counter, so the order is exact).
 * KEYS: the cluster's generation key. ARGV: the entry's key. → the stored entry or nil; a hit is
 * the most recently used.
 */
const CACHE_BASE = `
local generation = redis.call('GET', KEYS[1]) or '0'
local base = KEYS[1] .. ':' .. generation
local lru, sizes, total, tick = base .. ':lru', base .. ':sizes', base .. ':bytes', base .. ':tick'
local function entry_key(key) return base .. ':e:' .. key end
local function forget(key)
  local size = tonumber(redis.call('HGET', sizes, key) or '0')
  redis.call('HDEL', sizes, key)
  redis.call('ZREM', lru, key)
  redis.call('DEL', entry_key(key))
  if size > 0 then redis.call('DECRBY', total, size) end
  return size
end
`

export const CACHE_GET_SCRIPT = `${CACHE_BASE}
local entry = redis.call('GET', entry_key(ARGV[1]))
if not entry then return nil end
redis.call('ZADD', lru, redis.call('INCR', tick), ARGV[1])
return entry`

/**
 * ARGV: key, entry, bytes, TTL ms, cluster capacity, store (1) or only drop the older entry (0).
 * The least recently used entries go until the new one fits. The bookkeeping keys live as long as
 * the longest entry could (AWS's TTL is at most 3600 s), renewed by every put.
 */
export const CACHE_PUT_SCRIPT = `${CACHE_BASE}
local key, bytes, ttl, capacity = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
forget(key)
if ARGV[6] ~= '1' then return 0 end
local used = tonumber(redis.call('GET', total) or '0')
while used + bytes > capacity do
  local oldest = redis.call('ZRANGE', lru, 0, 0)
  if #oldest == 0 then break end
  used = used - forget(oldest[1])
end
redis.call('SET', entry_key(key), ARGV[2], 'PX', ttl)
redis.call('ZADD', lru, redis.call('INCR', tick), key)
redis.call('HSET', sizes, key, bytes)
redis.call('INCRBY', total, bytes)
local keep = math.max(ttl, 3600000) + 60000
for _, name in ipairs({ lru, sizes, total, tick }) do redis.call('PEXPIRE', name, keep) end
return 1`
