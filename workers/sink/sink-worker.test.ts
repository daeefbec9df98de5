import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { createLogger } from '../../lib/log';
import { DependencyUnavailable, type Outcome } from '../harness/worker';
import type { EventRow } from './event-row';
import type { EventsWriter } from './insert-events';
import type { Block, PartitionState, PartitionStore } from './partition-store';
import { createSinkWorker } from './sink-worker';
import { batchOf, seededRandom } from './testing/partitioned-input';

/**
 * The exactly-once argument of sink-worker.ts, checked against models of its two
 * dependencies, with a crash injected at every step and replays cut at random:
 * - ClickHouse: a block whose token it has seen is dropped (and the model fails the test
 *   if a token ever comes back with different bytes: the sink must re-send, never re-form);
 * - Redis: each call of the partition store is atomic (MULTI).
 */
class Crash extends Error {}

type Point = 'load' | 'seen' | 'begin:before' | 'begin:after' | 'insert:before' | 'insert:after' | 'complete:before' | 'complete:after' | 'commit';
const POINTS: Point[] = ['load', 'seen', 'begin:before', 'begin:after', 'insert:before', 'insert:after', 'complete:before', 'complete:after', 'commit'];

function models() {
  let armed: Point | null = null;
  const trip = (p: Point) => {
    if (armed === p) {
      armed = null;
      throw new Crash(p);
    }
  };
  const landed = new Map<string, Buffer>();
  const writer: EventsWriter = {
    path: 'client',
    insert: async (body, token) => {
      trip('insert:before');
      const before = landed.get(token);
      if (before && !before.equals(body)) throw new Error(`token ${token} re-sent with different rows`);
      if (!before) landed.set(token, Buffer.from(body));
      trip('insert:after');
    },
  };
  const parts = new Map<string, { done: bigint | null; token: string | null }>();
  const blocks = new Map<string, Block>();
  const seenBits = new Set<string>();
  const part = (t: string, p: number) => {
    const k = `${t}:${p}`;
    if (!parts.has(k)) parts.set(k, { done: null, token: null });
    return parts.get(k)!;
  };
  const store: PartitionStore = {
    load: async (t, p): Promise<PartitionState> => {
      trip('load');
      const s = part(t, p);
      return { done: s.done, pending: s.token };
    },
    block: async (token) => {
      trip('load');
      const b = blocks.get(token);
      return b ? { ...b, parts: b.parts.map((x) => ({ ...x })) } : null;
    },
    seen: async (ids) => {
      trip('seen');
      return ids.map((id) => seenBits.has(`${id.source}#${id.seq}`));
    },
    begin: async (block, ids) => {
      trip('begin:before');
      blocks.set(block.token, { ...block, parts: block.parts.map((x) => ({ ...x })) });
      for (const x of block.parts) part(x.topic, x.partition).token = block.token;
      for (const id of ids) seenBits.add(`${id.source}#${id.seq}`);
      trip('begin:after');
    },
    complete: async (block) => {
      trip('complete:before');
      for (const x of block.parts) {
        const s = part(x.topic, x.partition);
        if (s.token === block.token) Object.assign(s, { done: BigInt(x.to), token: null });
      }
      blocks.delete(block.token);
      trip('complete:after');
    },
  };
  const rows = () =>
    [...landed.values()].flatMap((b) =>
      b
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as EventRow),
    );
  return { writer, store, rows, arm: (p: Point | null) => (armed = p), landed };
}

const noRefs = { receiptLineEvents: async () => [], closedReceiptLines: async () => new Map(), placedOrders: async () => new Map() };
const log = createLogger({ level: 'silent' });
const sinkOn = (m: ReturnType<typeof models>) =>
  createSinkWorker({ clickhouse: {} as ClickHouseClient, redis: {} as Redis, log, writer: m.writer, store: m.store, references: noRefs });

/** A partition's messages: a few sources in order, with resends (some far later) and malformed messages. */
function input(rnd: () => number, n: number, till = 'T01'): { values: Buffer[]; unique: Set<string>; malformed: Set<number> } {
  const values: Buffer[] = [];
  const unique = new Set<string>();
  const malformed = new Set<number>();
  const seqs = new Map<string, number>();
  const resend: { at: number; v: Buffer }[] = [];
  while (values.length < n) {
    for (const r of resend.filter((x) => x.at <= values.length)) values.push(r.v);
    resend.splice(0, resend.length, ...resend.filter((x) => x.at > values.length));
    if (rnd() < 0.02) {
      malformed.add(values.length);
      values.push(Buffer.from('{"type":'));
      continue;
    }
    const source = `S00${1 + Math.floor(rnd() * 4)}-${till}`;
    const seq = (seqs.get(source) ?? 0) + 1;
    seqs.set(source, seq);
    const v = Buffer.from(JSON.stringify({ id: `${source}-${seq}`, type: 'pos.drawer.opened', schemaVersion: 1, source, seq, occurredAt: '2026-11-21T10:00:00.000Z', storeId: source.slice(0, 4), payload: { reason: 'sale' } }));
    unique.add(`${source}#${seq}`);
    values.push(v);
    if (rnd() < 0.05) resend.push({ at: values.length + Math.floor(rnd() * 300), v });
  }
  return { values, unique, malformed };
}

describe('sink worker: exactly once through crashes and replays (models of ClickHouse and Redis)', () => {
  it('stores every event once, whatever step crashes and however the replays are cut', async () => {
    let crashes = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const rnd = seededRandom(seed);
      const m = models();
      const { values, unique, malformed } = input(rnd, 1500);
      let worker = sinkOn(m);
      let committed = 0;
      const finalOutcome = new Map<number, Outcome>();
      while (committed < values.length) {
        const to = Math.min(values.length, committed + 1 + Math.floor(rnd() * (rnd() < 0.5 ? 40 : 600)));
        const point = rnd() < 0.35 ? POINTS[Math.floor(rnd() * POINTS.length)]! : null;
        m.arm(point);
        let result;
        try {
          result = await worker.handle(batchOf(values, 0, committed, to));
        } catch (err) {
          // The worker reports every failure of a dependency as DependencyUnavailable.
          expect(err).toBeInstanceOf(DependencyUnavailable);
          expect((err as Error).cause).toBeInstanceOf(Crash);
          crashes += 1;
          worker = sinkOn(m); // a restart: nothing survives but Redis, ClickHouse and the committed offset
          continue;
        }
        m.arm(null);
        expect(result.outcomes).toHaveLength(to - committed);
        if (point === 'commit') {
          crashes += 1;
          worker = sinkOn(m);
          continue;
        }
        result.outcomes.forEach((o, i) => finalOutcome.set(committed + i, o));
        committed = to;
      }
      const stored = m.rows().map((r) => `${r.source}#${r.seq}`);
      expect(stored.length, `seed ${seed}`).toBe(unique.size);
      expect(new Set(stored)).toEqual(unique);
      for (const [i, o] of finalOutcome) expect(o.kind === 'dlq', `offset ${i}`).toBe(malformed.has(i));
    }
    expect(crashes).toBeGreaterThan(100);
  });

  it('groups the partitions handled at once into one insert, and any of them recovers the group after a crash', async () => {
    let crashes = 0;
    for (let seed = 1; seed <= 15; seed++) {
      const rnd = seededRandom(1000 + seed);
      const m = models();
      // Three partitions, each with its own sources (a source's events are on one partition).
      const inputs = [0, 1, 2].map((p) => input(rnd, 600, `T0${p + 1}`));
      const committed = [0, 0, 0];
      let worker = sinkOn(m);
      let rounds = 0;
      while (committed.some((c, p) => c < inputs[p]!.values.length)) {
        rounds += 1;
        const point = rnd() < 0.35 ? POINTS[Math.floor(rnd() * POINTS.length)]! : null;
        m.arm(point);
        // A fetch: the partitions not yet done, each cut at random, handled at the same time.
        const round = [0, 1, 2]
          .filter((p) => committed[p]! < inputs[p]!.values.length)
          .map((p) => ({ p, to: Math.min(inputs[p]!.values.length, committed[p]! + 1 + Math.floor(rnd() * 250)) }));
        const results = await Promise.allSettled(round.map(({ p, to }) => worker.handle(batchOf(inputs[p]!.values, p, committed[p]!, to))));
        m.arm(null);
        const failed = results.filter((r) => r.status === 'rejected');
        for (const r of failed) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DependencyUnavailable);
        if (failed.length > 0 || point === 'commit') {
          // A crash: the process restarts and nothing of this round is committed.
          crashes += 1;
          worker = sinkOn(m);
          continue;
        }
        for (const { p, to } of round) committed[p] = to;
      }
      const stored = m.rows().map((r) => `${r.source}#${r.seq}`);
      const unique = new Set(inputs.flatMap((i) => [...i.unique]));
      expect(stored.length, `seed ${seed}`).toBe(unique.size);
      expect(new Set(stored)).toEqual(unique);
      // One block per round at most, whatever the number of partitions in it: grouped.
      expect(m.landed.size).toBeLessThanOrEqual(rounds);
    }
    expect(crashes).toBeGreaterThan(30);
  });

  it('counts each message once in a clean run: ok, duplicate or dlq', async () => {
    const m = models();
    const { values, unique, malformed } = input(seededRandom(99), 2000);
    const worker = sinkOn(m);
    const kinds = { ok: 0, duplicate: 0, dlq: 0 };
    for (let from = 0; from < values.length; from += 250) for (const o of (await worker.handle(batchOf(values, 0, from, from + 250))).outcomes) kinds[o.kind] += 1;
    expect(kinds).toEqual({ ok: unique.size, duplicate: values.length - unique.size - malformed.size, dlq: malformed.size });
    expect(m.landed.size).toBe(8);
  });

  it('a retried batch after a failed insert reports its messages ok again, and inserts nothing twice', async () => {
    const m = models();
    const { values } = input(seededRandom(5), 300);
    const worker = sinkOn(m);
    m.arm('insert:after');
    await expect(worker.handle(batchOf(values, 0, 0, 300))).rejects.toBeInstanceOf(DependencyUnavailable);
    const again = await worker.handle(batchOf(values, 0, 0, 300));
    expect(again.outcomes.filter((o) => o.kind === 'ok').length).toBe(new Set(m.rows().map((r) => r.seq + r.source)).size);
    expect(m.landed.size).toBe(1);
  });

  it('turns a failing dependency into DependencyUnavailable naming it', async () => {
    const { values } = input(seededRandom(3), 10);
    const m = models();
    const down = (what: string) => async () => {
      throw new Error(`${what} connection refused`);
    };
    const redisDown = createSinkWorker({ clickhouse: {} as ClickHouseClient, redis: {} as Redis, log, writer: m.writer, references: noRefs, store: { ...m.store, load: down('redis') } });
    await expect(redisDown.handle(batchOf(values, 0, 0, 10))).rejects.toMatchObject({ name: 'DependencyUnavailable', dependency: 'redis' });
    const chDown = createSinkWorker({ clickhouse: {} as ClickHouseClient, redis: {} as Redis, log, store: m.store, references: noRefs, writer: { path: 'client', insert: down('clickhouse') } });
    const err = await chDown.handle(batchOf(values, 0, 0, 10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyUnavailable);
    expect(err).toMatchObject({ dependency: 'clickhouse', message: 'clickhouse unavailable: clickhouse connection refused' });
  });
});
