import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { IDEMPOTENCY_TTL_SECONDS, MAX_IDEMPOTENCY_KEY_LENGTH } from './limits';
import { REDIS_KEYS } from './redis-keys';
import { redisScript } from './redis-script';

/** What a request answered; kept for 24 h and replayed to a retry with the same key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type Claim =
  /** This request runs; it must `complete` or `release` with the token. */
  | { kind: 'claimed'; token: string }
  /** An earlier request with this key and body finished: answer the same. */
  | { kind: 'replay'; answer: StoredAnswer }
  /** The key was used with another body. */
  | { kind: 'mismatch' }
  /** A copy with this key still runs after the wait. */
  | { kind: 'in_progress' };

export interface IdempotencyStore {
  claim: (publicId: string, idempotencyKey: string, fingerprint: string) => Promise<Claim>;
  /** Stores the final answer under the claim (24 h). */
  complete: (publicId: string, idempotencyKey: string, token: string, fingerprint: string, answer: StoredAnswer) => Promise<void>;
  /** Drops the claim without an answer (429, 503): a retry runs again. */
  release: (publicId: string, idempotencyKey: string, token: string) => Promise<void>;
  /** Keeps the claim pending for `ms` more (a publish that outlives its request). */
  extend: (publicId: string, idempotencyKey: string, token: string, ms: number) => Promise<void>;
}

/** 1-255 printable ASCII characters (space to tilde). */
export function isValidIdempotencyKey(value: string): boolean {
  return value.length >= 1 && value.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x20-\x7e]+$/.test(value);
}

/** Same key, same request: the content type and the exact bytes of the body. */
export function fingerprintOf(format: string, bytes: Buffer): string {
  return crypto.createHash('sha256').update(format).update('\n').update(bytes).digest('hex');
}

type IdempotencyRecord = { state: 'pending'; token: string; fingerprint: string } | { state: 'done'; fingerprint: string; status: number; body: unknown };

function parseRecord(raw: string): IdempotencyRecord | null {
  try {
    const r = JSON.parse(raw) as IdempotencyRecord;
    return typeof r === 'object' && r !== null && typeof r.fingerprint === 'string' ? r : null;
  } catch {
    return null;
  }
}

/** KEYS[1]; ARGV token, answer JSON, ttl s: stores the answer unless another request holds the key now. */
const COMPLETE = redisScript(`
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, rec = pcall(cjson.decode, cur)
  if ok and type(rec) == 'table' and rec.state == 'pending' and rec.token ~= ARGV[1] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`);

/** KEYS[1]; ARGV token: deletes the pending marker only if it is still this request's. */
const RELEASE = redisScript(`
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, rec = pcall(cjson.decode, cur)
if ok and type(rec) == 'table' and rec.state == 'pending' and rec.token == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/** KEYS[1]; ARGV token, ms: moves the expiry of the pending marker only if it is still this request's. */
const EXTEND = redisScript(`
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, rec = pcall(cjson.decode, cur)
if ok and type(rec) == 'table' and rec.state == 'pending' and rec.token == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0
`);

const digest = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Idempotency-Key per API key in Redis. The first request takes the key with SET NX
 * of a pending marker (expires after `pendingTtlMs` should its process die); a
 * second copy that arrives meanwhile polls for up to `waitMs` and replays the
 * stored answer, or gets `in_progress` (409).
 */
export function createIdempotencyStore(
  redis: Redis,
  o: { pendingTtlMs?: number; waitMs?: number; pollMs?: number; ttlSeconds?: number } = {},
): IdempotencyStore {
  const pendingTtlMs = o.pendingTtlMs ?? 60_000;
  const waitMs = o.waitMs ?? 2_000;
  const pollMs = o.pollMs ?? 50;
  const ttlSeconds = o.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS;
  const keyOf = (publicId: string, idempotencyKey: string) => REDIS_KEYS.idempotency(publicId, digest(idempotencyKey));

  return {
    claim: async (publicId, idempotencyKey, fingerprint) => {
      const k = keyOf(publicId, idempotencyKey);
      const deadline = Date.now() + waitMs;
      for (;;) {
        const token = crypto.randomUUID();
        const set = await redis.set(k, JSON.stringify({ state: 'pending', token, fingerprint }), 'PX', pendingTtlMs, 'NX');
        if (set === 'OK') return { kind: 'claimed', token };
        const raw = await redis.get(k);
        if (raw !== null) {
          const rec = parseRecord(raw);
          if (rec && rec.fingerprint !== fingerprint) return { kind: 'mismatch' };
          if (rec?.state === 'done') return { kind: 'replay', answer: { status: rec.status, body: rec.body } };
        }
        // Still pending: wait for it (a marker gone in between is claimed again at once).
        if (Date.now() + pollMs > deadline) return { kind: 'in_progress' };
        if (raw !== null) await sleep(pollMs);
      }
    },

    complete: async (publicId, idempotencyKey, token, fingerprint, answer) => {
      const value = JSON.stringify({ state: 'done', fingerprint, status: answer.status, body: answer.body });
      await COMPLETE(redis, [keyOf(publicId, idempotencyKey)], [token, value, ttlSeconds]);
    },

    release: async (publicId, idempotencyKey, token) => {
      await RELEASE(redis, [keyOf(publicId, idempotencyKey)], [token]);
    },

    extend: async (publicId, idempotencyKey, token, ms) => {
      await EXTEND(redis, [keyOf(publicId, idempotencyKey)], [token, ms]);
    },
  };
}
