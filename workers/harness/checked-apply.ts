import type { Redis } from 'ioredis';

/**
 * One Redis script that applies a batch's writes atomically, if and only if what the
 * worker read before planning them is still true ("optimistic concurrency"). A worker
 * reads its state (seen bits, a source's highest seq…) in one pipeline, plans every write
 * of the batch in memory (summing increments, so a batch of thousands of events becomes
 * a few hundred commands), then sends checks + writes here in one call. Either all
 * writes happen or none: duplicates are dropped atomically with the aggregates they
 * would change, and a replayed batch finds its seen bits set and changes nothing.
 *
 * A failed check (another consumer wrote the same state in between, e.g. a zombie during
 * a rebalance) returns its index; the worker re-reads and re-plans.
 *
 * Keys are built inside the script, so it needs a single Redis (or one cluster slot).
 */
export type Check =
  /** The bit is 0 (the seq was never applied). */
  | { op: 'bit0'; key: string; bit: number }
  /** The hash field equals `value` ('' = the field is absent). */
  | { op: 'heq'; key: string; field: string; value: string };

export type Write =
  | { op: 'setbit'; key: string; bit: number }
  | { op: 'hincrby'; key: string; field: string; by: number }
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'set'; key: string; value: string; ttlSeconds: number }
  | { op: 'del'; key: string }
  | { op: 'rpush'; key: string; values: string[] }
  | { op: 'expire'; key: string; seconds: number }
  | { op: 'expireat'; key: string; unixSeconds: number }
  | { op: 'zincrby'; key: string; by: number; member: string }
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem'; key: string; member: string }
  | { op: 'sadd'; key: string; member: string };

const SCRIPT = `
local a = ARGV
local i = 1
local nchecks = tonumber(a[i]); i = i + 1
for c = 1, nchecks do
  local op = a[i]
  if op == 'bit0' then
    if redis.call('GETBIT', a[i+1], a[i+2]) ~= 0 then return c end
    i = i + 3
  else
    local v = redis.call('HGET', a[i+1], a[i+2])
    if not v then v = '' end
    if v ~= a[i+3] then return c end
    i = i + 4
  end
end
local n = #a
while i <= n do
  local op = a[i]
  if op == 'setbit' then redis.call('SETBIT', a[i+1], a[i+2], 1); i = i + 3
  elseif op == 'hincrby' then redis.call('HINCRBY', a[i+1], a[i+2], a[i+3]); i = i + 4
  elseif op == 'hset' then redis.call('HSET', a[i+1], a[i+2], a[i+3]); i = i + 4
  elseif op == 'set' then
    if a[i+3] == '0' then redis.call('SET', a[i+1], a[i+2]) else redis.call('SET', a[i+1], a[i+2], 'EX', a[i+3]) end
    i = i + 4
  elseif op == 'del' then redis.call('DEL', a[i+1]); i = i + 2
  elseif op == 'rpush' then
    local k = tonumber(a[i+2])
    for j = 1, k do redis.call('RPUSH', a[i+1], a[i+2+j]) end
    i = i + 3 + k
  elseif op == 'expire' then redis.call('EXPIRE', a[i+1], a[i+2]); i = i + 3
  elseif op == 'expireat' then redis.call('EXPIREAT', a[i+1], a[i+2]); i = i + 3
  elseif op == 'zincrby' then redis.call('ZINCRBY', a[i+1], a[i+2], a[i+3]); i = i + 4
  elseif op == 'zadd' then redis.call('ZADD', a[i+1], a[i+2], a[i+3]); i = i + 4
  elseif op == 'zrem' then redis.call('ZREM', a[i+1], a[i+2]); i = i + 3
  elseif op == 'sadd' then redis.call('SADD', a[i+1], a[i+2]); i = i + 3
  else return redis.error_reply('checked-apply: unknown write ' .. tostring(op)) end
end
return 0
`;

function encode(checks: Check[], writes: Write[]): (string | number)[] {
  const args: (string | number)[] = [checks.length];
  for (const c of checks) {
    if (c.op === 'bit0') args.push('bit0', c.key, c.bit);
    else args.push('heq', c.key, c.field, c.value);
  }
  for (const w of writes) {
    switch (w.op) {
      case 'setbit':
        args.push(w.op, w.key, w.bit);
        break;
      case 'hincrby':
        args.push(w.op, w.key, w.field, w.by);
        break;
      case 'hset':
        args.push(w.op, w.key, w.field, w.value);
        break;
      case 'set':
        args.push(w.op, w.key, w.value, w.ttlSeconds);
        break;
      case 'del':
        args.push(w.op, w.key);
        break;
      case 'rpush':
        args.push(w.op, w.key, w.values.length, ...w.values);
        break;
      case 'expire':
        args.push(w.op, w.key, w.seconds);
        break;
      case 'expireat':
        args.push(w.op, w.key, w.unixSeconds);
        break;
      case 'zincrby':
        args.push(w.op, w.key, w.by, w.member);
        break;
      case 'zadd':
        args.push(w.op, w.key, w.score, w.member);
        break;
      case 'zrem':
      case 'sadd':
        args.push(w.op, w.key, w.member);
        break;
    }
  }
  return args;
}

type WithScript = Redis & { tsCheckedApply?: (...args: (string | number)[]) => Promise<number> };
const defined = new WeakSet<Redis>();

/** Applies `writes` if every check holds: `{ ok: true }`, or the index of the first check that failed. */
export async function checkedApply(redis: Redis, checks: Check[], writes: Write[]): Promise<{ ok: true } | { ok: false; failedCheck: number }> {
  if (!defined.has(redis)) {
    // EVALSHA, loading the script once per connection (ioredis falls back to EVAL).
    redis.defineCommand('tsCheckedApply', { numberOfKeys: 0, lua: SCRIPT });
    defined.add(redis);
  }
  const res = await (redis as WithScript).tsCheckedApply!(...encode(checks, writes));
  return res === 0 ? { ok: true } : { ok: false, failedCheck: res - 1 };
}
