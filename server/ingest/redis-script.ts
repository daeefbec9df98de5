import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run with EVALSHA, loaded with EVAL when Redis does not know it yet
 * (first call, or after a Redis restart). Scripts run atomically: one decision for
 * every web instance that shares the Redis.
 */
export function redisScript(lua: string): (redis: Redis, keys: string[], args: (string | number)[]) => Promise<unknown> {
  const sha = crypto.createHash('sha1').update(lua).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(lua, keys.length, ...keys, ...args);
      throw err;
    }
  };
}
