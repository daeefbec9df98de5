import type { Redis } from 'ioredis';
import { reasonId } from '../../lib/ops/dlq-reason-id';
import { redisKeys } from '../../lib/redis-keys';

/** Dead letters older than this are counted in the totals but in no minute (their minute has expired). */
export const MINUTE_TTL_S = 3900;
export const SAMPLES_PER_REASON = 20;
/** The totals, last times and samples live as long as events.dlq keeps its messages (14 days). */
export const STATE_TTL_S = 14 * 86_400;


/** One dead letter to count: its events.dlq offset, its `<worker>|<class>` field, its minute, its sample. */
export interface DlqCount {
  offset: string;
  field: string;
  /** Epoch minute of the dead letter, or null when it is older than an hour. */
  minute: number | null;
  at: string;
  sample: string;
}

/**
 * Counts a batch of one events.dlq partition in one script, only the offsets above the
 * partition's applied mark, then moves the mark: a replay of the batch (a crash before the
 * commit, a rebalance) counts nothing twice.
 */
const SCRIPT = `
local applied = redis.call('GET', KEYS[1])
local mark = -1
if applied then mark = tonumber(applied) end
local minTtl, maxS, sTtl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local top, topStr, n = mark, nil, 0
for i = 4, #ARGV, 6 do
  local off = tonumber(ARGV[i])
  if off > mark then
    local f = ARGV[i + 1]
    redis.call('HINCRBY', KEYS[2], f, 1)
    redis.call('HSET', KEYS[3], f, ARGV[i + 5])
    if ARGV[i + 2] ~= '' then
      redis.call('HINCRBY', ARGV[i + 2], f, 1)
      redis.call('EXPIRE', ARGV[i + 2], minTtl)
    end
    redis.call('LPUSH', ARGV[i + 3], ARGV[i + 4])
    redis.call('LTRIM', ARGV[i + 3], 0, maxS - 1)
    redis.call('EXPIRE', ARGV[i + 3], sTtl)
    n = n + 1
    if off > top then top = off; topStr = ARGV[i] end
  end
end
if topStr then
  redis.call('SET', KEYS[1], topStr)
  redis.call('EXPIRE', KEYS[2], sTtl)
  redis.call('EXPIRE', KEYS[3], sTtl)
end
return n
`;

/** Applies the counts of one partition's batch; resolves to how many were new. */
export async function applyDlqCounts(redis: Redis, partition: number, counts: DlqCount[]): Promise<number> {
  if (counts.length === 0) return 0;
  const args: string[] = [String(MINUTE_TTL_S), String(SAMPLES_PER_REASON), String(STATE_TTL_S)];
  for (const c of counts) {
    args.push(c.offset, c.field, c.minute === null ? '' : redisKeys.dlqMinute(c.minute), redisKeys.dlqSamples(reasonId(c.field)), c.sample, c.at);
  }
  const keys = [redisKeys.dlqApplied(partition), redisKeys.dlqTotals(), redisKeys.dlqLast()];
  return Number(await redis.eval(SCRIPT, keys.length, ...keys, ...args));
}
