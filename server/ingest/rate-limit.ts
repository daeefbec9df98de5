import type { Redis } from 'ioredis';
import type { ApiKeyRecord } from './api-keys';
import { REDIS_KEYS } from './redis-keys';
import { redisScript } from './redis-script';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes `cost` events from the key's bucket, or says when to try again. */
  take: (key: Pick<ApiKeyRecord, 'publicId' | 'rate' | 'burst'>, cost: number) => Promise<RateDecision>;
}

/**
 * A token bucket per API key in Redis, refilled at `rate` tokens per second up to
 * `burst`, timed by the Redis clock (TIME) so that every web instance sees the same
 * bucket. A request may take more than is left when the bucket holds at least
 * min(cost, burst): the bucket then goes into debt, so a batch larger than the burst
 * is possible once and the next requests wait until the debt is repaid.
 *
 * KEYS[1] bucket; ARGV rate (tokens/s), burst, cost → {1, 0} taken, or {0, wait ms}.
 */
const TAKE = redisScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local need = math.min(cost, burst)
if tokens < need then
  return {0, math.ceil((need - tokens) * 1000 / rate)}
end
tokens = tokens - cost
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {1, 0}
`);

export function createRateLimiter(redis: Redis): RateLimiter {
  return {
    take: async (key, cost) => {
      const [taken, waitMs] = (await TAKE(redis, [REDIS_KEYS.rateBucket(key.publicId)], [key.rate, key.burst, cost])) as [number, number];
      return taken === 1 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
  };
}
