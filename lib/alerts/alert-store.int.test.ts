import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RaisedAlert } from './alert-model';
import { createAlertStore } from './alert-store';

/** Redis DB 12 (shared by files that flush it at their start; int files run one at a time). */
const DB = 12;

const lowStock = (k: number, openedAt: number): RaisedAlert => ({
  id: `low_stock:S001:SKU-${k}`,
  kind: 'low_stock',
  severity: 'warning',
  subject: { storeId: 'S001', sku: `SKU-${k}` },
  evidence: { onHand: 2, reorderPoint: 10 },
  openedAt,
});

describe('alert store: the list a web process reuses (real Redis)', () => {
  let redis: Redis;
  const t0 = Date.parse('2026-11-21T10:00:00Z');

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
  });
  afterAll(() => redis?.disconnect());

  it('answers the same list while nothing changed, and every change at once, from whichever process made it', async () => {
    const web = createAlertStore(redis);
    const worker = createAlertStore(redis);
    expect(await web.list()).toEqual([]);
    await Promise.all([1, 2, 3].map((k) => worker.upsert(lowStock(k, t0 + k), null)));
    const first = await web.list();
    expect(first.map((a) => a.id)).toEqual(['low_stock:S001:SKU-3', 'low_stock:S001:SKU-2', 'low_stock:S001:SKU-1']);
    // Nothing changed: the same answer, not read again.
    expect(await web.list()).toBe(first);
    // A change by another process (an acknowledgement, a resolve, a new alert) shows at the next call.
    await worker.acknowledge('low_stock:S001:SKU-2', 'manager');
    const acked = await web.list();
    expect(acked).not.toBe(first);
    expect(acked.find((a) => a.id === 'low_stock:S001:SKU-2')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'manager' });
    await worker.upsert(lowStock(2, t0 + 2), Date.parse('2026-11-21T10:05:00Z'));
    expect((await web.list()).find((a) => a.id === 'low_stock:S001:SKU-2')).toMatchObject({ state: 'resolved', resolvedBy: 'auto' });
    await worker.upsert(lowStock(4, t0 + 4), null);
    expect((await web.list()).map((a) => a.id)[0]).toBe('low_stock:S001:SKU-4');
  });

  it('serves the calls that come during a read with that read, and starts over after the data is wiped', async () => {
    const web = createAlertStore(redis);
    const worker = createAlertStore(redis);
    await worker.upsert(lowStock(5, t0 + 5), null);
    const together = await Promise.all(Array.from({ length: 10 }, () => web.list()));
    expect(new Set(together).size).toBe(1);
    expect(together[0]!.map((a) => a.id)).toContain('low_stock:S001:SKU-5');
    // Wiped, and as many changes made again: the revision is a new token, not a count, so the old list is not taken for current.
    await redis.flushdb();
    await worker.upsert(lowStock(9, t0 + 9), null);
    expect((await web.list()).map((a) => a.id)).toEqual(['low_stock:S001:SKU-9']);
  });
});
