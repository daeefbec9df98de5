import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readSourceStates, readStoreStates } from '../../lib/kpis/read-store-states';
import { readLiveMinutes, readLiveToday } from '../../lib/live/live-counts';
import { addCounts, emptyCounts, type MinuteCounts } from '../../lib/live/minute-counts';
import { CHAIN_SCOPE, locationScope } from '../../lib/live/scopes';
import { createLogger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { startOfLocalDay } from '../../lib/time/local-time';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import type { WorkerDefinition } from '../harness/worker';
import { feedWorker as feed, validateAll } from '../harness/testing/feed-worker';
import { partitionByKey, seededRandom } from '../sink/testing/partitioned-input';
import { createAggregator } from './aggregator';

type Bucket = { gross: number; net: number; receipts: number; items: number; refunds: number; postVoids: number };
type Truth = {
  duplicates: number;
  malformed: unknown[];
  stores: Record<string, { timezone: string; minutes: Record<string, Bucket>; days: Record<string, Bucket> }>;
  webShop: Record<string, { timezone: string; minutes: Record<string, number>; days: Record<string, number> }>;
};
type Ev = { type: string; source: string; seq: number; storeId?: string; payload: { lines?: { qty: number }[] } };

const START = Date.parse('2026-11-20T00:00:00Z');
const END = START + 86_400_000;
const NOW = END + 3_600_000;
const HQ_TZ = 'Europe/Madrid';

const bucketOf = (c: MinuteCounts): Bucket => ({
  gross: c.gross,
  net: c.gross - c.refunds - c.postVoids,
  receipts: c.receipts,
  items: c.items,
  refunds: c.refunds,
  postVoids: c.postVoids,
});
const isoMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
const nonZero = <T extends object>(b: T) => Object.values(b).some((v) => v !== 0);

describe('live aggregator on a simulated day (real Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let truth: Truth;
  let validated: Buffer[];
  let aggregated: { ok: number; duplicate: number; dlq: number };
  let events: Ev[];
  let resent: number;
  let lateTill: { aggregator: WorkerDefinition; size: () => number };

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/5`);
    await redis.flushdb();
    const sim = await runInMemory(
      smallRun({ faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: START + 10 * 3_600_000, to: START + 12 * 3_600_000 }] } }),
    );
    truth = sim.truth as Truth;
    // The real validator in front, as in production: master data first, then the rest.
    const rnd = seededRandom(7);
    const size = () => 1 + Math.floor(rnd() * 2000);
    validated = await validateAll(redis, log, sim.deliveries, NOW, size);
    events = validated.map((b) => JSON.parse(b.toString()) as Ev);
    const aggregator = createAggregator({ redis, log, hqTimezone: HQ_TZ, now: () => NOW, publishEveryMs: 60_000 });
    // Resends the validator let through would be dropped here too: send 1 % again, late.
    const again = validated.filter((_, i) => i % 100 === 7);
    resent = again.length;
    const input = [...validated, ...again].map((b) => ({ source: (JSON.parse(b.toString()) as Ev).source, json: b.toString() }));
    aggregated = (await feed(aggregator, partitionByKey(input, 12), size)).counts;
    await aggregator.publisher.stop();
    lateTill = { aggregator, size };
  }, 120_000);
  afterAll(() => redis?.disconnect());

  it('applies every validated event once and drops the resends', () => {
    expect(truth.duplicates).toBeGreaterThan(50);
    expect(validated.length).toBeGreaterThan(50_000);
    expect(aggregated).toEqual({ ok: validated.length, duplicate: resent, dlq: 0 });
  });

  it('counts every store minute exactly as the ground truth', async () => {
    for (const [store, st] of Object.entries(truth.stores)) {
      const live = await readLiveMinutes(redis, locationScope(store), [st.timezone], START - 86_400_000, END + 86_400_000);
      const got = Object.fromEntries([...live].map(([m, c]) => [isoMinute(m), bucketOf(c)]).filter(([, b]) => nonZero(b as Bucket)));
      const want = Object.fromEntries(Object.entries(st.minutes).filter(([, b]) => nonZero(b)));
      expect(Object.keys(want).length).toBeGreaterThan(300);
      expect(got).toEqual(want);
    }
  });

  it('counts web-shop net sales per fulfilling location and minute exactly as the ground truth', async () => {
    expect(Object.keys(truth.webShop).length).toBeGreaterThan(1);
    for (const [loc, w] of Object.entries(truth.webShop)) {
      const live = await readLiveMinutes(redis, locationScope(loc), [w.timezone], START - 86_400_000, END + 86_400_000);
      const got = Object.fromEntries([...live].map(([m, c]) => [isoMinute(m), c.webPaid - c.webRefunded]).filter(([, v]) => v !== 0));
      expect(got).toEqual(Object.fromEntries(Object.entries(w.minutes).filter(([, v]) => v !== 0)));
    }
  });

  it("keeps each local day's totals, and the chain's day is every store's and location's own day summed", async () => {
    const tzs = new Set<string>();
    for (const [store, st] of Object.entries(truth.stores)) {
      tzs.add(st.timezone);
      for (const [day, b] of Object.entries(st.days)) {
        const at = startOfLocalDay(day, st.timezone) + 3_600_000;
        const c = await readLiveToday(redis, locationScope(store), [st.timezone], at);
        expect(bucketOf(c)).toEqual(b);
      }
    }
    for (const [loc, w] of Object.entries(truth.webShop)) {
      for (const [day, net] of Object.entries(w.days)) {
        const c = await readLiveToday(redis, locationScope(loc), [w.timezone], startOfLocalDay(day, w.timezone) + 3_600_000);
        expect(c.webPaid - c.webRefunded).toBe(net);
      }
    }
    // The chain's minutes are the sum of every location's.
    const all = await readLiveMinutes(redis, CHAIN_SCOPE, [...new Set([...tzs, HQ_TZ])], START - 86_400_000, END + 86_400_000);
    const total = emptyCounts();
    for (const c of all.values()) addCounts(total, c);
    const want = Object.values(truth.stores).reduce((n, st) => n + Object.values(st.days).reduce((a, b) => a + b.net, 0), 0);
    const wantWeb = Object.values(truth.webShop).reduce((n, w) => n + Object.values(w.days).reduce((a, b) => a + b, 0), 0);
    expect(total.gross - total.refunds - total.postVoids).toBe(want);
    expect(total.webPaid - total.webRefunded).toBe(wantWeb);
  });

  it('ranks SKUs by net units: per store and day they add up to items less refunded units', async () => {
    for (const [store, st] of Object.entries(truth.stores)) {
      const refunded = events
        .filter((e) => e.storeId === store && e.type === 'pos.refund.issued')
        .reduce((n, e) => n + (e.payload.lines ?? []).reduce((a, l) => a + l.qty, 0), 0);
      let units = 0;
      for (const day of Object.keys(st.days)) {
        const z = await redis.zrange(redisKeys.aggTop(locationScope(store), st.timezone, day, 'sku-units'), '0', '-1', 'WITHSCORES');
        for (let i = 1; i < z.length; i += 2) units += Number(z[i]);
      }
      const items = Object.values(st.days).reduce((n, b) => n + b.items, 0);
      expect(units).toBe(items - refunded);
    }
  });

  it('closes every gap: each source ends at its highest seq with nothing missing', async () => {
    const maxBySource = new Map<string, number>();
    for (const e of events) maxBySource.set(e.source, Math.max(maxBySource.get(e.source) ?? 0, e.seq));
    for (const [source, max] of maxBySource) {
      const h = await redis.hgetall(redisKeys.aggSource(source));
      expect({ source, max: Number(h.max), missing: Number(h.missing ?? 0) }).toEqual({ source, max, missing: 0 });
    }
  });

  it('counts only the producers of a store’s till events in its freshness, never the web shop, warehouse or HQ', async () => {
    const tillsOf = new Map<string, Set<string>>();
    for (const e of validated.map((b) => JSON.parse(b.toString()) as Ev & { tillId?: string })) {
      if (e.tillId && e.storeId) tillsOf.set(e.storeId, (tillsOf.get(e.storeId) ?? new Set()).add(e.source));
    }
    const central = new Set(events.filter((e) => !tillsOf.get(e.storeId ?? '')?.has(e.source)).map((e) => e.source));
    expect([...central].sort()).toEqual(expect.arrayContaining(['HQ', 'WEB', 'WMS']));
    // Central sources carry events of stores too (transfers, click & collect, store master data).
    expect(events.some((e) => central.has(e.source) && e.storeId)).toBe(true);
    const stores = Object.entries(truth.stores).map(([storeId, st]) => ({ storeId, name: storeId, region: '', timezone: st.timezone, currency: 'EUR', tills: [] }));
    const states = await readStoreStates(redis, stores, NOW);
    for (const st of states) expect({ store: st.storeId, sources: st.sources.map((x) => x.source) }).toEqual({ store: st.storeId, sources: [...(tillsOf.get(st.storeId) ?? [])].sort() });
    // Listed apart, for the operations view, each closed up to its highest seq.
    const listed = (await readSourceStates(redis)).central;
    expect(listed.map((x) => x.source)).toEqual([...central].sort());
    for (const x of listed) expect({ source: x.source, missing: x.missing, maxSeq: x.maxSeq }).toEqual({ source: x.source, missing: 0, maxSeq: Math.max(...events.filter((e) => e.source === x.source).map((e) => e.seq)) });
  });

  it('records a gap when a till’s events arrive out of order, and closes it when the late ones land in their own minutes', async () => {
    // A copy of one till's day under a new source id, with seqs 100–150 held back.
    const till = validated.map((b) => JSON.parse(b.toString()) as Ev & { occurredAt: string; payload: { total?: number } }).filter((e) => e.source === 'S001-T01');
    const copy = till.map((e) => ({ ...e, source: 'S001-T99', id: `late-${e.seq}` }));
    const held = copy.filter((e) => e.seq >= 100 && e.seq <= 150);
    const asInput = (es: typeof copy) => [es.map((e) => Buffer.from(JSON.stringify(e)))];
    const minuteOf = (e: (typeof copy)[number]) => Date.parse(e.occurredAt.slice(0, 16) + ':00Z');
    const lateClose = held.find((e) => e.type === 'pos.receipt.closed')!;
    const before = (await readLiveMinutes(redis, locationScope('S001'), [truth.stores.S001!.timezone], minuteOf(lateClose), minuteOf(lateClose) + 60_000)).get(minuteOf(lateClose))!;

    await feed(lateTill.aggregator, asInput(copy.filter((e) => e.seq < 100 || e.seq > 150)), lateTill.size);
    expect(await redis.zrange(redisKeys.aggGaps('S001-T99'), '0', '-1')).toEqual(['100-150']);
    expect(await redis.hget(redisKeys.aggSource('S001-T99'), 'missing')).toBe('51');

    await feed(lateTill.aggregator, asInput(held), lateTill.size);
    expect(await redis.zrange(redisKeys.aggGaps('S001-T99'), '0', '-1')).toEqual([]);
    expect(await redis.hget(redisKeys.aggSource('S001-T99'), 'missing')).toBe('0');
    const after = (await readLiveMinutes(redis, locationScope('S001'), [truth.stores.S001!.timezone], minuteOf(lateClose), minuteOf(lateClose) + 60_000)).get(minuteOf(lateClose))!;
    const closedThere = copy.filter((e) => e.type === 'pos.receipt.closed' && minuteOf(e) === minuteOf(lateClose)).reduce((n, e) => n + e.payload.total!, 0);
    expect(after.gross - before.gross).toBe(closedThere);
  });
});
