import type { Redis } from 'ioredis';
import { seenBit, type SinkKeys } from './redis-keys';

/** One partition's share of a block: the offsets of that partition it covers. */
export interface BlockPart {
  topic: string;
  partition: number;
  from: string;
  to: string;
}

/**
 * An insert under way: its token, the exact (packed) rows sent, and the partitions whose
 * batches it holds. A block is re-sent only as it was stored, never re-formed.
 */
export interface Block {
  token: string;
  body: Buffer;
  parts: BlockPart[];
}

export interface PartitionState {
  /** The last offset whose rows are durably in ClickHouse, or null before the first block. */
  done: bigint | null;
  /** The token of a block holding this partition's rows that was planned and not confirmed. */
  pending: string | null;
}

export interface SeqId {
  source: string;
  seq: number;
}

/** The sink's state per input partition, its unconfirmed blocks, and the seqs it has planned per source. */
export interface PartitionStore {
  load: (topic: string, partition: number) => Promise<PartitionState>;
  /** A planned block, or null once it is complete (another handler finished it). */
  block: (token: string) => Promise<Block | null>;
  /** Which of `ids` are already planned into ClickHouse. */
  seen: (ids: SeqId[]) => Promise<boolean[]>;
  /** Records the block, points each of its partitions at it and marks its events seen, atomically, before the insert. */
  begin: (block: Block, ids: SeqId[]) => Promise<void>;
  /**
   * The block's rows are in ClickHouse: each partition still pointing at it moves `done`
   * to its part's end and drops the pointer, and the block is dropped, atomically.
   */
  complete: (block: Pick<Block, 'token' | 'parts'>) => Promise<void>;
}

/** Long enough for any resend or replay of a source's event: events.validated keeps 7 days. */
export const SEEN_TTL_S = 14 * 86_400;
/** A planned block outlives any restart; complete() deletes it long before. */
const BLOCK_TTL_S = 7 * 86_400;

/**
 * KEYS: the block, then one partition hash per part; ARGV: the token, then each part's
 * `to`. A partition that moved on (its pointer is another block's) is left alone.
 */
const COMPLETE_SCRIPT = `
for i = 2, #KEYS do
  if redis.call('HGET', KEYS[i], 'token') == ARGV[1] then
    redis.call('HSET', KEYS[i], 'done', ARGV[i])
    redis.call('HDEL', KEYS[i], 'token')
  end
end
redis.call('DEL', KEYS[1])
return 1`;

async function execAll(m: ReturnType<Redis['multi']>): Promise<void> {
  const res = await m.exec();
  if (!res) throw new Error('redis transaction aborted');
  for (const [err] of res) if (err) throw err;
}

export function redisPartitionStore(redis: Redis, keys: SinkKeys): PartitionStore {
  return {
    load: async (topic, partition) => {
      const [done, token] = await redis.hmget(keys.partition(topic, partition), 'done', 'token');
      return { done: done ? BigInt(done) : null, pending: token ?? null };
    },
    block: async (token) => {
      const h = await redis.hgetallBuffer(keys.block(token));
      if (!h.body || !h.parts) return null;
      return { token, body: h.body, parts: JSON.parse(h.parts.toString('utf8')) as BlockPart[] };
    },
    seen: async (ids) => {
      if (ids.length === 0) return [];
      // One BITFIELD per bitmap key (a block's events come from few sources): a few
      // commands per block instead of one GETBIT per event.
      const byKey = bitsByKey(keys, ids);
      const p = redis.pipeline();
      for (const [key, g] of byKey) p.call('BITFIELD', key, ...g.bits.flatMap((b) => ['GET', 'u1', b]));
      const res = (await p.exec()) ?? [];
      const out = new Array<boolean>(ids.length).fill(false);
      [...byKey.values()].forEach((g, k) => {
        const [err, vals] = res[k] ?? [new Error('redis pipeline returned too few replies'), null];
        if (err) throw err;
        g.at.forEach((i, j) => (out[i] = (vals as number[])[j] === 1));
      });
      return out;
    },
    begin: async (block, ids) => {
      const m = redis.multi();
      m.hset(keys.block(block.token), { body: block.body, parts: JSON.stringify(block.parts) });
      m.expire(keys.block(block.token), BLOCK_TTL_S);
      for (const p of block.parts) m.hset(keys.partition(p.topic, p.partition), 'token', block.token);
      for (const [key, g] of bitsByKey(keys, ids)) {
        m.call('BITFIELD', key, ...g.bits.flatMap((b) => ['SET', 'u1', b, 1]));
        m.expire(key, SEEN_TTL_S);
      }
      await execAll(m);
    },
    complete: async (block) => {
      const partKeys = block.parts.map((p) => keys.partition(p.topic, p.partition));
      await redis.eval(COMPLETE_SCRIPT, 1 + partKeys.length, keys.block(block.token), ...partKeys, block.token, ...block.parts.map((p) => p.to));
    },
  };
}

/** The bits of `ids` grouped by bitmap key, with each bit's index in `ids`. */
function bitsByKey(keys: SinkKeys, ids: SeqId[]): Map<string, { bits: number[]; at: number[] }> {
  const byKey = new Map<string, { bits: number[]; at: number[] }>();
  ids.forEach((id, i) => {
    const { key, bit } = seenBit(keys, id.source, id.seq);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { bits: [], at: [] }));
    g.bits.push(bit);
    g.at.push(i);
  });
  return byKey;
}
