import type { Redis } from 'ioredis';
import type { PromotionDraft, PromotionRecord } from '../../lib/promotions/authoring-answers';
import { redisKeys } from '../../lib/redis-keys';
import { redisScript } from '../ingest/redis-script';

/**
 * The promotions HQ authors, in Redis (`promoAuthored`: promotion id → JSON), each with a
 * version that every change moves on by one. A change names the version it was made from and
 * is stored only if that is still the one stored (one script: every web instance agrees), so
 * two merchandisers cannot overwrite each other, nor publish what the other just changed.
 */
export type StoredPromotion = Omit<PromotionRecord, 'status'> & { state: 'draft' | 'published' | 'withdrawn' };

/**
 * KEYS: the hash. ARGV: id, the record's JSON with `__V__` where the version goes, the version
 * it is based on ('new': must not exist yet). Returns the new version, or −1 − the stored one
 * (0 when absent) on a conflict.
 */
const SAVE_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local v = 0
if cur then v = tonumber(cjson.decode(cur).version) end
if ARGV[3] == 'new' then
  if cur then return -1 - v end
elseif tonumber(ARGV[3]) ~= v then
  return -1 - v
end
local n = v + 1
redis.call('HSET', KEYS[1], ARGV[1], (string.gsub(ARGV[2], '"__V__"', tostring(n), 1)))
return n`;
const saveScript = redisScript(SAVE_SCRIPT);

/** KEYS: the hash. ARGV: id, the version shown. Deletes a draft of that version: 1; absent: 0; another version: −1 − it; not a draft: −1000000000. */
const DELETE_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
local rec = cjson.decode(cur)
if rec.state ~= 'draft' then return -1000000000 end
if tonumber(rec.version) ~= tonumber(ARGV[2]) then return -1 - tonumber(rec.version) end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1`;
const deleteScript = redisScript(DELETE_SCRIPT);
const NOT_A_DRAFT = -1_000_000_000;

export class PromotionConflict extends Error {
  constructor(readonly current: number) {
    super(current === 0 ? 'no such promotion' : `version ${current} is stored`);
    this.name = 'PromotionConflict';
  }
}

export function createPromotionStore(redis: Redis) {
  const parse = (raw: string) => JSON.parse(raw) as StoredPromotion;
  return {
    async list(): Promise<StoredPromotion[]> {
      return Object.values(await redis.hgetall(redisKeys.promoAuthored())).map(parse);
    },
    async get(id: string): Promise<StoredPromotion | null> {
      const raw = await redis.hget(redisKeys.promoAuthored(), id);
      return raw === null ? null : parse(raw);
    },
    /** Stores `record` as the next version after `basedOn` ('new': a new promotion); a PromotionConflict when another was stored since. */
    async save(record: Omit<StoredPromotion, 'version'>, basedOn: number | 'new'): Promise<StoredPromotion> {
      const json = JSON.stringify({ ...record, version: '__V__' });
      const n = Number(await saveScript(redis, [redisKeys.promoAuthored()], [record.promotionId, json, String(basedOn)]));
      if (n < 0) throw new PromotionConflict(-1 - n);
      return { ...record, version: n };
    },
    /** Deletes a draft shown at version `basedOn`: 'deleted', 'absent', 'published' (only a draft may go), or a PromotionConflict. */
    async removeDraft(id: string, basedOn: number): Promise<'deleted' | 'absent' | 'published'> {
      const n = Number(await deleteScript(redis, [redisKeys.promoAuthored()], [id, basedOn]));
      if (n === 1) return 'deleted';
      if (n === 0) return 'absent';
      if (n === NOT_A_DRAFT) return 'published';
      throw new PromotionConflict(-1 - n);
    },
  };
}

export type PromotionStore = ReturnType<typeof createPromotionStore>;
export type { PromotionDraft };
