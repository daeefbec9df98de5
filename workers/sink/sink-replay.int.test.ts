import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import type { DependencyUnavailable, WorkerDefinition } from '../harness/worker';
import { createEventsWriter, type EventsWriter } from './insert-events';
import { redisPartitionStore, type PartitionStore } from './partition-store';
import { skuSalesPerHour } from './read-rollups';
import { sinkKeys } from './redis-keys';
import { createSinkWorker } from './sink-worker';
import { batchOf, partitionByKey, seededRandom } from './testing/partitioned-input';
import { eventCounts, storeMinutes, truncateSinkTables, truthStoreMinutes, truthWebMinutes, webMinutes } from './testing/sink-fixture';

/**
 * Replays after a crash between the insert and the commit, and crashes at every other
 * step, against the real chDB (its token deduplication, in `events` and the views) and
 * the real Redis. A "crash" is an error thrown at that step, followed by a brand-new
 * worker (nothing in memory survives) and a replay from the last committed offset.
 */
class Crash extends Error {}
type Point = 'begin:after' | 'insert:before' | 'insert:after' | 'complete:after' | 'commit';

describe('history sink: replays insert nothing twice (real chDB and Redis)', () => {
  const log = createLogger({ level: 'silent' });
  let ch: ClickHouseClient;
  let redis: Redis;
  let sim: Awaited<ReturnType<typeof runInMemory>>;
  let parts: Buffer[][];
  let scope = '';
  let armed: Point | null = null;
  let n = 0;

  const trip = (p: Point) => {
    if (armed === p) {
      armed = null;
      throw new Crash(p);
    }
  };
  /** A worker on the real services whose steps crash when armed. */
  function worker(): WorkerDefinition {
    const real: EventsWriter = createEventsWriter(ch);
    const store: PartitionStore = redisPartitionStore(redis, sinkKeys(scope));
    return createSinkWorker({
      clickhouse: ch,
      redis,
      log,
      writer: {
        path: real.path,
        insert: async (body, token) => {
          trip('insert:before');
          await real.insert(body, token);
          trip('insert:after');
        },
      },
      store: {
        ...store,
        begin: async (...a) => {
          await store.begin(...a);
          trip('begin:after');
        },
        complete: async (...a) => {
          await store.complete(...a);
          trip('complete:after');
        },
      },
    });
  }
  /** The rollups and the journal, to compare a scenario with the clean run. */
  const snapshot = async () => ({
    events: await eventCounts(ch),
    stores: await storeMinutes(ch),
    web: await webMinutes(ch),
    skus: await skuSalesPerHour(ch, { from: '2026-11-19 00:00:00', to: '2026-11-22 00:00:00' }),
  });

  beforeAll(async () => {
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'sink-replay'), database: 'default' });
    await migrate(ch, log);
    redis = new Redis(inject('redisUrl'));
    sim = await runInMemory(smallRun({ faults: { duplicates: 0.03, malformed: 0, offline: [] } }));
    parts = partitionByKey(sim.deliveries, 12);
  });
  beforeEach(async () => {
    await truncateSinkTables(ch);
    scope = `sink-test-replay-${process.pid}-${Date.now()}-${++n}`;
    armed = null;
  });
  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  describe('the brief’s scenarios on one partition: offsets 0..999 handled, then a crash, then replays', () => {
    let p: number;
    let clean: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      p = parts.findIndex((v) => v.length >= 1500);
      await truncateSinkTables(ch);
      scope = `sink-test-replay-${process.pid}-${Date.now()}-clean`;
      const r = await worker().handle(batchOf(parts[p]!, p, 0, 1500));
      expect(r.outcomes.filter((o) => o.kind === 'duplicate').length).toBeGreaterThan(10);
      clean = await snapshot();
      expect(clean.events.rows).toBeGreaterThan(1400);
    });

    const cases: [string, Point | null, number[][]][] = [
      ['commit lost after the batch resolved; replay 0..1499', 'commit', [[0, 1500]]],
      ['commit lost after the batch resolved; replay 0..499, then 500..1499', 'commit', [[0, 500], [500, 1500]]],
      ['crash after the insert, before Redis confirmed it; replay 0..1499', 'insert:after', [[0, 1500]]],
      ['crash after the insert, before Redis confirmed it; replay 0..499, then 500..1499', 'insert:after', [[0, 500], [500, 1500]]],
      ['crash after the plan was written, before the insert; replay 0..499, then 500..1499', 'begin:after', [[0, 500], [500, 1500]]],
      ['crash after Redis confirmed, before the commit; replay 0..1499', 'complete:after', [[0, 1500]]],
    ];
    for (const [name, point, replays] of cases) {
      it(name, async () => {
        armed = point;
        const first = await worker()
          .handle(batchOf(parts[p]!, p, 0, 1000))
          .catch((e: unknown) => e);
        if (point === 'commit') expect(first).toHaveProperty('outcomes');
        else expect((first as DependencyUnavailable).cause).toBeInstanceOf(Crash);
        const restarted = worker();
        for (const [from, to] of replays) await restarted.handle(batchOf(parts[p]!, p, from!, to!));
        const got = await snapshot();
        expect(got.events).toEqual(clean.events);
        expect(got).toEqual(clean);
      });
    }
  });

  it('a whole day with crashes at random steps and replays cut at random equals the ground truth exactly', async () => {
    const rnd = seededRandom(404);
    const points: Point[] = ['begin:after', 'insert:before', 'insert:after', 'complete:after', 'commit'];
    let w = worker();
    let crashes = 0;
    const committed = parts.map(() => 0);
    for (let round = 0; committed.some((c, p) => c < parts[p]!.length); round++) {
      for (let p = 0; p < parts.length; p++) {
        const values = parts[p]!;
        if (committed[p]! >= values.length) continue;
        const to = Math.min(values.length, committed[p]! + 1 + Math.floor(rnd() * 2500));
        armed = rnd() < 0.15 ? points[Math.floor(rnd() * points.length)]! : null;
        const point = armed;
        try {
          await w.handle(batchOf(values, p, committed[p]!, to));
          armed = null;
          if (point === 'commit') throw new Crash('commit');
          committed[p] = to;
        } catch (err) {
          expect(err instanceof Crash || (err as Error).cause instanceof Crash).toBe(true);
          crashes += 1;
          w = worker();
        }
      }
    }
    expect(crashes).toBeGreaterThan(5);
    const unique = new Set(sim.deliveries.map((d) => `${d.source}#${d.seq}`)).size;
    expect(await eventCounts(ch)).toEqual({ rows: unique, unique });
    expect(await storeMinutes(ch)).toEqual(truthStoreMinutes(sim.truth as never));
    expect(await webMinutes(ch)).toEqual(truthWebMinutes(sim.truth as never));
  });
});
