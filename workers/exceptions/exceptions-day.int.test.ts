import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXCEPTION_EVENT_TYPES, METRIC_NAMES, TRUTH_METRICS } from '../../lib/loss/exception-metrics';
import { createLogger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { createLiveExceptions } from '../../server/loss/live-exceptions';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { feedWorker, validateAll } from '../harness/testing/feed-worker';
import { partitionByKey, seededRandom } from '../sink/testing/partitioned-input';
import { createExceptions } from './exceptions';
import { localDayOf, referenceExceptions, withAll, type Counts, type RefEvent } from './testing/reference-exceptions';

/**
 * The exceptions worker on a simulated day with planted dishonest cashiers (real Redis,
 * database 2): 1 % duplicate sends, malformed events and a store offline for two hours, through
 * the real validator; the validated events fed in random batches over 12 partitions, half of
 * the partitions long before the other half (so refunds meet receipts that have not closed
 * yet), 1 % of them resent late, and a stretch replayed by a fresh worker as after a crash.
 * Every cashier's exceptions must equal the simulator's truth, and every metric of every
 * cashier, till, store and shift an independent count from the events.
 */
type Truth = { duplicates: number; exceptions: Record<string, Counts & { storeId: string }>; stores: Record<string, { timezone: string }> };

const DAY = 86_400_000;
// Recent days: Redis expires the live keys by the real clock.
const START = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
const END = START + DAY;
const NOW = END + 3_600_000;
const HQ_TZ = 'Europe/Madrid';

describe('exceptions worker on a simulated day (real Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let truth: Truth;
  let validated: Buffer[];
  let counts: { ok: number; duplicate: number; dlq: number };
  let replayed: { ok: number; duplicate: number; dlq: number };
  let resent: number;
  let replayedKept: number;
  let ref: ReturnType<typeof referenceExceptions>;
  const days: string[] = [];

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/2`);
    await redis.flushdb();
    const sim = await runInMemory(
      smallRun({ start: START, liveFrom: START, end: END, dishonest: 3, faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: START + 10 * 3_600_000, to: START + 12 * 3_600_000 }] } }),
    );
    truth = sim.truth as Truth;
    const rnd = seededRandom(17);
    const size = () => 1 + Math.floor(rnd() * 1500);
    validated = await validateAll(redis, log, sim.deliveries, NOW, size);
    const tz = (s: string) => truth.stores[s]?.timezone ?? HQ_TZ;
    // An outside producer's sale paid by card and two refunds of it at another till, one in
    // cash: to another tender. The refunds arrive first, the sale last (its till lagging).
    const at = (h: number) => new Date(START + h * 3_600_000).toISOString();
    const till = (source: string, cashierId: string) => ({ schemaVersion: 1, source, storeId: 'S001', tillId: source, cashierId });
    const sale = ['pos.receipt.opened', 'pos.item.added', 'pos.payment.captured', 'pos.receipt.closed'].map((type, i) => ({
      ...till('S001-X1', 'CX1'),
      id: `x1-${i + 1}`,
      type,
      seq: i + 1,
      occurredAt: at(9),
      receiptId: 'S001-X1-000001',
      payload: [{}, { lineId: 1, sku: 'SKU-X', qty: 2, unitPrice: 450, entry: 'scanned' }, { method: 'card', amount: 900 }, { total: 900, items: 2, lines: 1 }][i] as Record<string, unknown>,
    }));
    const refunds = ['cash', 'card'].map((method, i) => ({
      ...till('S001-X2', 'CX2'),
      id: `x2-${i + 1}`,
      type: 'pos.refund.issued',
      seq: i + 1,
      occurredAt: at(15),
      receiptId: `S001-X2-00000${i + 1}`,
      payload: { amount: 450, withReceipt: true, originalReceiptId: 'S001-X1-000001', method, lines: [{ sku: 'SKU-X', qty: 1 }] },
    }));
    // And that till's Z report, 5 € short: a cash shortage on any simulated day (the simulated ones vary by day, and some have none).
    const x2: object[] = [...refunds, { ...till('S001-X2', 'CX2'), id: 'x2-3', type: 'pos.report.z', seq: 3, occurredAt: at(16), payload: { expectedCash: 10_000, countedCash: 9_500 } }];
    const outside = (list: object[]) => list.map((e) => Buffer.from(JSON.stringify(e)));
    ref = referenceExceptions(
      [...validated, ...outside(x2), ...outside(sale)].map((b) => JSON.parse(b.toString()) as RefEvent),
      tz,
    );
    for (let d = START - DAY; d <= END + DAY; d += DAY) days.push(new Date(d).toISOString().slice(0, 10));

    const again = validated.filter((_, i) => i % 100 === 7);
    // Only the types the worker applies are checked against its seen bits: the others are ok, whatever they are.
    resent = again.filter((b) => EXCEPTION_EVENT_TYPES.has((JSON.parse(b.toString()) as RefEvent).type)).length;
    const input = [...validated, ...again].map((b) => ({ source: (JSON.parse(b.toString()) as RefEvent).source, json: b.toString() }));
    const parts = partitionByKey(input, 12);
    const worker = createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW });
    await feedWorker(worker, [outside(x2)], size);
    const a = await feedWorker(worker, parts.slice(0, 6), size);
    const b = await feedWorker(worker, parts.slice(6), size);
    await feedWorker(worker, [outside(sale)], size);
    counts = { ok: a.counts.ok + b.counts.ok, duplicate: a.counts.duplicate + b.counts.duplicate, dlq: a.counts.dlq + b.counts.dlq };
    // A crash after the writes and before the commit: a fresh worker gets a stretch of each partition again.
    const fresh = createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW });
    const stretch = parts.map((p) => p.slice(Math.floor(p.length / 3), Math.floor(p.length / 2)));
    replayedKept = stretch.flat().filter((m) => EXCEPTION_EVENT_TYPES.has((JSON.parse(m.toString()) as RefEvent).type)).length;
    replayed = (await feedWorker(fresh, stretch, size)).counts;
  }, 300_000);
  afterAll(() => redis?.disconnect());

  it('applies every validated event once; resends and a replayed stretch change nothing', () => {
    expect(truth.duplicates).toBeGreaterThan(50);
    expect(validated.length).toBeGreaterThan(50_000);
    expect(resent).toBeGreaterThan(100);
    expect(counts).toEqual({ ok: validated.length + Math.floor((validated.length - 8) / 100) + 1 - resent, duplicate: resent, dlq: 0 });
    expect(replayedKept).toBeGreaterThan(5_000);
    expect(replayed).toMatchObject({ duplicate: replayedKept, dlq: 0 });
  });

  it("equals the truth's exceptions of every cashier, planted dishonest ones among them", async () => {
    const rows = await createLiveExceptions(redis).storeRows(Object.entries(truth.stores).map(([storeId, s]) => ({ storeId, timezone: s.timezone, fromDay: days[0]!, toDay: days[days.length - 1]! })));
    const got = new Map<string, Counts>();
    for (const r of rows.filter((x) => x.level === 'cashier')) {
      const k = `${r.storeId}|${r.id}`;
      const c = got.get(k) ?? {};
      for (const [m, v] of Object.entries(r.metrics)) c[m] = (c[m] ?? 0) + v;
      got.set(k, c);
    }
    const cashiers = Object.entries(truth.exceptions);
    expect(cashiers.length).toBeGreaterThan(20);
    for (const [cashier, want] of cashiers) {
      expect({ cashier, ...withAll(got.get(`${want.storeId}|${cashier}`), TRUTH_METRICS) }).toEqual({ cashier, ...withAll(want, TRUTH_METRICS) });
    }
    // Every metric of every cashier, till and store: the independent count.
    for (const [level, want] of [
      ['cashier', ref.cashiers],
      ['till', ref.tills],
      ['store', ref.stores],
    ] as const) {
      const mine = new Map<string, Counts>();
      for (const r of rows.filter((x) => x.level === level)) {
        const k = level === 'store' ? r.storeId : `${r.storeId}|${r.id}`;
        const c = mine.get(k) ?? {};
        for (const [m, v] of Object.entries(r.metrics)) c[m] = (c[m] ?? 0) + v;
        mine.set(k, c);
      }
      expect(mine.size).toBe(want.size);
      for (const [k, c] of want) expect({ level, k, ...withAll(mine.get(k), METRIC_NAMES) }).toEqual({ level, k, ...withAll(c, METRIC_NAMES) });
    }
    // Not vacuous: the rarer metrics happened, refunds to another tender among them.
    const total = withAll(Object.fromEntries(METRIC_NAMES.map((m) => [m, [...ref.stores.values()].reduce((n, c) => n + (c[m] ?? 0), 0)])), METRIC_NAMES);
    for (const m of ['lineVoids', 'lineVoidAmount', 'priceOverrideAmount', 'refundsWithoutReceipt', 'noSaleOpens', 'cashShortages', 'keyedLines', 'scoAssists']) expect(total[m], m).toBeGreaterThan(0);
    expect(total.refundsOtherTender).toBeGreaterThan(0);
    expect(withAll(ref.cashiers.get('S001|CX2'), ['refundsWithReceipt', 'refundsOtherTender', 'refundOtherTenderAmount', 'cashShortages', 'cashShortageAmount'])).toEqual({ refundsWithReceipt: 2, refundsOtherTender: 1, refundOtherTenderAmount: 450, cashShortages: 1, cashShortageAmount: 500 });
  });

  it('counted refunds whose receipt closed later in processing order, once that receipt closed', async () => {
    let resolved = 0;
    for (const store of Object.keys(truth.stores)) {
      for (const day of days) {
        const waiting = await redis.hgetall(redisKeys.excPendingRefunds(store, day));
        for (const v of Object.values(waiting)) if (v === '') resolved += 1;
      }
    }
    expect(resolved).toBeGreaterThan(0);
  });

  it('keeps each cashier per shift and store-local day as the independent count', async () => {
    const live = createLiveExceptions(redis);
    const cashiers = new Set([...ref.shifts.keys()].map((k) => k.split('|')[0]!));
    let shifts = 0;
    for (const cashier of cashiers) {
      const rows = await live.cashierRows(cashier, days[0]!, days[days.length - 1]!, () => HQ_TZ);
      const got = new Map<string, Counts>();
      for (const r of rows) got.set(`${cashier}|${r.day}|${r.storeId}|${r.tillId}|${r.shiftId}`, { ...r.metrics });
      const want = [...ref.shifts].filter(([k]) => k.startsWith(`${cashier}|`));
      expect([...got.keys()].sort()).toEqual(want.map(([k]) => k).sort());
      for (const [k, c] of want) expect({ k, ...withAll(got.get(k), METRIC_NAMES) }).toEqual({ k, ...withAll(c, METRIC_NAMES) });
      shifts += want.filter(([k]) => !k.endsWith('|')).length;
    }
    // 3 stores × 3 staffed tills × 2 shifts.
    expect(shifts).toBe(18);
    // A cashier's shift is at one till on one day, and its Z report is in it.
    const z = [...ref.shifts].filter(([k, c]) => !k.endsWith('|') && (c.cashShortages ?? 0) > 0);
    expect(z.length).toBeGreaterThan(0);
    expect(localDayOf(START + 12 * 3_600_000, 'Europe/Lisbon')).toBe(days[1]);
  });
});
