import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../../lib/clients/redis';
import { RESERVATION_FIELD, RESERVATION_STATE, RETAIN_ENDED_SECONDS } from '../../lib/inventory/reservation-fields';
import { redisKeys } from '../../lib/redis-keys';
import { createReservationStore, type ReservationStore, type ReserveRequest } from './reservations';

/**
 * The reservation store against the run's real Redis, database 12 (no other test uses
 * it; flushed before each test), from several clients at once as several web instances
 * would use it. The clock is pinned: every call gets its `now`.
 */
const DB = 12;
const CLIENTS = 8;
const T0 = Date.parse('2026-11-21T10:00:00Z');

describe('stock reservations in Redis', () => {
  const clients: Redis[] = [];
  let stores: ReservationStore[];
  let store: ReservationStore;
  let redis: Redis;

  beforeAll(async () => {
    const u = new URL(inject('redisUrl'));
    u.pathname = `/${DB}`;
    for (let i = 0; i < CLIENTS; i++) {
      const c = createRedis(u.toString(), `reservations-int-${i}`);
      await c.connect();
      clients.push(c);
    }
    redis = clients[0]!;
    stores = clients.map((c) => createReservationStore(c));
    store = stores[0]!;
  });
  beforeEach(async () => {
    await redis.flushdb();
  });
  afterAll(() => clients.forEach((c) => c.disconnect()));

  const setStock = (locationId: string, sku: string, onHand: number, safety = 0) =>
    redis.multi().hset(redisKeys.invOnHand(locationId), sku, onHand).hset(redisKeys.invSafetyStock(locationId), sku, safety).exec();
  const reservedOf = async (locationId: string, sku: string) => Number((await redis.hget(redisKeys.invReserved(locationId), sku)) ?? 0);
  const line = (orderId: string, o: Partial<ReserveRequest> = {}): ReserveRequest => ({ sku: 'SKU-1', locationId: 'WH1', qty: 1, orderId, ttlSeconds: 900, ...o });

  it('1,000 concurrent reservations of 1 unit at 50 units: exactly 50 held, available never below zero', async () => {
    await setStock('WH1', 'SKU-1', 50);
    // Scripts loaded first, so that the race below is decided by the scripts, not by NOSCRIPT retries.
    expect(await store.reserve(line('W-warm-up', { sku: 'SKU-none' }), T0)).toEqual({ kind: 'insufficient', available: 0 });
    // Every 5th request, another client reads available-to-promise (atomically): its reads
    // are queued between its own reservations, so Redis answers them in the middle of the race.
    const samples: Promise<number>[] = [];
    const reserves = Array.from({ length: 1000 }, (_, i) => {
      const r = stores[i % CLIENTS]!.reserve(line(`W-${i}`), T0);
      if (i % 5 === 0) samples.push(stores[(i + 3) % CLIENTS]!.available('SKU-1', 'WH1'));
      return r;
    });
    const results = await Promise.all(reserves);
    const seen = await Promise.all(samples);

    const created = results.filter((r) => r.kind === 'created');
    const refused = results.filter((r) => r.kind === 'insufficient');
    expect(created).toHaveLength(50);
    expect(refused).toHaveLength(950);
    for (const r of refused) expect(r.available).toBe(0);
    // Each grant saw what was left after it: 49 down to 0, each once.
    expect(created.map((r) => r.available).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await reservedOf('WH1', 'SKU-1')).toBe(50);
    expect(await store.available('SKU-1', 'WH1')).toBe(0);
    expect(await redis.zcard(redisKeys.invReservationExpiry())).toBe(50);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(seen.some((a) => a > 0 && a < 50), `sampled during the race: ${[...new Set(seen)].join(' ')}`).toBe(true);
  });

  it('writes the reservation hash with the shared field names and the expiry entry', async () => {
    await setStock('S001', 'SKU-2', 5);
    const r = await store.reserve(line('W-h', { locationId: 'S001', sku: 'SKU-2', qty: 3, ttlSeconds: 60 }), T0);
    expect(r).toEqual({
      kind: 'created',
      available: 2,
      reservation: { orderId: 'W-h', sku: 'SKU-2', locationId: 'S001', qty: 3, state: 'active', createdAt: T0, expiresAt: T0 + 60_000, updatedAt: T0 },
    });
    const F = RESERVATION_FIELD;
    expect(await redis.hgetall(redisKeys.invReservation('W-h'))).toEqual({
      [F.sku]: 'SKU-2',
      [F.locationId]: 'S001',
      [F.qty]: '3',
      [F.state]: 'active',
      [F.createdAt]: String(T0),
      [F.expiresAt]: String(T0 + 60_000),
      [F.updatedAt]: String(T0),
    });
    expect(await redis.ttl(redisKeys.invReservation('W-h'))).toBe(-1);
    expect(await redis.zscore(redisKeys.invReservationExpiry(), 'W-h')).toBe(String(T0 + 60_000));
    expect(await store.get('W-h')).toEqual((r as { reservation: unknown }).reservation);
    expect(await store.get('W-none')).toBeNull();
  });

  it('is idempotent per orderId: a repeat holds nothing more, racing repeats hold once, another line is a conflict', async () => {
    await setStock('WH1', 'SKU-1', 10);
    const first = await store.reserve(line('W-1', { qty: 4 }), T0);
    const again = await store.reserve(line('W-1', { qty: 4, ttlSeconds: 30 }), T0 + 1000);
    expect(first.kind).toBe('created');
    expect(again).toEqual({ kind: 'replayed', reservation: (first as { reservation: unknown }).reservation, available: 6 });
    expect(await reservedOf('WH1', 'SKU-1')).toBe(4);

    const race = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % CLIENTS]!.reserve(line('W-2', { qty: 2 }), T0)));
    expect(race.filter((r) => r.kind === 'created')).toHaveLength(1);
    expect(race.filter((r) => r.kind === 'replayed')).toHaveLength(39);
    expect(await reservedOf('WH1', 'SKU-1')).toBe(6);

    for (const other of [{ qty: 3 }, { sku: 'SKU-9' }, { locationId: 'S001' }]) {
      const r = await store.reserve(line('W-1', { qty: 4, ...other }), T0);
      expect(r.kind, JSON.stringify(other)).toBe('orderConflict');
    }
    expect(await reservedOf('WH1', 'SKU-1')).toBe(6);
    expect(await reservedOf('S001', 'SKU-1')).toBe(0);
  });

  it('refuses more than available, holding nothing', async () => {
    await setStock('WH1', 'SKU-1', 3);
    expect(await store.reserve(line('W-big', { qty: 4 }), T0)).toEqual({ kind: 'insufficient', available: 3 });
    expect(await store.reserve(line('W-none', { sku: 'SKU-unknown' }), T0)).toEqual({ kind: 'insufficient', available: 0 });
    expect(await reservedOf('WH1', 'SKU-1')).toBe(0);
    expect(await store.get('W-big')).toBeNull();
    expect(await store.reserve(line('W-fits', { qty: 3 }), T0)).toMatchObject({ kind: 'created', available: 0 });
  });

  it('safety stock is not promised', async () => {
    await setStock('S001', 'SKU-1', 10, 3);
    expect(await store.available('SKU-1', 'S001')).toBe(7);
    expect(await store.reserve(line('W-s1', { locationId: 'S001', qty: 8 }), T0)).toEqual({ kind: 'insufficient', available: 7 });
    expect(await store.reserve(line('W-s2', { locationId: 'S001', qty: 7 }), T0)).toMatchObject({ kind: 'created', available: 0 });
    // On hand falling below safety stock (a till sold) promises nothing, and says so honestly.
    await redis.hset(redisKeys.invOnHand('S001'), 'SKU-1', 8);
    expect(await store.reserve(line('W-s3', { locationId: 'S001' }), T0)).toEqual({ kind: 'insufficient', available: -2 });
  });

  it('release gives the units back once; a replay after it holds nothing; the ended hash is kept for a while', async () => {
    await setStock('WH1', 'SKU-1', 5);
    await store.reserve(line('W-r', { qty: 5 }), T0);
    const released = await store.release('W-r', T0 + 5000);
    expect(released).toMatchObject({ kind: 'ended', available: 5, reservation: { state: 'released', updatedAt: T0 + 5000, qty: 5 } });
    expect(await reservedOf('WH1', 'SKU-1')).toBe(0);
    expect(await redis.zscore(redisKeys.invReservationExpiry(), 'W-r')).toBeNull();
    const ttl = await redis.ttl(redisKeys.invReservation('W-r'));
    expect(ttl).toBeGreaterThan(RETAIN_ENDED_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(RETAIN_ENDED_SECONDS);

    expect(await store.release('W-r', T0 + 6000)).toMatchObject({ kind: 'unchanged', available: 5, reservation: { state: 'released', updatedAt: T0 + 5000 } });
    expect(await store.reserve(line('W-r', { qty: 5 }), T0 + 7000)).toMatchObject({ kind: 'replayed', reservation: { state: 'released' }, available: 5 });
    expect(await reservedOf('WH1', 'SKU-1')).toBe(0);
    expect(await store.release('W-nothing', T0)).toEqual({ kind: 'missing' });

    // Racing releases give the units back once.
    await store.reserve(line('W-r2', { qty: 2 }), T0);
    const race = await Promise.all(stores.map((s) => s.release('W-r2', T0 + 1)));
    expect(race.filter((r) => r.kind === 'ended')).toHaveLength(1);
    expect(await reservedOf('WH1', 'SKU-1')).toBe(0);
  });

  it('sweepExpired ends exactly the reservations due, in batches, once', async () => {
    await setStock('WH1', 'SKU-1', 100);
    for (let i = 0; i < 5; i++) await store.reserve(line(`W-e${i}`, { ttlSeconds: 60 }), T0);
    await store.reserve(line('W-later', { ttlSeconds: 120 }), T0);
    expect(await store.sweepExpired(T0 + 59_999, 100)).toBe(0);
    expect(await reservedOf('WH1', 'SKU-1')).toBe(6);

    expect(await store.sweepExpired(T0 + 60_000, 2)).toBe(2);
    const racing = await Promise.all(stores.map((s) => s.sweepExpired(T0 + 60_000, 100)));
    expect(racing.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await reservedOf('WH1', 'SKU-1')).toBe(1);
    expect(await store.get('W-e3')).toMatchObject({ state: 'expired', updatedAt: T0 + 60_000 });
    expect(await store.get('W-later')).toMatchObject({ state: 'active' });
    expect(await redis.zrange(redisKeys.invReservationExpiry(), '0', '-1')).toEqual(['W-later']);
    // An expired reservation stays expired: release and replay answer it as it is.
    expect(await store.release('W-e0', T0 + 61_000)).toMatchObject({ kind: 'unchanged', reservation: { state: 'expired' } });
    expect(await store.reserve(line('W-e0', { ttlSeconds: 60 }), T0 + 61_000)).toMatchObject({ kind: 'replayed', reservation: { state: 'expired' } });
    expect(await store.sweepExpired(T0 + 120_000, 100)).toBe(1);
    expect(await reservedOf('WH1', 'SKU-1')).toBe(0);
  });

  it('drops a stray expiry entry whose reservation is gone', async () => {
    await redis.zadd(redisKeys.invReservationExpiry(), T0, 'W-ghost');
    expect(await store.sweepExpired(T0, 100)).toBe(0);
    expect(await redis.zcard(redisKeys.invReservationExpiry())).toBe(0);
  });

  it('leaves a reservation the inventory worker converted alone: no expiry, no release, a replay returns it', async () => {
    await setStock('WH1', 'SKU-1', 5);
    await store.reserve(line('W-c', { qty: 2, ttlSeconds: 60 }), T0);
    // What the worker does on ecom.order.placed (lib/inventory/reservation-fields.ts).
    await redis
      .multi()
      .hset(redisKeys.invReservation('W-c'), RESERVATION_FIELD.state, RESERVATION_STATE.converted, RESERVATION_FIELD.updatedAt, String(T0 + 1))
      .zrem(redisKeys.invReservationExpiry(), 'W-c')
      .exec();
    expect(await store.sweepExpired(T0 + 3_600_000, 100)).toBe(0);
    expect(await store.release('W-c', T0 + 2)).toMatchObject({ kind: 'unchanged', reservation: { state: 'converted' }, available: 3 });
    expect(await store.reserve(line('W-c', { qty: 2 }), T0 + 3)).toMatchObject({ kind: 'replayed', reservation: { state: 'converted' } });
    expect(await reservedOf('WH1', 'SKU-1')).toBe(2);
  });
});
