import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import { migrate } from '../../lib/clickhouse/migrate';
import { configSchema } from '../../lib/config/schema';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { openApiChecker } from '../../test/openapi-checker';
import { startPrivateKafka } from '../../test/private-kafka';
import { authAnswers } from '../auth/answers';
import type { Principal } from '../auth/principal';
import { createStoreDirectory } from '../kpis/store-directory';
import { openApiDocument } from '../openapi/api';
import { aggregatorRole } from '../roles/aggregator-role';
import type { RoleContext } from '../roles/role';
import { sinkRole } from '../roles/sink-role';
import { validatorRole } from '../roles/validator-role';
import { createActivityHistory } from './activity-history';
import type { StoreActivity, TillActivity } from './activity-answers';
import { createStoreActivityRoutes } from './activity-routes';
import { createStoreActivityService } from './activity-service';
import { expectedCashier, expectedFigures, H, HISTORY_WAVE, J, M, m1, m2, masterData, r3closed, START, t1, TZ, wall, type Ev } from './store-activity-scenario';

/**
 * GET /api/v1/stores/{storeId}/activity over the real pipeline: hand-written till events of
 * two stores (store-activity-scenario.ts) go to pos.events on a Kafka broker of this file; the
 * real validator, live aggregator and history sink (their roles, in this process, as `npm start`
 * runs them) put them into Redis (database 15, flushed first) and an embedded ClickHouse of this
 * file; the route reads both. Every figure is checked against a count made from the events fed
 * (not from the code under test), and every answer against the OpenAPI document.
 */
const DB = 15;

describe('store activity over the real pipeline (Kafka, validator, aggregator, sink, Redis, chDB)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let redis: Redis;
  let ch: ClickHouseClient;
  const stops: (() => Promise<void>)[] = [];
  let producer: ReturnType<ReturnType<typeof createKafka>['producer']>;
  const check = openApiChecker(openApiDocument('test'));
  const users: Record<string, Principal> = {
    admin: { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' },
    merch: { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' },
    manager: { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001'] },
  };
  let queryNow = 0;
  let routes: ReturnType<typeof createStoreActivityRoutes>;
  const get = async (storeId: string, user: string, routesToUse = routes) => {
    queryNow = Date.now();
    const res = await routesToUse.activity(new Request(`http://127.0.0.1/api/v1/stores/${storeId}/activity`, { headers: { 'x-user': user } }), storeId);
    const body = (await res.json()) as Record<string, unknown>;
    expect(check.checkBody('/api/v1/stores/{storeId}/activity', 'get', res.status, body), JSON.stringify(body)).toBeNull();
    return { status: res.status, body };
  };
  const send = async (topic: string, events: Ev[], key: (e: Ev) => string) => {
    await producer.send({ topic, messages: events.map((e) => ({ key: key(e), value: JSON.stringify(e) })) });
  };
  const posKey = (e: Ev) => `${e.storeId}:${e.tillId}`;

  /** Waits until ClickHouse holds every event of `events` and the aggregator applied each source up to its last seq. */
  async function waitForPipeline(events: Ev[]): Promise<void> {
    const ids = events.map((e) => e.id);
    const maxSeq = new Map<string, number>();
    for (const e of events) maxSeq.set(e.source, Math.max(maxSeq.get(e.source) ?? 0, e.seq));
    const until = Date.now() + 90_000;
    for (;;) {
      const rs = await ch.query({ query: 'SELECT DISTINCT id FROM events WHERE id IN {ids:Array(String)}', query_params: { ids }, format: 'JSONEachRow' });
      const stored = new Set((await rs.json<{ id: string }>()).map((r) => r.id));
      const applied = await Promise.all([...maxSeq].map(async ([s, max]) => Number((await redis.hget(redisKeys.aggSource(s), 'max')) ?? 0) >= max));
      if (stored.size === ids.length && applied.every(Boolean)) return;
      if (Date.now() > until) throw new Error(`pipeline did not deliver: missing in ClickHouse ${ids.filter((i) => !stored.has(i)).join(', ')}; sources behind: ${[...maxSeq.keys()].filter((_, i) => !applied[i]).join(', ')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'store-activity-'));
    const u = new URL(inject('redisUrl'));
    u.pathname = `/${DB}`;
    redis = createRedis(u.toString(), 'store-activity-int');
    await redis.connect();
    await redis.flushdb();
    kafka = await startPrivateKafka(path.join(dir, 'kafka'));
    ch = await createClickHouse({ kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' });
    await migrate(ch, log);
    const config = configSchema.parse({ DATA_DIR: dir, KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: u.toString(), LOG_LEVEL: 'warn' });
    const ctx: RoleContext = { config, endpoints: { kafkaBrokers: kafka.brokers, redisUrl: u.toString(), clickhouse: { kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' } }, log, clickhouse: ch };
    for (const role of [validatorRole, aggregatorRole, sinkRole]) stops.unshift(await role.start(ctx));
    producer = createKafka({ brokers: kafka.brokers, clientId: 'store-activity-int', log: createLogger({ level: 'silent' }) }).producer();
    await producer.connect();

    await send(TOPICS.hqMasterdata.name, masterData, (e) => `store:${e.payload.storeId as string}`);
    for (let i = 0; !(await redis.hexists(redisKeys.stores(), 'S002')); i++) {
      if (i > 120) throw new Error('the validator did not store the master data');
      await new Promise((r) => setTimeout(r, 250));
    }
    await send(TOPICS.posEvents.name, HISTORY_WAVE, posKey);
    // A till resends an event (same id and seq): the validator drops it.
    await send(TOPICS.posEvents.name, [r3closed], posKey);
    await waitForPipeline(HISTORY_WAVE);
    // The same event's row reaches `events` a second time (a replayed block whose token ClickHouse
    // no longer knew): history must read it once (FINAL).
    const stored = await ch.query({ query: 'SELECT * EXCEPT (ingested_at) FROM events WHERE id = {id:String}', query_params: { id: r3closed.id }, format: 'JSONEachRow' });
    await ch.insert({ table: 'events', values: await stored.json<Record<string, unknown>>(), format: 'JSONEachRow', clickhouse_settings: { insert_deduplicate: 0, optimize_on_insert: 0 } });
    const twice = await ch.query({ query: 'SELECT count() AS n FROM events WHERE id = {id:String}', query_params: { id: r3closed.id }, format: 'JSONEachRow' });
    expect(Number((await twice.json<{ n: number }>())[0]!.n)).toBe(2);
    // Now: a sale at S001-T01 as it happens, so that its freshness is that of a live till.
    const t = Date.now();
    t1.sale('C1', t, 450, 3);
    const live = J.all.slice(-4);
    await send(TOPICS.posEvents.name, live, posKey);
    await waitForPipeline(live);

    const service = createStoreActivityService({ redis, stores: createStoreDirectory(redis, 0), history: createActivityHistory(ch), log, now: () => queryNow });
    routes = createStoreActivityRoutes({ service, requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(), log });
  }, 240_000);

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    for (const stop of stops) await stop().catch(() => undefined);
    await ch?.close();
    redis?.disconnect();
    await kafka?.stop();
  });

  it('S001: every till with its status, last event, cashier and shift', async () => {
    const r = await get('S001', 'manager');
    expect(r.status).toBe(200);
    const a = r.body as unknown as StoreActivity;
    expect(a).toMatchObject({ storeId: 'S001', timezone: TZ.S001, day: wall(queryNow, TZ.S001).date, from: new Date(m1).toISOString() });
    const till = (id: string) => a.tills.find((t) => t.tillId === id)!;
    expect(a.tills.map((t) => [t.tillId, t.inMasterData, t.status])).toEqual([
      ['S001-T01', true, 'online'],
      ['S001-T02', true, 'lagging'],
      ['S001-T03', true, 'offline'],
      ['S001-SCO', false, 'lagging'],
    ]);
    const lastOf = (tillId: string) => J.all.filter((e) => e.tillId === tillId).reduce((x, e) => (Date.parse(e.occurredAt) >= Date.parse(x.occurredAt) ? e : x));
    for (const id of ['S001-T01', 'S001-T02', 'S001-SCO']) {
      expect(till(id), id).toMatchObject({ lastEventType: lastOf(id).type, lastEventTypeAt: lastOf(id).occurredAt, lastEventAt: lastOf(id).occurredAt });
      expect(till(id).sources.map((s) => s.source)).toEqual([id]);
    }
    expect(till('S001-T01')).toMatchObject({ lastEventType: 'pos.receipt.closed', missing: 0, cashierId: 'C1', signedInAt: new Date(m1 - 30 * M).toISOString(), shiftOpen: true, shift: { shiftId: 'T01-A', cashierId: 'C1', openedAt: new Date(m1 - 29 * M).toISOString() } });
    expect(till('S001-T01').lagMs!).toBeLessThan(30_000);
    const gapSeq = J.all.filter((e) => e.source === 'S001-T02').at(-1)!.seq - 1;
    expect(till('S001-T02')).toMatchObject({ lastEventType: 'pos.refund.issued', missing: 1, cashierId: 'C3', shiftOpen: true, shift: { shiftId: 'T02-B', cashierId: 'C3' } });
    expect(till('S001-T02').sources[0]!.gaps).toEqual([{ first: gapSeq, last: gapSeq }]);
    expect(till('S001-T03')).toEqual({
      tillId: 'S001-T03',
      inMasterData: true,
      status: 'offline',
      lastEventAt: null,
      lastArrivalAt: null,
      lagMs: null,
      silentForMs: null,
      missing: 0,
      sources: [],
      lastEventType: null,
      lastEventTypeAt: null,
      cashierId: null,
      signedInAt: null,
      shiftOpen: false,
      shift: null,
    } satisfies TillActivity);
    expect(till('S001-SCO')).toMatchObject({ cashierId: null, shiftOpen: false, lastEventType: 'pos.receipt.closed' });
  });

  it('S001: the cashiers on shift and off shift today, every figure as counted from the events fed', async () => {
    const r = await get('S001', 'admin');
    const a = r.body as unknown as StoreActivity;
    const now = queryNow;
    expect(a.onShift).toEqual([
      expectedCashier('S001', 'C1', now, { tillId: 'S001-T01', shiftId: 'T01-A', start: m1 - 29 * M, end: null, dutyMs: now - m1 }),
      expectedCashier('S001', 'C3', now, { tillId: 'S001-T02', shiftId: 'T02-B', start: m1 + 6 * H + 10_000, end: null, dutyMs: now - (m1 + 6 * H) }),
    ]);
    expect(a.offShift).toEqual([
      // Signed in at +2 h, shift closed at +4 h (which ends the sign-in): 120 minutes.
      expectedCashier('S001', 'C2', now, { tillId: 'S001-T02', shiftId: 'T02-A', start: m1 + 2 * H + 10_000, end: m1 + 4 * H, dutyMs: 2 * H }),
      expectedCashier('S001', 'S001-SCO', now, { tillId: 'S001-SCO', shiftId: null, start: null, end: null, dutyMs: 0 }),
    ]);
    // The counts this test made are what it built in: C1 closed 4 (one post-voided), refunded 300; the resent event counted once.
    expect(a.onShift[0]).toMatchObject({ receipts: 3, items: 6, grossSales: 4_650, refunds: 300, postVoids: 2_500, netSales: 1_850 });
    expect(a.offShift[0]).toMatchObject({ receipts: 1, items: 4, netSales: 1_200 });
    // Yesterday's cashier is not today's; S002's sale by C1 is not S001's.
    expect([...a.onShift, ...a.offShift].map((c) => c.cashierId)).not.toContain('C9');
    // The store's totals of the day equal the cashiers' added up.
    const net = (xs: { grossSales: number; refunds: number; postVoids: number }[]) => xs.reduce((n, x) => n + x.grossSales - x.refunds - x.postVoids, 0);
    expect(net([...a.onShift, ...a.offShift])).toBe(net([...expectedFigures('S001', now).values()]));
    // asOf: the newest ingestion the history read, after this test began.
    const newest = await ch.query({ query: "SELECT toUnixTimestamp64Milli(max(ingested_at)) AS t FROM events WHERE store_id = 'S001'", format: 'JSONEachRow' });
    expect(Date.parse(a.asOf!)).toBe(Number((await newest.json<{ t: number }>())[0]!.t));
    expect(Date.parse(a.asOf!)).toBeGreaterThanOrEqual(START);
  });

  it('S002: its own tills and cashiers only', async () => {
    const r = await get('S002', 'merch');
    expect(r.status).toBe(200);
    const a = r.body as unknown as StoreActivity;
    const now = queryNow;
    expect(a).toMatchObject({ storeId: 'S002', timezone: TZ.S002, from: new Date(m2).toISOString() });
    expect(a.tills.map((t) => [t.tillId, t.status, t.cashierId, t.shiftOpen])).toEqual([['S002-T01', 'lagging', 'C5', true]]);
    expect(a.onShift).toEqual([expectedCashier('S002', 'C5', now, { tillId: 'S002-T01', shiftId: 'U01-A', start: m2 + H + 10_000, end: null, dutyMs: now - (m2 + H) })]);
    expect(a.offShift).toEqual([expectedCashier('S002', 'C1', now, { tillId: 'S002-T01', shiftId: null, start: null, end: null, dutyMs: 0 })]);
    expect(a.offShift[0]).toMatchObject({ receipts: 1, netSales: 9_999 });
  });

  it('refuses a store manager another store (403), and answers 404 for a store the master data does not know', async () => {
    expect(await get('S002', 'manager')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await get('S404', 'admin')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await get('S404', 'manager')).toMatchObject({ status: 403 });
  });

  it('answers 503 when Redis does not answer', async () => {
    const dead = createRedis(`redis://127.0.0.1:${await freePort()}`, 'store-activity-dead');
    dead.on('error', () => undefined);
    const down = createStoreActivityRoutes({
      service: createStoreActivityService({ redis: dead, stores: createStoreDirectory(dead, 0), history: createActivityHistory(ch), log }),
      requirePrincipal: async () => users.admin!,
      log,
    });
    expect(await get('S001', 'admin', down)).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    dead.disconnect();
  });
});
