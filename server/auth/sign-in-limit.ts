import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisScript } from '../ingest/redis-script';
import { AUTH_KEYS } from './redis-keys';

/**
 * Sign-in attempts per username and client address: at most 10 in a 5-minute window
 * that starts at the first one; a successful sign-in clears the count. The attempt is
 * counted before the password is checked, in one script, so parallel guesses cannot
 * slip past the limit. Keyed by a digest, so no address is stored in clear.
 */
export const SIGN_IN_MAX_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_SECONDS = 5 * 60;

export type AttemptDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** KEYS[1] counter; ARGV window ms → {attempts so far, ms until the window ends}. */
const COUNT = redisScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`);

const digestOf = (username: string, address: string) => crypto.createHash('sha256').update(`${username}\n${address}`).digest('base64url').slice(0, 32);

export interface SignInLimiter {
  /** Counts one attempt; refused when the window already holds the maximum. */
  attempt: (username: string, address: string) => Promise<AttemptDecision>;
  /** After a successful sign-in. */
  reset: (username: string, address: string) => Promise<void>;
}

export function createSignInLimiter(redis: Redis, o: { max?: number; windowSeconds?: number } = {}): SignInLimiter {
  const max = o.max ?? SIGN_IN_MAX_ATTEMPTS;
  const windowMs = (o.windowSeconds ?? SIGN_IN_WINDOW_SECONDS) * 1000;
  return {
    attempt: async (username, address) => {
      const [n, ttl] = (await COUNT(redis, [AUTH_KEYS.signInAttempts(digestOf(username, address))], [windowMs])) as [number, number];
      return n <= max ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    },
    reset: async (username, address) => {
      await redis.del(AUTH_KEYS.signInAttempts(digestOf(username, address)));
    },
  };
}
