import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { id } from '../../lib/contract/fields';
import { DEFAULT_BURST_SECONDS, DEFAULT_RATE } from './limits';
import { REDIS_KEYS } from './redis-keys';

/**
 * Ingest API keys: `tsk_<publicId>_<secret>`, the public id 8 random bytes in hex (names
 * the key in lists and for revocation), the secret 32 random bytes in base64url.
 * Redis keeps only the SHA-256 of the whole key, with the store it is scoped to.
 * Neither a key nor its hash is ever logged or printed after creation.
 */
const KEY_PATTERN = /^tsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const PUBLIC_ID_PATTERN = /^[0-9a-f]{16}$/;

export const MAX_RATE = 1_000_000;
const MAX_NAME_LENGTH = 100;

const recordKey = REDIS_KEYS.apiKey;
const ALL_KEYS = REDIS_KEYS.allApiKeys;

export interface ApiKeyRecord {
  publicId: string;
  storeId: string;
  name: string;
  createdAt: string;
  /** Sustained events per second. */
  rate: number;
  /** Events that may be sent at once after a quiet spell. */
  burst: number;
  revokedAt?: string;
}

export interface NewApiKey {
  /** The full key: shown once, never stored. */
  key: string;
  record: ApiKeyRecord;
}

export function generateApiKey(): { key: string; publicId: string } {
  const publicId = crypto.randomBytes(8).toString('hex');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { key: `tsk_${publicId}_${secret}`, publicId };
}

/** The public id of a well-formed key, or null. */
export function parseApiKey(token: string): { publicId: string } | null {
  const m = KEY_PATTERN.exec(token);
  return m ? { publicId: m[1]! } : null;
}

export const isPublicId = (s: string): boolean => PUBLIC_ID_PATTERN.test(s);

/** SHA-256 of the whole key, hex. The key has 256 random bits: no salt or slow hash needed. */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export class ApiKeyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyInputError';
  }
}

/** Checks what `create` gets; throws ApiKeyInputError naming the option. */
export function checkNewKeyInput(o: { storeId: string; name: string; rate?: number; burst?: number }): {
  storeId: string;
  name: string;
  rate: number;
  burst: number;
} {
  if (!id(32).safeParse(o.storeId).success) {
    throw new ApiKeyInputError(`--store: "${o.storeId}" is not a store id (1-32 letters, digits and . _ : @ / -)`);
  }
  const name = o.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new ApiKeyInputError(`--name: 1-${MAX_NAME_LENGTH} printable characters`);
  }
  const rate = o.rate ?? DEFAULT_RATE;
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE) {
    throw new ApiKeyInputError(`--rate: a whole number of events per second from 1 to ${MAX_RATE}`);
  }
  const burst = o.burst ?? rate * DEFAULT_BURST_SECONDS;
  if (!Number.isInteger(burst) || burst < 1 || burst > MAX_RATE * DEFAULT_BURST_SECONDS) {
    throw new ApiKeyInputError(`--burst: a whole number of events from 1 to ${MAX_RATE * DEFAULT_BURST_SECONDS}`);
  }
  return { storeId: o.storeId, name, rate, burst };
}

function toRecord(publicId: string, h: Record<string, string>): ApiKeyRecord | null {
  if (!h.hash || !h.storeId) return null;
  return {
    publicId,
    storeId: h.storeId,
    name: h.name ?? '',
    createdAt: h.createdAt ?? '',
    rate: Number(h.rate) || DEFAULT_RATE,
    burst: Number(h.burst) || DEFAULT_RATE * DEFAULT_BURST_SECONDS,
    ...(h.revokedAt ? { revokedAt: h.revokedAt } : {}),
  };
}

export interface ApiKeyStore {
  create: (o: { storeId: string; name: string; rate?: number; burst?: number }) => Promise<NewApiKey>;
  list: () => Promise<ApiKeyRecord[]>;
  /** False when no such key exists; revoking twice is fine. */
  revoke: (publicId: string) => Promise<boolean>;
  /** The record of an active key whose hash matches, or null (malformed, unknown, revoked). */
  authenticate: (token: string) => Promise<ApiKeyRecord | null>;
}

export function createApiKeyStore(redis: Redis): ApiKeyStore {
  return {
    create: async (input) => {
      const o = checkNewKeyInput(input);
      const { key, publicId } = generateApiKey();
      const record: ApiKeyRecord = { publicId, ...o, createdAt: new Date().toISOString() };
      await redis
        .multi()
        .hset(recordKey(publicId), {
          hash: hashApiKey(key),
          storeId: record.storeId,
          name: record.name,
          createdAt: record.createdAt,
          rate: String(record.rate),
          burst: String(record.burst),
        })
        .sadd(ALL_KEYS, publicId)
        .exec();
      return { key, record };
    },

    list: async () => {
      const ids = (await redis.smembers(ALL_KEYS)).sort();
      if (ids.length === 0) return [];
      const pipe = redis.pipeline();
      for (const p of ids) pipe.hgetall(recordKey(p));
      const rows = (await pipe.exec()) ?? [];
      return ids
        .map((p, i) => toRecord(p, (rows[i]?.[1] ?? {}) as Record<string, string>))
        .filter((r): r is ApiKeyRecord => r !== null)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    revoke: async (publicId) => {
      if (!isPublicId(publicId)) return false;
      if ((await redis.exists(recordKey(publicId))) === 0) return false;
      // The record stays (who had which key, and when it ended); its hash no longer authenticates.
      await redis.multi().hsetnx(recordKey(publicId), 'revokedAt', new Date().toISOString()).del(REDIS_KEYS.rateBucket(publicId)).exec();
      return true;
    },

    authenticate: async (token) => {
      const parsed = parseApiKey(token);
      if (!parsed) return null;
      const h = await redis.hgetall(recordKey(parsed.publicId));
      const record = toRecord(parsed.publicId, h);
      if (!record || record.revokedAt) return null;
      const want = Buffer.from(h.hash!, 'hex');
      const got = Buffer.from(hashApiKey(token), 'hex');
      return want.length === got.length && crypto.timingSafeEqual(want, got) ? record : null;
    },
  };
}
