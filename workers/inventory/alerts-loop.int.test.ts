import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReplenishmentOrder, StockAlert } from '../../lib/inventory/stock-alerts';
import { createLogger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { batchOf } from '../sink/testing/partitioned-input';
import { checkedApply } from '../harness/checked-apply';
import type { OutgoingMessage, WorkerDefinition } from '../harness/worker';
import { toEventRow } from '../sink/event-row';
import { createInventory } from './inventory';
import { planStock } from './plan-stock';
import { readInventory } from './read-inventory';

const LOC = 'S001';
const SKU = 'SKU-LOOP';
const T0 = Date.parse('2026-11-20T08:00:00Z');
let seq = 0;
/** A validated event as the contract has it (the worker reads events.validated). */
const event = (type: string, minute: number, payload: object, extra: object = {}) =>
  Buffer.from(JSON.stringify({ id: `loop-${++seq}`, type, schemaVersion: 1, source: 'LOOP-SRC', seq, occurredAt: new Date(T0 + minute * 60_000).toISOString(), payload, ...extra }));
const adjusted = (minute: number, delta: number) => event('stock.adjusted', minute, { locationId: LOC, sku: SKU, delta, reason: 'test' }, { storeId: LOC });

describe('inventory: a SKU driven below its reorder point (real Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let worker: WorkerDefinition;
  const produced: OutgoingMessage[] = [];
  /** Hands the events to the worker as one batch, then runs what the harness would after the output. */
  async function feed(values: Buffer[]) {
    const r = await worker.handle(batchOf(values, 0, 0, values.length));
    produced.push(...(r.produce ?? []));
    await r.afterOutput?.();
    return r;
  }
  const messages = <T>(topic: string) => produced.filter((m) => m.topic === topic).map((m) => JSON.parse(String(m.value)) as T);

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/14`);
    await redis.flushdb();
    worker = createInventory({ redis, log });
  });
  afterAll(() => redis?.disconnect());

  it('raises one low_stock alert and one replenishment order per crossing, resolves when stock is back, and settles what arrives', async () => {
    await feed([
      event('stock.threshold.set', 0, { locationId: LOC, sku: SKU, reorderPoint: 10, targetLevel: 30 }),
      event('stock.counted', 1, { locationId: LOC, sku: SKU, counted: 15 }, { storeId: LOC }),
    ]);
    expect(produced).toEqual([]);
    // Down to 8 over two batches: below 10 at the second.
    await feed([adjusted(2, -3)]);
    await feed([adjusted(3, -4), adjusted(4, -1)]);
    // Staying low: no storm.
    await feed([adjusted(5, -2)]);
    await feed([adjusted(6, -1)]);
    const alerts = messages<StockAlert>(TOPICS.alerts.name);
    const orders = messages<ReplenishmentOrder>(TOPICS.replenishmentOrders.name);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'low_stock', state: 'open', severity: 'warning', subject: { locationId: LOC, sku: SKU }, evidence: { available: 7, reorderPoint: 10 } });
    expect(orders).toHaveLength(1);
    // Up to the target, counting nothing incoming yet: 30 − 7.
    expect(orders[0]).toMatchObject({ locationId: LOC, sku: SKU, qty: 23, state: 'open', alertId: alerts[0]!.id });
    expect(await redis.hget(redisKeys.invIncoming(LOC), SKU)).toBe('23');
    expect(await redis.llen(redisKeys.invOutbox())).toBe(0);

    // The delivery arrives: incoming settles, the order is received, the alert resolves.
    await feed([event('stock.transferred', 60, { fromLocationId: 'DC01', toLocationId: LOC, sku: SKU, qty: 23 }, { storeId: LOC })]);
    expect(await redis.hget(redisKeys.invIncoming(LOC), SKU)).toBe('0');
    expect(JSON.parse((await redis.hget(redisKeys.invReplenishments(), orders[0]!.id))!)).toMatchObject({ state: 'received' });
    const resolved = messages<StockAlert>(TOPICS.alerts.name);
    expect(resolved).toHaveLength(2);
    expect(resolved[1]).toMatchObject({ id: alerts[0]!.id, state: 'resolved', evidence: { available: 27 } });

    // A second crossing is a new alert and a new order.
    await feed([adjusted(120, -29)]);
    expect(messages<StockAlert>(TOPICS.alerts.name)).toHaveLength(3);
    expect(messages<ReplenishmentOrder>(TOPICS.replenishmentOrders.name)).toHaveLength(2);
    expect(messages<StockAlert>(TOPICS.alerts.name)[2]).toMatchObject({ state: 'open', severity: 'critical', evidence: { available: -2 } });
  });

  it('a crash between the writes and the produce loses no alert: the next batch takes it from the outbox', async () => {
    const r = await worker.handle(batchOf([adjusted(200, 40)], 0, 0, 1));
    // The process dies here: nothing produced, nothing removed from the outbox.
    expect(r.produce?.length).toBe(1);
    const restarted = createInventory({ redis, log });
    const next = await restarted.handle(batchOf([adjusted(201, 0)], 0, 0, 1));
    expect(next.produce?.map((m) => JSON.parse(String(m.value)) as StockAlert)).toEqual([expect.objectContaining({ state: 'resolved' })]);
    await next.afterOutput?.();
    expect(await redis.llen(redisKeys.invOutbox())).toBe(0);
  });
});

describe('inventory: a threshold and the first count of a pair applied by two batches at once (real Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let worker: WorkerDefinition;
  const seqs = new Map<string, number>();
  /** An event of its own source (the HQ's thresholds and the warehouse's counts come from two). */
  const from = (source: string, type: string, payload: object, extra: object = {}) => {
    const seq = (seqs.get(source) ?? 0) + 1;
    seqs.set(source, seq);
    return Buffer.from(JSON.stringify({ id: `${source}-${seq}`, type, schemaVersion: 1, source, seq, occurredAt: new Date(T0).toISOString(), payload, ...extra }));
  };
  const thresholdSet = (sku: string) => from('RACE-HQ', 'stock.threshold.set', { locationId: LOC, sku, reorderPoint: 10, targetLevel: 30 });
  const counted = (sku: string, n: number) => from('RACE-WH', 'stock.counted', { locationId: LOC, sku, counted: n }, { storeId: LOC });
  /** One batch read and planned as the worker does (checked-batch.ts), not applied yet. */
  async function planned(value: Buffer) {
    const r = toEventRow(value, 0, '0', { payloadTypes: new Set(['stock.threshold.set']) });
    if (!r.ok) throw new Error(r.reason);
    const events = [{ row: r.row, ms: r.ms }];
    const { state } = await readInventory(redis, events);
    const plan = planStock(events, state);
    return { plan, apply: () => checkedApply(redis, plan.checks, plan.writes.toWrites()) };
  }
  /** What a batch handed to the worker sends (it reads and plans again). */
  async function handled(value: Buffer) {
    const r = await worker.handle(batchOf([value], 0, 0, 1));
    await r.afterOutput?.();
    return (r.produce ?? []).map((m) => ({ topic: m.topic, value: JSON.parse(String(m.value)) as { kind?: string; qty?: number } }));
  }

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/14`);
    await redis.flushdb();
    worker = createInventory({ redis, log });
  });
  afterAll(() => redis?.disconnect());

  it('the threshold applied first: it raises nothing, and the count, planned without it, is planned again with it', async () => {
    const [threshold, count] = [thresholdSet('SKU-RACE-1'), counted('SKU-RACE-1', 4)];
    const a = await planned(threshold);
    const b = await planned(count);
    expect(a.plan.outbox).toEqual([]);
    expect(await a.apply()).toEqual({ ok: true });
    expect(await b.apply()).toMatchObject({ ok: false });
    const sent = await handled(count);
    expect(sent.map((m) => m.value.kind ?? m.topic)).toEqual(['low_stock', TOPICS.replenishmentOrders.name]);
    expect(sent[1]!.value).toMatchObject({ qty: 26 });
  });

  it('the count applied first: the threshold, planned while the stock was unknown, is planned again and judges it', async () => {
    const [threshold, count] = [thresholdSet('SKU-RACE-2'), counted('SKU-RACE-2', 4)];
    const a = await planned(threshold);
    const b = await planned(count);
    expect(await b.apply()).toEqual({ ok: true });
    expect(b.plan.outbox).toEqual([]);
    expect(await a.apply()).toMatchObject({ ok: false });
    const sent = await handled(threshold);
    expect(sent.map((m) => m.value.kind ?? m.topic)).toEqual(['low_stock', TOPICS.replenishmentOrders.name]);
  });

  it('a count above the reorder point, whichever applies first, raises nothing', async () => {
    for (const [sku, thresholdFirst] of [['SKU-RACE-3', true], ['SKU-RACE-4', false]] as const) {
      const [threshold, count] = [thresholdSet(sku), counted(sku, 15)];
      const [a, b] = [await planned(threshold), await planned(count)];
      const [first, second, again] = thresholdFirst ? [a, b, count] : [b, a, threshold];
      expect(await first.apply()).toEqual({ ok: true });
      expect(await second.apply()).toMatchObject({ ok: false });
      expect(await handled(again)).toEqual([]);
    }
    expect(await redis.hget(redisKeys.invOpenReplenishment(), `${LOC}:SKU-RACE-3`)).toBeNull();
    expect(await redis.llen(redisKeys.invOutbox())).toBe(0);
  });
});
