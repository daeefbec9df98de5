import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import type { ReplenishmentOrder, StockAlert } from '../../lib/inventory/stock-alerts';
import { parseThreshold } from '../../lib/inventory/thresholds';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { openApiChecker } from '../../test/openapi-checker';
import { startPrivateKafka } from '../../test/private-kafka';
import { startTillstream, waitForHealth, type TillstreamProcess } from '../../test/tillstream-process';
import { DEMO_PASSWORD } from '../auth/demo-users';

/**
 * The inventory read API and thresholds through the real server (ROLES=web,sink) on Redis
 * database 8 (no other test uses it; flushed first) and a Kafka broker of its own (the sink
 * reads events.validated from its beginning). Stock is written into Redis as the inventory
 * worker would; movements go through Kafka and the real history sink into the server's
 * embedded ClickHouse. Every answer is checked against the served OpenAPI document.
 */
const DB = 8;
const P = {
  skus: '/api/v1/inventory/skus',
  sku: '/api/v1/inventory/skus/{sku}',
  locations: '/api/v1/inventory/locations',
  location: '/api/v1/inventory/locations/{locationId}',
  movements: '/api/v1/inventory/movements',
  alerts: '/api/v1/inventory/alerts',
  replenishments: '/api/v1/inventory/replenishments',
  threshold: '/api/v1/inventory/thresholds/{locationId}/{sku}',
};
const NOW = Date.now();
const HOUR = 3_600_000;

/** What the inventory worker would hold: location → SKU → fields. */
const STOCK: Record<string, Record<string, { onHand: number; reserved?: number; incoming?: number; safety?: number; velocity?: number }>> = {
  S001: { 'SKU-A': { onHand: 40, reserved: 4, velocity: 6 }, 'SKU-B': { onHand: 2, velocity: 1 }, 'SKU-C': { onHand: 9 } },
  S002: { 'SKU-A': { onHand: 11, incoming: 30, velocity: 5 } },
  S003: { 'SKU-A': { onHand: 7, reserved: 1, velocity: 2 }, 'SKU-B': { onHand: 25 } },
  DC01: { 'SKU-A': { onHand: 900, safety: 100, incoming: 0 } },
};
const alert = (id: string, locationId: string, ago: number, state: 'open' | 'resolved'): StockAlert => ({
  id,
  kind: 'low_stock',
  severity: 'warning',
  subject: { locationId, sku: 'SKU-A' },
  evidence: { onHand: 3, reserved: 0, available: 3, incoming: 0, reorderPoint: 6 },
  state,
  openedAt: NOW - ago,
  ...(state === 'resolved' ? { resolvedAt: NOW - ago + 1000 } : {}),
});
const order = (id: string, locationId: string, ago: number, state: 'open' | 'received'): ReplenishmentOrder => ({
  id,
  locationId,
  sku: 'SKU-A',
  qty: 20,
  targetLevel: 23,
  evidence: { onHand: 3, reserved: 0, available: 3, incoming: 0, reorderPoint: 6 },
  alertId: 'x',
  state,
  createdAt: NOW - ago,
  ...(state === 'received' ? { receivedAt: NOW - ago + 1000 } : {}),
});

/** Events as the validator forwards them to events.validated, of one SKU moving at S001 and DC01 over the last hours. */
function movementEvents() {
  const iso = (agoH: number) => new Date(NOW - agoH * HOUR).toISOString();
  let n = 0;
  const e = (type: string, source: string, seq: number, agoH: number, payload: object, more: object = {}) => ({ id: `inv-api-${++n}`, type, schemaVersion: 1, source, seq, occurredAt: iso(agoH), payload, ...more });
  const till = { storeId: 'S001', tillId: 'S001-T01', cashierId: 'C1', receiptId: 'S001-T01-000001' };
  return [
    e('stock.counted', 'WMS', 1, 5, { locationId: 'S001', sku: 'SKU-M', counted: 20 }, { storeId: 'S001' }),
    e('pos.receipt.opened', 'S001-T01', 1, 4, {}, till),
    e('pos.item.added', 'S001-T01', 2, 4, { lineId: 1, sku: 'SKU-M', qty: 3, unitPrice: 100, entry: 'scanned' }, till),
    e('pos.receipt.closed', 'S001-T01', 3, 4, { total: 300, items: 3, lines: 1 }, till),
    e('ecom.order.placed', 'WEB-1', 1, 3, { orderId: 'W-1', lines: [{ sku: 'SKU-M', qty: 2, unitPrice: 100 }], total: 200, locationId: 'S001' }),
    e('ecom.order.shipped', 'WEB-1', 2, 2, { orderId: 'W-1' }),
    e('stock.transferred', 'WMS', 2, 1, { fromLocationId: 'DC01', toLocationId: 'S001', sku: 'SKU-M', qty: 5 }, { storeId: 'S001' }),
  ];
}

describe('inventory read API and thresholds through the real server', () => {
  let web: TillstreamProcess;
  let redis: Redis;
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let check: ReturnType<typeof openApiChecker>;
  let doc: { paths: Record<string, Record<string, unknown>> };
  const cookies: Record<string, string> = {};

  type Call = { status: number; body: Record<string, unknown> };
  async function call(method: string, p: string, o: { user?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Call> {
    const res = await fetch(`${web.url}${p}`, {
      method,
      headers: {
        ...(method === 'GET' ? {} : { origin: web.url }),
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(o.user ? { cookie: cookies[o.user]! } : {}),
        ...o.headers,
      },
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  /** The call, its answer checked against what the served document says for `docPath` and the status. */
  async function documented(docPath: string, method: string, p: string, o: Parameters<typeof call>[2] = {}): Promise<Call> {
    const r = await call(method, p, o);
    expect(check.checkBody(docPath, method.toLowerCase(), r.status, r.body), `${method} ${p} ${r.status} ${JSON.stringify(r.body)}`).toBeNull();
    return r;
  }
  const get = (docPath: string, p: string, user?: string) => documented(docPath, 'GET', p, { user });
  const ids = (r: Call, k: string) => (r.body[k] as { id: string }[]).map((x) => x.id);

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'inventory-api-'));
    const u = new URL(inject('redisUrl'));
    u.pathname = `/${DB}`;
    redis = createRedis(u.toString(), 'inventory-api-int');
    await redis.connect();
    await redis.flushdb();
    const m = redis.multi();
    for (const s of ['S001', 'S002', 'S003']) m.hset(redisKeys.stores(), s, JSON.stringify({ storeId: s, name: `Store ${s}`, region: 'north', timezone: 'Europe/Madrid', currency: 'EUR', tills: [] }));
    m.hset(redisKeys.skus(), 'SKU-A', JSON.stringify({ sku: 'SKU-A', name: 'Milk 1 L', category: 'dairy', price: 199 }));
    m.hset(redisKeys.skus(), 'SKU-B', JSON.stringify({ sku: 'SKU-B', name: 'Butter', category: 'dairy', price: 299 }));
    m.hset(redisKeys.skus(), 'SKU-C', JSON.stringify({ sku: 'SKU-C', name: 'Bread', category: 'bakery', price: 150 }));
    for (const [loc, skus] of Object.entries(STOCK)) {
      m.sadd(redisKeys.invLocations(), loc);
      for (const [sku, s] of Object.entries(skus)) {
        m.hset(redisKeys.invOnHand(loc), sku, s.onHand);
        if (s.reserved !== undefined) m.hset(redisKeys.invReserved(loc), sku, s.reserved);
        if (s.incoming !== undefined) m.hset(redisKeys.invIncoming(loc), sku, s.incoming);
        if (s.safety !== undefined) m.hset(redisKeys.invSafetyStock(loc), sku, s.safety);
        if (s.velocity !== undefined) m.hset(redisKeys.invVelocity(loc), sku, s.velocity);
      }
    }
    for (const a of [alert('al-1', 'S001', 3000, 'open'), alert('al-2', 'S003', 2000, 'open'), alert('al-3', 'S002', 1000, 'resolved')]) m.hset(redisKeys.invAlerts(), a.id, JSON.stringify(a));
    for (const o of [order('rp-1', 'S001', 3000, 'open'), order('rp-2', 'DC01', 2000, 'open')]) m.hset(redisKeys.invReplenishments(), o.id, JSON.stringify(o));
    await m.exec();

    kafka = await startPrivateKafka(path.join(dir, 'kafka'));
    web = startTillstream({
      ROLES: 'web,sink',
      DATA_DIR: path.join(dir, 'data'),
      PORT: String(await freePort()),
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: u.toString(),
    });
    await waitForHealth(web, 200);
    doc = (await (await fetch(`${web.url}/api/openapi.json`)).json()) as typeof doc;
    check = openApiChecker(doc);
    for (const user of ['admin', 'manager', 'fraud', 'merch']) {
      const r = await fetch(`${web.url}/api/auth/sign-in`, { method: 'POST', headers: { origin: web.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: DEMO_PASSWORD }) });
      expect(r.status).toBe(200);
      cookies[user] = r.headers.get('set-cookie')!.split(';')[0]!;
    }
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'inventory-api-int', log: createLogger({ level: 'silent' }) }).producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.eventsValidated.name, messages: movementEvents().map((e) => ({ key: e.source, value: JSON.stringify(e) })) });
    await producer.disconnect();
  }, 240_000);

  afterAll(async () => {
    if (web && web.child.exitCode === null) {
      web.child.kill('SIGTERM');
      await web.exited;
    }
    redis?.disconnect();
    await kafka?.stop();
  });

  it('the OpenAPI document lists every route of the inventory', () => {
    const methods = (p: string) => Object.keys(doc.paths[p] ?? {}).sort();
    expect(methods(P.skus)).toEqual(['get']);
    expect(methods(P.sku)).toEqual(['get']);
    expect(methods(P.locations)).toEqual(['get']);
    expect(methods(P.location)).toEqual(['get']);
    expect(methods(P.movements)).toEqual(['get']);
    expect(methods(P.alerts)).toEqual(['get']);
    expect(methods(P.replenishments)).toEqual(['get']);
    expect(methods(P.threshold)).toEqual(['delete', 'put']);
    expect(check.statuses(P.location, 'get').sort()).toEqual(['200', '400', '401', '403', '404', '503']);
  });

  it('SKU search: the start of an id, then a part of a name, from the master data in Redis', async () => {
    const found = (r: Call) => (r.body.items as { sku: string; match: string }[]).map((i) => `${i.sku} ${i.match}`);
    const r = await get(P.skus, '/api/v1/inventory/skus?q=sku-', 'merch');
    expect(r.body).toMatchObject({ q: 'sku-', more: false, items: [{ sku: 'SKU-A', name: 'Milk 1 L', category: 'dairy', match: 'sku' }, { sku: 'SKU-B' }, { sku: 'SKU-C' }] });
    expect(found(await get(P.skus, '/api/v1/inventory/skus?q=BUTTER', 'manager'))).toEqual(['SKU-B name']);
    expect((await get(P.skus, '/api/v1/inventory/skus?q=S&limit=1', 'admin')).body).toMatchObject({ more: true, items: [{ sku: 'SKU-A' }] });
    expect((await get(P.skus, '/api/v1/inventory/skus?q=zzz', 'admin')).body).toMatchObject({ items: [] });
    // A SKU upserted now is found once the cached catalog has expired (a few seconds).
    await redis.hset(redisKeys.skus(), 'SKU-Z', JSON.stringify({ sku: 'SKU-Z', name: 'Oat milk', category: 'dairy', price: 249 }));
    await expect.poll(async () => found(await get(P.skus, '/api/v1/inventory/skus?q=milk', 'admin')), { timeout: 15_000, interval: 500 }).toEqual(['SKU-A name', 'SKU-Z name']);
    await redis.hdel(redisKeys.skus(), 'SKU-Z');
    for (const [query, field] of [
      ['', 'q'],
      ['?q=SKU&limit=51', 'limit'],
      ['?q=SKU&sort=name', 'sort'],
    ]) {
      expect(await get(P.skus, `/api/v1/inventory/skus${query}`, 'admin'), query).toMatchObject({ status: 400, body: { field } });
    }
    expect(await get(P.skus, '/api/v1/inventory/skus?q=SKU', 'fraud')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await get(P.skus, '/api/v1/inventory/skus?q=SKU')).status).toBe(401);
  });

  it('the locations list: stores of the master data, then the warehouses with stock, as the caller may see them', async () => {
    const brief = (r: Call) => (r.body.locations as { locationId: string; kind: string }[]).map((l) => `${l.locationId} ${l.kind}`);
    expect(brief(await get(P.locations, '/api/v1/inventory/locations', 'merch'))).toEqual(['S001 store', 'S002 store', 'S003 store', 'DC01 warehouse']);
    expect(brief(await get(P.locations, '/api/v1/inventory/locations', 'manager'))).toEqual(['S001 store', 'S002 store']);
    expect((await get(P.locations, '/api/v1/inventory/locations', 'fraud')).status).toBe(403);
  });

  it('a SKU’s stock across every location equals what the inventory holds', async () => {
    const r = await get(P.sku, '/api/v1/inventory/skus/SKU-A', 'admin');
    expect(r.body).toMatchObject({ sku: 'SKU-A', name: 'Milk 1 L', category: 'dairy' });
    const got = Object.fromEntries((r.body.locations as { locationId: string; onHand: number; reserved: number; incoming: number; safetyStock: number; available: number }[]).map((l) => [l.locationId, l]));
    expect(Object.keys(got).sort()).toEqual(['DC01', 'S001', 'S002', 'S003']);
    for (const [loc, skus] of Object.entries(STOCK)) {
      const s = skus['SKU-A']!;
      expect(got[loc], loc).toMatchObject({ onHand: s.onHand, reserved: s.reserved ?? 0, incoming: s.incoming ?? 0, safetyStock: s.safety ?? 0, available: s.onHand - (s.reserved ?? 0) - (s.safety ?? 0) });
    }
    expect(got.S001).toMatchObject({ unitsPerDay: 6, daysOfCover: 6, reorderPoint: 18, thresholdSource: 'velocity', low: false });
    expect(got.DC01).toMatchObject({ daysOfCover: null });
    expect(r.body.totals).toEqual({ onHand: 958, reserved: 5, available: 853, incoming: 30 });
    expect((await get(P.sku, '/api/v1/inventory/skus/SKU-NONE', 'admin')).status).toBe(404);
    expect(await get(P.sku, '/api/v1/inventory/skus/SKU%20A', 'admin')).toMatchObject({ status: 400, body: { field: 'sku' } });
  });

  it('a location’s SKUs, filtered by category and low stock, by days of cover, paged', async () => {
    const skus = (r: Call) => (r.body.items as { sku: string }[]).map((i) => i.sku);
    const all = await get(P.location, '/api/v1/inventory/locations/S001', 'merch');
    expect(all.body).toMatchObject({ locationId: 'S001', total: 3 });
    // SKU-B: 2 units at 1 a day; SKU-A: 36 at 6 a day; SKU-C does not sell.
    expect(skus(all)).toEqual(['SKU-B', 'SKU-A', 'SKU-C']);
    expect(skus(await get(P.location, '/api/v1/inventory/locations/S001?category=bakery', 'merch'))).toEqual(['SKU-C']);
    expect(skus(await get(P.location, '/api/v1/inventory/locations/S001?lowOnly=true', 'merch'))).toEqual(['SKU-B']);
    const first = await get(P.location, '/api/v1/inventory/locations/S001?sort=sku&limit=2', 'merch');
    expect(skus(first)).toEqual(['SKU-A', 'SKU-B']);
    expect(skus(await get(P.location, `/api/v1/inventory/locations/S001?sort=sku&limit=2&cursor=${first.body.nextCursor as string}`, 'merch'))).toEqual(['SKU-C']);
    expect(await get(P.location, '/api/v1/inventory/locations/S001?sort=colour', 'merch')).toMatchObject({ status: 400, body: { field: 'sort' } });
    expect((await get(P.location, '/api/v1/inventory/locations/NOWHERE', 'admin')).status).toBe(404);
  });

  it('scope: a store manager sees its stores only (403 when it names another), a fraud analyst nothing, no session 401', async () => {
    const mine = await get(P.sku, '/api/v1/inventory/skus/SKU-A', 'manager');
    expect((mine.body.locations as { locationId: string }[]).map((l) => l.locationId)).toEqual(['S001', 'S002']);
    expect(mine.body.totals).toMatchObject({ onHand: 51 });
    expect((await get(P.location, '/api/v1/inventory/locations/S002', 'manager')).status).toBe(200);
    for (const loc of ['S003', 'DC01']) expect(await get(P.location, `/api/v1/inventory/locations/${loc}`, 'manager'), loc).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await get(P.movements, '/api/v1/inventory/movements?locationId=S003&sku=SKU-A', 'manager')).status).toBe(403);
    expect((await get(P.alerts, '/api/v1/inventory/alerts?locationId=S003', 'manager')).status).toBe(403);
    expect(ids(await get(P.alerts, '/api/v1/inventory/alerts?state=all', 'manager'), 'alerts')).toEqual(['al-3', 'al-1']);
    expect(ids(await get(P.alerts, '/api/v1/inventory/alerts', 'admin'), 'alerts')).toEqual(['al-2', 'al-1']);
    expect(ids(await get(P.replenishments, '/api/v1/inventory/replenishments', 'manager'), 'replenishments')).toEqual(['rp-1']);
    expect(ids(await get(P.replenishments, '/api/v1/inventory/replenishments', 'merch'), 'replenishments')).toEqual(['rp-2', 'rp-1']);
    for (const [docPath, p] of [
      [P.sku, '/api/v1/inventory/skus/SKU-A'],
      [P.location, '/api/v1/inventory/locations/S001'],
      [P.movements, '/api/v1/inventory/movements?locationId=S001&sku=SKU-A'],
      [P.alerts, '/api/v1/inventory/alerts'],
      [P.replenishments, '/api/v1/inventory/replenishments'],
    ] as const) {
      expect(await get(docPath, p, 'fraud'), p).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect((await get(docPath, p)).status, p).toBe(401);
    }
  });

  it('PUT sets a reorder point the inventory worker reads, DELETE brings back the default; both check role, scope and Origin', async () => {
    const one = '/api/v1/inventory/thresholds/S003/SKU-A';
    const put = (user: string, body: unknown, headers?: Record<string, string>) => documented(P.threshold, 'PUT', one, { user, body, headers });
    expect(await put('merch', { reorderPoint: 10, targetLevel: 30 }, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await put('manager', { reorderPoint: 10 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put('fraud', { reorderPoint: 10 })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await put('merch', { reorderPoint: 10, targetLevel: 5 })).toMatchObject({ status: 400, body: { field: 'targetLevel' } });
    expect(await redis.hget(redisKeys.invThresholds('S003'), 'SKU-A')).toBeNull();

    const set = await put('merch', { reorderPoint: 10, targetLevel: 30 });
    expect(set).toMatchObject({ status: 200, body: { threshold: { reorderPoint: 10, targetLevel: 30, source: 'api', setBy: 'merch' }, inForce: { reorderPoint: 10, targetLevel: 30, thresholdSource: 'api' } } });
    // Stored as the worker reads it (lib/inventory/thresholds.ts).
    const stored = parseThreshold(await redis.hget(redisKeys.invThresholds('S003'), 'SKU-A'));
    expect(stored).toMatchObject({ reorderPoint: 10, targetLevel: 30, source: 'api', setBy: 'merch' });
    expect(Math.abs(stored!.setAt - Date.now())).toBeLessThan(60_000);
    // S003 has 6 of SKU-A available: now below its reorder point.
    const s003 = async () => (await get(P.location, '/api/v1/inventory/locations/S003?lowOnly=true', 'admin')).body.items as { sku: string; thresholdSource: string }[];
    expect(await s003()).toEqual([expect.objectContaining({ sku: 'SKU-A', reorderPoint: 10, thresholdSource: 'api', low: true })]);

    // A store manager at its own store.
    expect((await documented(P.threshold, 'PUT', '/api/v1/inventory/thresholds/S001/SKU-C', { user: 'manager', body: { reorderPoint: 4 } })).body).toMatchObject({ inForce: { reorderPoint: 4, targetLevel: 8 } });

    expect((await documented(P.threshold, 'DELETE', one, { user: 'manager' })).status).toBe(403);
    const gone = await documented(P.threshold, 'DELETE', one, { user: 'admin' });
    expect(gone).toMatchObject({ status: 200, body: { threshold: null, removed: true, inForce: { reorderPoint: 6, thresholdSource: 'velocity' } } });
    expect(await redis.hget(redisKeys.invThresholds('S003'), 'SKU-A')).toBeNull();
    expect(await s003()).toEqual([]);
    expect((await documented(P.threshold, 'DELETE', one, { user: 'admin' })).body).toMatchObject({ removed: false });
  });

  it('movements of one SKU at one location come from the history sink, in order, paged', async () => {
    const q = '/api/v1/inventory/movements?locationId=S001&sku=SKU-M';
    // The sink writes within a second or two of the events reaching Kafka.
    let r = await get(P.movements, q, 'manager');
    for (const until = Date.now() + 60_000; (r.body.movements as unknown[]).length < 4 && Date.now() < until; ) {
      await new Promise((res) => setTimeout(res, 500));
      r = await get(P.movements, q, 'manager');
    }
    const brief = (x: Call) => (x.body.movements as { kind: string; delta: number; ref: string }[]).map((m) => `${m.kind} ${m.delta} ${m.ref}`);
    expect(brief(r)).toEqual(['counted 20 ', 'sale -3 S001-T01-000001', 'shipment -2 W-1', 'transfer_in 5 ']);
    expect(r.body).toMatchObject({ net: 0, nextCursor: null });
    expect(brief(await get(P.movements, '/api/v1/inventory/movements?locationId=DC01&sku=SKU-M', 'admin'))).toEqual(['transfer_out -5 ']);
    const first = await get(P.movements, `${q}&limit=3`, 'admin');
    expect(brief(first)).toHaveLength(3);
    expect(brief(await get(P.movements, `${q}&limit=3&cursor=${first.body.nextCursor as string}`, 'admin'))).toEqual(['transfer_in 5 ']);
    // Only what occurred in the period.
    const from = new Date(NOW - 3.5 * HOUR).toISOString();
    const to = new Date(NOW - 1.5 * HOUR).toISOString();
    expect(brief(await get(P.movements, `${q}&from=${from}&to=${to}`, 'admin'))).toEqual(['shipment -2 W-1']);
    expect(await get(P.movements, `${q}&from=${to}&to=${from}`, 'admin')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await get(P.movements, '/api/v1/inventory/movements?sku=SKU-M', 'admin')).toMatchObject({ status: 400, body: { field: 'locationId' } });
  });
});
