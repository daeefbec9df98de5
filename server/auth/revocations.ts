import type { Redis } from 'ioredis';
import { AUTH_KEYS } from './redis-keys';

/**
 * Signed-out sessions: one Redis key per revoked session id (a token's jti,
 * session-token.ts), `ts:auth:revoked:<jti>`, kept as long as the token could still be
 * used, then dropped by Redis itself: the set of keys never grows past the sessions
 * signed out in the last 12 h. Shared by every web instance, so a sign-out on one is
 * seen by the next check on any other (no cache).
 */

/**
 * Kept this much longer than the token lives: another web instance whose clock is behind
 * would otherwise accept the token again for the difference after the key is gone.
 */
export const REVOCATION_MARGIN_SECONDS = 60;
/** Ids asked for in one MGET by `revokedAmong` (several go out together). */
const MGET_CHUNK = 500;

export interface Revocations {
  /** Revokes the session `jti` of a token expiring at `exp` (seconds since the epoch); nothing to do once it has expired. */
  revoke: (jti: string, exp: number, nowMs?: number) => Promise<void>;
  /** One EXISTS. */
  isRevoked: (jti: string) => Promise<boolean>;
  /** Which of these ids are revoked: MGETs of at most 500 keys each, sent together. */
  revokedAmong: (jtis: readonly string[]) => Promise<Set<string>>;
}

export function createRevocations(redis: Redis): Revocations {
  return {
    revoke: async (jti, exp, nowMs = Date.now()) => {
      const remaining = exp - Math.floor(nowMs / 1000);
      if (remaining <= 0) return;
      await redis.set(AUTH_KEYS.revoked(jti), '1', 'EX', remaining + REVOCATION_MARGIN_SECONDS);
    },

    isRevoked: async (jti) => (await redis.exists(AUTH_KEYS.revoked(jti))) === 1,

    revokedAmong: async (jtis) => {
      const ids = [...new Set(jtis)];
      const chunks: string[][] = [];
      for (let i = 0; i < ids.length; i += MGET_CHUNK) chunks.push(ids.slice(i, i + MGET_CHUNK));
      const values = await Promise.all(chunks.map((c) => redis.mget(c.map(AUTH_KEYS.revoked))));
      const out = new Set<string>();
      chunks.forEach((c, i) => c.forEach((jti, j) => values[i]![j] !== null && out.add(jti)));
      return out;
    },
  };
}
