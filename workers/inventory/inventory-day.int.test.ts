import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { feedWorker, validateAll } from '../harness/testing/feed-worker';
import { partitionByKey, seededRandom } from '../sink/testing/partitioned-input';
import { STOCK_TYPES, createInventory } from './inventory';

type Truth = { stock: Record<string, Record<string, { onHand: number; reserved: number }>> };

const START = Date.parse('2026-11-20T00:00:00Z');
const DAY = 86_400_000;

/** Stock per location and SKU as Redis holds it, zeros left out (a SKU never moved has no field). */
async function stockIn(redis: Redis, locations: string[]) {
  const out: Record<string, Record<string, { onHand: number; reserved: number }>> = {};
  for (const loc of locations) {
    const [onHand, reserved] = await Promise.all([redis.hgetall(redisKeys.invOnHand(loc)), redis.hgetall(redisKeys.invReserved(loc))]);
    const row: Record<string, { onHand: number; reserved: number }> = {};
    for (const sku of new Set([...Object.keys(onHand), ...Object.keys(reserved)])) {
      const s = { onHand: Number(onHand[sku] ?? 0), reserved: Number(reserved[sku] ?? 0) };
      if (s.onHand !== 0 || s.reserved !== 0) row[sku] = s;
    }
    out[loc] = row;
  }
  return out;
}

const withoutZeros = (truth: Truth['stock']) =>
  Object.fromEntries(Object.entries(truth).map(([loc, skus]) => [loc, Object.fromEntries(Object.entries(skus).filter(([, s]) => s.onHand !== 0 || s.reserved !== 0))]));

describe('inventory worker on simulated days (real Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let truth: Truth;
  let validated: Buffer[];
  let counts: { ok: number; duplicate: number; dlq: number };
  let resent: number;
  let resentAll: number;

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/6`);
    await redis.flushdb();
    // Two days: the nightly counts come between them. A store offline over the evening
    // flushes its sales after the night's count (they are in it, and must not move it again).
    const sim = await runInMemory(
      smallRun({
        end: START + 2 * DAY,
        faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: START + 18 * 3_600_000, to: START + 28 * 3_600_000 }] },
      }),
    );
    truth = sim.truth as Truth;
    const rnd = seededRandom(17);
    const size = () => 1 + Math.floor(rnd() * 2000);
    validated = await validateAll(redis, log, sim.deliveries, START + 3 * DAY, size);
    const again = validated.filter((_, i) => i % 100 === 3);
    resentAll = again.length;
    // Resent events of other types are ok again (nothing to do); resent stock events are duplicates.
    resent = again.filter((b) => STOCK_TYPES.has((JSON.parse(b.toString()) as { type: string }).type)).length;
    const input = [...validated, ...again].map((b) => ({ source: (JSON.parse(b.toString()) as { source: string }).source, json: b.toString() }));
    counts = (await feedWorker(createInventory({ redis, log }), partitionByKey(input, 12), size)).counts;
  }, 180_000);
  afterAll(() => redis?.disconnect());

  it('applies every validated event once and drops the resends', () => {
    expect(validated.length).toBeGreaterThan(100_000);
    expect(resent).toBeGreaterThan(500);
    expect(counts).toEqual({ ok: validated.length + resentAll - resent, duplicate: resent, dlq: 0 });
  });

  it('holds on hand and reserved per SKU × location exactly as the ground truth', async () => {
    const locations = Object.keys(truth.stock);
    expect(locations.length).toBeGreaterThan(3);
    expect(new Set(await redis.smembers(redisKeys.invLocations()))).toEqual(new Set(locations));
    const want = withoutZeros(truth.stock);
    expect(Object.values(want).reduce((n, skus) => n + Object.keys(skus).length, 0)).toBeGreaterThan(500);
    expect(await stockIn(redis, locations)).toEqual(want);
  });

  it('holds an open low_stock alert exactly for the pairs whose available is under their reorder point', async () => {
    let low = 0;
    for (const [loc, skus] of Object.entries(truth.stock)) {
      const [thresholds, alerts] = await Promise.all([redis.hgetall(redisKeys.invThresholds(loc)), redis.hgetall(redisKeys.invLow(loc))]);
      for (const [sku, s] of Object.entries(skus)) {
        const rop = thresholds[sku] ? (JSON.parse(thresholds[sku]) as { reorderPoint: number }).reorderPoint : 0;
        const isLow = rop > 0 && s.onHand - s.reserved < rop;
        if (isLow) low += 1;
        expect(Boolean(alerts[sku]), `${loc} ${sku}: available ${s.onHand - s.reserved}, reorder point ${rop}`).toBe(isLow);
      }
    }
    expect(low).toBeGreaterThan(0);
    expect(await redis.llen(redisKeys.invOutbox())).toBe(0);
  });

  it('a replay of everything changes nothing', async () => {
    const before = await stockIn(redis, Object.keys(truth.stock));
    const input = validated.map((b) => ({ source: (JSON.parse(b.toString()) as { source: string }).source, json: b.toString() }));
    const rnd = seededRandom(3);
    const again = await feedWorker(createInventory({ redis, log }), partitionByKey(input, 12), () => 1 + Math.floor(rnd() * 500));
    // Events of other types are ok (nothing to do); every stock event is found applied already.
    const stockEvents = validated.filter((b) => STOCK_TYPES.has((JSON.parse(b.toString()) as { type: string }).type)).length;
    expect(stockEvents).toBeGreaterThan(50_000);
    expect(again.counts).toEqual({ ok: validated.length - stockEvents, duplicate: stockEvents, dlq: 0 });
    expect(await stockIn(redis, Object.keys(truth.stock))).toEqual(before);
  });
});
