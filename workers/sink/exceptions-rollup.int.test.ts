import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { METRIC_NAMES } from '../../lib/loss/exception-metrics';
import { createLogger } from '../../lib/log';
import { createHistoryExceptions } from '../../server/loss/history-exceptions';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { referenceExceptions, withAll, type Counts, type RefEvent } from '../exceptions/testing/reference-exceptions';
import { createSinkWorker } from './sink-worker';
import { validatedOnly } from './testing/history-reference';
import { partitionByKey, seededRandom } from './testing/partitioned-input';
import { feedAll } from './testing/sink-fixture';

/**
 * Migration 0007 on real chDB: the exception rollup fed by its view from the sink's inserts
 * (which resolve each voided line's value and each override's amount onto the row), and the
 * same rollup filled by the migration from history the sink stored before it (those rows
 * unresolved: the migration resolves them in SQL). Both must give every cashier's, till's and
 * store's metrics, and every cashier's shifts, as counted from the simulated events.
 */
const START = Date.parse('2026-11-20T00:00:00Z');
const END = START + 86_400_000;
const FROM = '2026-11-19';
const TO = '2026-11-21';

type Rows = Awaited<ReturnType<ReturnType<typeof createHistoryExceptions>['storeRows']>>;

describe('exception rollup (migration 0007): from the view and from the backfill', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'exceptions-rollup-'));
  let redis: Redis;
  let ch: ClickHouseClient;
  let ref: ReturnType<typeof referenceExceptions>;
  let timezones: Record<string, string>;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    const sim = await runInMemory(smallRun({ seed: 31, dishonest: 3, faults: { duplicates: 0.01, malformed: 0, offline: [] } }));
    timezones = Object.fromEntries(Object.entries((sim.truth as { stores: Record<string, { timezone: string }> }).stores).map(([s, x]) => [s, x.timezone]));
    const validated = validatedOnly(sim.deliveries, END).passed;
    ref = referenceExceptions(
      validated.map((d) => JSON.parse(d.json) as RefEvent),
      (s) => timezones[s]!,
    );
    const rnd = seededRandom(99);
    // Migrations first, then the sink: the view rolls up its inserts.
    ch = await createClickHouse({ kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' });
    await migrate(ch, log);
    await feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `exc-rollup-${process.pid}-${Date.now()}` }), partitionByKey(validated, 12), () => 1 + Math.floor(rnd() * 2500));
  }, 300_000);

  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  const sums = (rows: Rows, level: 'store' | 'till' | 'cashier') => {
    const out = new Map<string, Counts>();
    for (const r of rows.filter((x) => x.level === level)) {
      const k = level === 'store' ? r.storeId : `${r.storeId}|${r.id}`;
      const c = out.get(k) ?? {};
      for (const [m, v] of Object.entries(r.metrics)) c[m] = (c[m] ?? 0) + v;
      out.set(k, c);
    }
    return out;
  };

  const checkGroups = async () => {
    const rows = await createHistoryExceptions(ch).storeRows(Object.entries(timezones).map(([storeId, timezone]) => ({ storeId, timezone, fromDay: FROM, toDay: TO })));
    for (const [level, want] of [
      ['cashier', ref.cashiers],
      ['till', ref.tills],
      ['store', ref.stores],
    ] as const) {
      const got = sums(rows, level);
      expect(got.size).toBe(want.size);
      for (const [k, c] of want) expect({ level, k, ...withAll(got.get(k), METRIC_NAMES) }).toEqual({ level, k, ...withAll(c, METRIC_NAMES) });
    }
    const total = withAll(ref.stores.get('S001'), METRIC_NAMES);
    expect(total.lineVoidAmount).toBeGreaterThan(0);
    expect(total.priceOverrideAmount).toBeGreaterThan(0);
  };

  const checkShifts = async () => {
    const history = createHistoryExceptions(ch);
    for (const cashier of new Set([...ref.shifts.keys()].map((k) => k.split('|')[0]!))) {
      const rows = await history.cashierRows(cashier, FROM, TO, (s) => timezones[s]!);
      const got = new Map<string, Counts>();
      for (const r of rows) {
        const k = `${cashier}|${r.day}|${r.storeId}|${r.tillId}|${r.shiftId}`;
        const c = got.get(k) ?? {};
        for (const [m, v] of Object.entries(r.metrics)) c[m] = (c[m] ?? 0) + v;
        got.set(k, c);
      }
      const want = [...ref.shifts].filter(([k]) => k.startsWith(`${cashier}|`));
      expect([...got.keys()].sort()).toEqual(want.map(([k]) => k).sort());
      for (const [k, c] of want) expect({ k, ...withAll(got.get(k), METRIC_NAMES) }).toEqual({ k, ...withAll(c, METRIC_NAMES) });
    }
  };

  describe('fed by the view from the sink’s inserts', () => {
    it('gives every cashier, till and store every metric as counted from the events', checkGroups);
    it('gives every cashier’s shifts as counted from the events', checkShifts);
  });

  describe('filled by the migration from history stored before it', () => {
    let unresolved = 0;
    beforeAll(async () => {
      // Back to before 0007: no rollup, and voids and overrides as the sink stored them then (units, amount 0).
      await ch.command({ query: 'DROP TABLE IF EXISTS exceptions_per_quarter_mv' });
      await ch.command({ query: 'DROP TABLE IF EXISTS exceptions_per_quarter' });
      await ch.command({ query: 'DELETE FROM schema_migrations WHERE version = 7' });
      const stored = await ch.query({ query: "SELECT * EXCEPT (ingested_at) FROM events FINAL WHERE type IN ('pos.item.voided', 'pos.price.overridden')", format: 'JSONEachRow' });
      const rows = (await stored.json<Record<string, unknown>>()).map((r) => ({ ...r, units: 0, amount: 0, ...(r.type === 'pos.item.voided' ? { unit_price: 0 } : {}) }));
      unresolved = rows.length;
      // Written again, later: under FINAL the newest row of a (store, source, seq) wins.
      await ch.insert({ table: 'events', values: rows, format: 'JSONEachRow', clickhouse_settings: { insert_deduplicate: 0 } });
      expect(await migrate(ch, log)).toEqual([7]);
    }, 300_000);

    it('gives every cashier, till and store every metric as counted from the events', async () => {
      const left = await ch.query({ query: "SELECT count() AS n FROM events FINAL WHERE type = 'pos.item.voided' AND units = 0", format: 'JSONEachRow' });
      expect(unresolved).toBeGreaterThan(100);
      expect(Number((await left.json<{ n: number }>())[0]!.n)).toBeGreaterThan(100);
      await checkGroups();
    });
    it('gives every cashier’s shifts as counted from the events, resolving those rows at query time', checkShifts);
  });
});
