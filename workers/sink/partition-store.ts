import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { seenBit, type SinkKeys } from './redis-keys';

/** An insert under way: the offsets it covers, its token and the exact (packed) rows sent. */
export interface Plan {
  from: string;
  to: string;
  token: string;
  body: Buffer;
}

export interface PartitionState {
  /** Random, fixed when the partition's state is created; part of every token. */
  generation: string;
  /** The last offset whose rows are durably in ClickHouse, or null before the first block. */
  done: bigint | null;
  /** An insert that was planned and not confirmed: it is sent again, identically, first. */
  pending: Plan | null;
}

export interface SeqId {
  source: string;
  seq: number;
}

/** The sink's state per input partition, and the seqs it has planned per source. */
export interface PartitionStore {
  load: (topic: string, partition: number) => Promise<PartitionState>;
  /** Which of `ids` are already planned into ClickHouse. */
  seen: (ids: SeqId[]) => Promise<boolean[]>;
  /** Records the plan and marks its events seen, atomically, before the insert. */
  begin: (topic: string, partition: number, plan: Plan, ids: SeqId[]) => Promise<void>;
  /** The plan's rows are in ClickHouse: `done` moves to `to` and the plan is dropped, atomically. */
  complete: (topic: string, partition: number, to: string) => Promise<void>;
}

/** Long enough for any resend or replay of a source's event: events.validated keeps 7 days. */
export const SEEN_TTL_S = 14 * 86_400;

const PLAN_FIELDS = ['from', 'to', 'token', 'body'] as const;

export function redisPartitionStore(redis: Redis, keys: SinkKeys): PartitionStore {
  return {
    load: async (topic, partition) => {
      const key = keys.partition(topic, partition);
      await redis.hsetnx(key, 'gen', randomBytes(6).toString('hex'));
      const h = await redis.hgetallBuffer(key);
      const text = (f: string) => h[f]?.toString('utf8');
      const done = text('done');
      const [from, to, token] = [text('from'), text('to'), text('token')];
      return {
        generation: text('gen')!,
        done: done === undefined ? null : BigInt(done),
        pending: from !== undefined && to !== undefined && token !== undefined && h.body ? { from, to, token, body: h.body } : null,
      };
    },
    seen: async (ids) => {
      if (ids.length === 0) return [];
      // One BITFIELD per bitmap key (a block's events come from few sources): a few
      // commands per block instead of one GETBIT per event.
      const byKey = new Map<string, { bits: number[]; at: number[] }>();
      ids.forEach((id, i) => {
        const { key, bit } = seenBit(keys, id.source, id.seq);
        let g = byKey.get(key);
        if (!g) byKey.set(key, (g = { bits: [], at: [] }));
        g.bits.push(bit);
        g.at.push(i);
      });
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
    begin: async (topic, partition, plan, ids) => {
      const m = redis.multi();
      m.hset(keys.partition(topic, partition), { from: plan.from, to: plan.to, token: plan.token, body: plan.body });
      const byKey = new Map<string, number[]>();
      for (const id of ids) {
        const { key, bit } = seenBit(keys, id.source, id.seq);
        let bits = byKey.get(key);
        if (!bits) byKey.set(key, (bits = []));
        bits.push(bit);
      }
      for (const [key, bits] of byKey) {
        m.call('BITFIELD', key, ...bits.flatMap((b) => ['SET', 'u1', b, 1]));
        m.expire(key, SEEN_TTL_S);
      }
      const res = await m.exec();
      if (!res) throw new Error('redis transaction aborted');
      for (const [err] of res) if (err) throw err;
    },
    complete: async (topic, partition, to) => {
      const key = keys.partition(topic, partition);
      const res = await redis
        .multi()
        .hset(key, 'done', to)
        .hdel(key, ...PLAN_FIELDS)
        .exec();
      if (!res) throw new Error('redis transaction aborted');
      for (const [err] of res) if (err) throw err;
    },
  };
}
