import type { Redis } from 'ioredis';

/**
 * One Redis script that applies a batch's writes atomically, if and only if what the
 * worker read before planning them is still true ("optimistic concurrency"). A worker
 * reads its state (seen bits, a source's highest seq…) in one pipeline, plans every write
 * of the batch in memory (summing increments, so a batch of thousands of events becomes
 * a few hundred keys and fields), then sends checks + writes here in one call. Either all
 * writes happen or none: duplicates are dropped atomically with the aggregates they
 * would change, and a replayed batch finds its seen bits set and changes nothing.
 *
 * A failed check (another consumer wrote the same state in between, e.g. a zombie during
 * a rebalance) returns its index; the worker re-reads and re-plans.
 *
 * Keys are built inside the script, so it needs a single Redis (or one cluster slot).
 */
export type Check =
  /** Every one of these bits is 0 (none of these seqs was applied). */
  | { op: 'bits0'; key: string; bits: readonly number[] }
  /** The hash field equals `value` ('' = the field is absent). */
  | { op: 'heq'; key: string; field: string; value: string };

export type Write =
  /** Sets these bits to 1. */
  | { op: 'setbits'; key: string; bits: readonly number[] }
  /** Increments each field by its amount (an amount of 0 is skipped: it would only create the field). */
  | { op: 'hincrby'; key: string; fields: ReadonlyMap<string, number> }
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'set'; key: string; value: string; ttlSeconds: number }
  | { op: 'del'; key: string }
  | { op: 'rpush'; key: string; values: string[] }
  | { op: 'expire'; key: string; seconds: number }
  | { op: 'expireat'; key: string; unixSeconds: number }
  /** Increments each member's score by its amount (0 skipped, as for hincrby). */
  | { op: 'zincrby'; key: string; members: ReadonlyMap<string, number> }
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem'; key: string; member: string }
  /** Removes the members scored from `min` to `max` (inclusive; '-inf' / '+inf' allowed). */
  | { op: 'zremrangebyscore'; key: string; min: number | '-inf'; max: number | '+inf' }
  | { op: 'sadd'; key: string; member: string };

/**
 * Arguments: the number of checks, the checks, then the writes, each an op name, its key
 * and its operands. Bits go as runs of consecutive bits (`n first count …`: a batch's
 * seqs of a source are mostly consecutive), tested and set with BITFIELD, a field of at
 * most 32 bits at a time; hash fields and sorted-set members go under their key once
 * (`n field by …`). So what a batch sends, and what the script parses and calls, grows
 * with the number of runs and distinct fields, not with the number of events.
 *
 * The list goes as one argument, its items each ended by a newline, unless an item has
 * a newline itself (then as one argument per item): ioredis spends five times more CPU
 * on ten thousand small arguments than on one long one; the script splits it for about
 * what Redis spends on reading that many arguments.
 */
const SCRIPT = `
local a = ARGV
if #ARGV == 1 then
  a = {}
  local n = 0
  for item in string.gmatch(ARGV[1], '([^\\n]*)\\n') do n = n + 1; a[n] = item end
end
local i = 1
-- The BITFIELD subcommands over runs a[j..]: GET (check) or SET to ones (mark) fields of
-- at most 32 bits, the last ending where its run ends (a bitmap grows as SETBIT of its
-- last bit would grow it); sent some hundreds at a time (unpack has a limit). Returns
-- false if a checked bit is set.
local function bitruns(key, j, nruns, mark)
  local sub = {}
  local function flush()
    if #sub == 0 then return true end
    local got = redis.call('BITFIELD', key, unpack(sub))
    sub = {}
    if not mark then
      for _, v in ipairs(got) do if v ~= 0 then return false end end
    end
    return true
  end
  for r = 0, nruns - 1 do
    local off = tonumber(a[j + 2 * r])
    local last = off + tonumber(a[j + 2 * r + 1]) - 1
    while off <= last do
      local n = math.min(32, last - off + 1)
      if mark then
        sub[#sub + 1] = 'SET'; sub[#sub + 1] = 'u' .. n; sub[#sub + 1] = off; sub[#sub + 1] = 2 ^ n - 1
      else
        sub[#sub + 1] = 'GET'; sub[#sub + 1] = 'u' .. n; sub[#sub + 1] = off
      end
      off = off + n
      if #sub >= 1000 and not flush() then return false end
    end
  end
  return flush()
end
local nchecks = tonumber(a[i]); i = i + 1
for c = 1, nchecks do
  local op = a[i]
  if op == 'bits0' then
    local nruns = tonumber(a[i+2])
    if not bitruns(a[i+1], i + 3, nruns, false) then return c end
    i = i + 3 + 2 * nruns
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
  if op == 'hincrby' then
    local key, k = a[i+1], tonumber(a[i+2])
    for j = i + 3, i + 1 + 2 * k, 2 do redis.call('HINCRBY', key, a[j], a[j+1]) end
    i = i + 3 + 2 * k
  elseif op == 'zincrby' then
    local key, k = a[i+1], tonumber(a[i+2])
    for j = i + 3, i + 1 + 2 * k, 2 do redis.call('ZINCRBY', key, a[j+1], a[j]) end
    i = i + 3 + 2 * k
  elseif op == 'setbits' then
    local nruns = tonumber(a[i+2])
    bitruns(a[i+1], i + 3, nruns, true)
    i = i + 3 + 2 * nruns
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
  elseif op == 'zadd' then redis.call('ZADD', a[i+1], a[i+2], a[i+3]); i = i + 4
  elseif op == 'zrem' then redis.call('ZREM', a[i+1], a[i+2]); i = i + 3
  elseif op == 'zremrangebyscore' then redis.call('ZREMRANGEBYSCORE', a[i+1], a[i+2], a[i+3]); i = i + 4
  elseif op == 'sadd' then redis.call('SADD', a[i+1], a[i+2]); i = i + 3
  else return redis.error_reply('checked-apply: unknown write ' .. tostring(op)) end
end
return 0
`;

type Args = (string | number)[];

/** `n first count …`: the runs of consecutive bits among `bits` (any order, no repeats). */
function pushRuns(args: Args, bits: readonly number[]): void {
  const sorted = Float64Array.from(bits).sort();
  const at = args.push(0) - 1;
  let runs = 0;
  for (let j = 0; j < sorted.length; ) {
    let k = j + 1;
    while (k < sorted.length && sorted[k] === sorted[k - 1]! + 1) k++;
    args.push(sorted[j]!, k - j);
    runs++;
    j = k;
  }
  args[at] = runs;
}

/** `n name by …`: the non-zero amounts. */
function pushAmounts(args: Args, amounts: ReadonlyMap<string, number>): void {
  const at = args.push(0) - 1;
  let n = 0;
  for (const [name, by] of amounts) {
    if (by === 0) continue;
    args.push(name, by);
    n++;
  }
  args[at] = n;
}

function encode(checks: Check[], writes: Write[]): Args {
  const args: Args = [checks.length];
  for (const c of checks) {
    if (c.op === 'bits0') {
      args.push(c.op, c.key);
      pushRuns(args, c.bits);
    } else args.push(c.op, c.key, c.field, c.value);
  }
  for (const w of writes) {
    switch (w.op) {
      case 'setbits':
        args.push(w.op, w.key);
        pushRuns(args, w.bits);
        break;
      case 'hincrby':
        args.push(w.op, w.key);
        pushAmounts(args, w.fields);
        break;
      case 'zincrby':
        args.push(w.op, w.key);
        pushAmounts(args, w.members);
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
      case 'zadd':
        args.push(w.op, w.key, w.score, w.member);
        break;
      case 'zremrangebyscore':
        args.push(w.op, w.key, w.min, w.max);
        break;
      case 'zrem':
      case 'sadd':
        args.push(w.op, w.key, w.member);
        break;
    }
  }
  return args;
}

/** The arguments as one (see SCRIPT), or as they are if an item has a newline. */
function packed(args: Args): Args {
  for (const x of args) if (typeof x === 'string' && x.includes('\n')) return args;
  return [`${args.join('\n')}\n`];
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
  const res = await (redis as WithScript).tsCheckedApply!(...packed(encode(checks, writes)));
  return res === 0 ? { ok: true } : { ok: false, failedCheck: res - 1 };
}
