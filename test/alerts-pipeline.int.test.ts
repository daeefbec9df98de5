import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Alert } from '../lib/alerts/alert-model';
import { createAlertStore } from '../lib/alerts/alert-store';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createKafka } from '../lib/clients/kafka';
import { migrate } from '../lib/clickhouse/migrate';
import { configSchema } from '../lib/config/schema';
import { ALERT_CHANGED_EVENT, ALERTS_ROOM, JOIN_EVENT, type JoinAck } from '../lib/live/rooms';
import { createLogger } from '../lib/log';
import { redisKeys } from '../lib/redis-keys';
import { TOPICS } from '../lib/topics';
import { createAlertRoutes } from '../server/alerts/alert-routes';
import { createThresholdRoutes } from '../server/alerts/threshold-routes';
import type { ThresholdsAnswer } from '../server/alerts/threshold-answers';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import type { Principal } from '../server/auth/principal';
import { aggregatorRole } from '../server/roles/aggregator-role';
import { alertsRole } from '../server/roles/alerts-role';
import type { RoleContext } from '../server/roles/role';
import { validatorRole } from '../server/roles/validator-role';
import { startLiveSockets } from './live-sockets';
import { startPrivateKafka } from './private-kafka';
import { eventually } from './eventually';

/**
 * Issue 10's condition rules on the real pipeline: hand-written events of tills no simulator
 * knows go into a Kafka of their own, through the real validator, aggregator and alerts roles
 * (the alerts role evaluating every second), Redis database 12 and embedded ClickHouse. The
 * thresholds are set through the real thresholds API, the alerts read through the real alerts
 * API, and their changes pushed live by the real Socket.IO auth and relay:
 *   - S002 goes quiet: exactly one store_offline alert, resolved by itself when it sends again;
 *   - S003's till closes its shift (and opens its drawer after), then is as quiet: no alert (closed, not offline);
 *   - S001's till sends receipts 1 and 3 but not 2: one till_gap alert, resolved when 2 arrives;
 *   - the admin's socket gets every change; the S001/S002 manager's only those of its stores.
 */
const DB = 12;

describe('alert rules on the real pipeline: a quiet store, a closed store, a till gap; thresholds API; live push', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'alerts-pipeline-'));
  const u = new URL(inject('redisUrl'));
  u.pathname = `/${DB}`;
  let redis: Redis;
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let producer: ReturnType<ReturnType<typeof createKafka>['producer']>;
  const stops: (() => Promise<void>)[] = [];
  const pushed: Record<'admin' | 'manager', Alert[]> = { admin: [], manager: [] };
  const joins: JoinAck[] = [];
  const users: Record<string, Principal> = {
    admin: { userId: 'a', username: 'admin', role: 'admin', stores: 'all' },
    merch: { userId: 'm', username: 'merch', role: 'merchandiser', stores: 'all' },
    manager: { userId: 'g', username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] },
    fraud: { userId: 'f', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
  };
  const principalOf = async (r: Request) => users[r.headers.get('x-user') ?? ''] ?? new Response(null, { status: 401 });
  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

  /** Receipt `n` of a till (seq 4n-3 … 4n): opened, one item, paid, closed; 10 € each. */
  const receipt = (storeId: string, tillId: string, n: number) =>
    [
      { type: 'pos.receipt.opened', payload: {} },
      { type: 'pos.item.added', payload: { lineId: 1, sku: 'SKU-A1', qty: 1, unitPrice: 1000, entry: 'scanned' } },
      { type: 'pos.payment.captured', payload: { method: 'card', amount: 1000 } },
      { type: 'pos.receipt.closed', payload: { total: 1000, items: 1, lines: 1 } },
    ].map((e, i) => ({
      ...e,
      schemaVersion: 1,
      source: tillId,
      storeId,
      tillId,
      cashierId: `C-${tillId}`,
      receiptId: `${tillId}-${String(n).padStart(6, '0')}`,
      id: `${tillId}-${n}-${i}`,
      seq: 4 * n - 3 + i,
      occurredAt: at(1),
    }));
  const send = async (events: ({ storeId: string; tillId: string } & Record<string, unknown>)[]) =>
    producer.send({ topic: TOPICS.posEvents.name, messages: events.map((e) => ({ key: `${e.storeId}:${e.tillId}`, value: JSON.stringify(e) })) });

  const alertRoutes = () => createAlertRoutes({ alerts: createAlertStore(redis), requirePrincipal: principalOf, log });
  const list = async (user: string, query = '') => {
    const res = await alertRoutes().list(new Request(`http://t/api/v1/alerts${query}`, { headers: { 'x-user': user } }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { alerts: Alert[] }).alerts;
  };
  const thresholds = () => createThresholdRoutes({ redis, requirePrincipal: principalOf, log });
  const patch = (user: string, body: unknown) =>
    thresholds().patch(
      new Request('http://t/api/v1/alerts/thresholds', { method: 'PATCH', headers: { 'x-user': user, host: 't', origin: 'http://t', 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );

  beforeAll(async () => {
    redis = new Redis(u.toString());
    await redis.flushdb();
    auth = createAuthService({ redis, sessionSecret: 'alerts-pipeline-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    const live = await startLiveSockets(auth, u.toString(), log);
    stops.push(live.stop);
    for (const user of ['admin', 'manager'] as const) {
      const c = await live.connectAs(user);
      c.on(ALERT_CHANGED_EVENT, (a: Alert) => pushed[user].push(a));
      joins.push((await c.timeout(5000).emitWithAck(JOIN_EVENT, ALERTS_ROOM)) as JoinAck);
    }

    kafka = await startPrivateKafka(path.join(dir, 'kafka'));
    ch = await createClickHouse({ kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' });
    await migrate(ch, log);
    const config = configSchema.parse({ DATA_DIR: dir, KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: u.toString(), LOG_LEVEL: 'warn', ALERTS_EVALUATE_EVERY_MS: '1000' });
    const ctx: RoleContext = { config, endpoints: { kafkaBrokers: kafka.brokers, redisUrl: u.toString(), clickhouse: { kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' } }, log, clickhouse: ch };
    for (const role of [validatorRole, aggregatorRole, alertsRole]) stops.unshift(await role.start(ctx));

    const k = createKafka({ brokers: kafka.brokers, clientId: 'alerts-pipeline-int', log: createLogger({ level: 'silent' }) });
    producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const stores = ['S001', 'S002', 'S003'].map((storeId, i) => ({
      id: `store-${storeId}`,
      type: 'store.upserted',
      schemaVersion: 1,
      source: 'HQ',
      seq: i + 1,
      occurredAt: at(3600),
      payload: { storeId, name: `Store ${storeId}`, region: i < 2 ? 'North' : 'South', timezone: 'Europe/Rome', currency: 'EUR', tills: [`${storeId}-X1`] },
    }));
    await producer.send({ topic: TOPICS.hqMasterdata.name, messages: stores.map((s) => ({ key: s.payload.storeId, value: JSON.stringify(s) })) });
    await eventually('the validator has the stores', () => redis.hlen(redisKeys.stores()), (n) => n === 3);
  }, 300_000);

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    for (const stop of stops) await stop().catch(() => undefined);
    auth?.close();
    redis?.disconnect();
    await ch?.close();
    await kafka?.stop();
  });

  it('thresholds are set per chain, region and store by the roles allowed to, checked on the server', async () => {
    // A store manager: its own store's offline and gap rules; not another store, not the chain, not the pipeline's fields.
    expect((await patch('manager', { scope: 'store:S002', set: { offlineAfterMinutes: 0.05 } })).status).toBe(200);
    expect((await patch('manager', { scope: 'store:S003', set: { offlineAfterMinutes: 0.05 } })).status).toBe(403);
    expect((await patch('manager', { scope: 'chain', set: { revenueBelowPerHour: 1 } })).status).toBe(403);
    // A merchandiser: the revenue rules anywhere, not the offline rule; a fraud analyst nothing.
    expect((await patch('merch', { scope: 'region:South', set: { revenueBelowPctOfLastWeek: 40 } })).status).toBe(200);
    expect((await patch('merch', { scope: 'store:S003', set: { offlineAfterMinutes: 1 } })).status).toBe(403);
    expect((await patch('fraud', { scope: 'chain', set: { revenueBelowPerHour: 1 } })).status).toBe(403);
    // Wrong input: a 400 naming the field, and nothing stored.
    const bad = async (body: unknown, field: string) => {
      const res = await patch('admin', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe(field);
    };
    await bad({ scope: 'store:S001', set: { dlqPerMinute: 5 } }, 'set.dlqPerMinute');
    await bad({ scope: 'store:S999', set: { offlineAfterMinutes: 5 } }, 'scope');
    await bad({ scope: 'chain', set: { offlineAfterMinutes: -1 } }, 'set.offlineAfterMinutes');
    await bad({ scope: 'chain', set: { bogus: 1 } }, 'set.bogus');
    await bad({ scope: 'chain', set: {} }, 'set');
    // The admin: everything; null removes a setting again.
    for (const [scope, set] of [
      ['store:S003', { offlineAfterMinutes: 0.05 }],
      ['store:S001', { tillGapMinutes: 0.05, offlineAfterMinutes: 60 }],
      ['chain', { dlqPerMinute: 0, consumerLagAbove: 0, revenueBelowPerHour: 3 }],
    ] as const) expect((await patch('admin', { scope, set })).status).toBe(200);
    const res = await patch('admin', { scope: 'chain', set: { revenueBelowPerHour: null } });
    const a = (await res.json()) as ThresholdsAnswer;
    expect(a.settings.find((s) => s.scope === 'chain')).toMatchObject({ values: { dlqPerMinute: 0, consumerLagAbove: 0 }, updatedBy: 'admin' });
    expect(a.settings.find((s) => s.scope === 'region:South')).toMatchObject({ values: { revenueBelowPctOfLastWeek: 40 }, updatedBy: 'merch' });
    expect(a.stores.find((s) => s.storeId === 'S003')!.thresholds).toMatchObject({ offlineAfterMinutes: 0.05, revenueBelowPctOfLastWeek: 40, revenueBelowPerHour: 0 });
    // What each role sees and may change.
    const mine = (await (await thresholds().get(new Request('http://t/api/v1/alerts/thresholds', { headers: { 'x-user': 'manager' } }))).json()) as ThresholdsAnswer;
    expect(mine.stores.map((s) => s.storeId)).toEqual(['S001', 'S002']);
    // The chain's setting applies to its stores too: shown, not changeable.
    expect(mine.settings.map((s) => s.scope)).toEqual(['chain', 'store:S001', 'store:S002']);
    expect(mine.may).toEqual({ scopes: ['store:S001', 'store:S002'], fields: ['revenueBelowPerHour', 'revenueBelowPctOfLastWeek', 'revenueJudgedFromMinute', 'offlineAfterMinutes', 'tillGapMinutes'] });
  });

  it('a store gone quiet raises exactly one store_offline alert that resolves itself; a closed store raises none; a gap that stays open raises one till_gap', async () => {
    const [r1, r2, r3] = [1, 2, 3].map((n) => receipt('S001', 'S001-X1', n));
    const shift = { schemaVersion: 1, source: 'S003-X1', storeId: 'S003', tillId: 'S003-X1', cashierId: 'C-S003-X1' };
    await send([
      ...r1!,
      ...r3!, // receipt 2 (seq 5-8) is held back: a gap
      ...receipt('S002', 'S002-X1', 1),
      ...receipt('S003', 'S003-X1', 1),
      { ...shift, type: 'pos.shift.closed', id: 'S003-X1-close', seq: 5, occurredAt: at(1), payload: { shiftId: 'S003-X1-1', receipts: 1, takings: 1000 } },
      // After the close, the till goes on a little (a drawer count, a sign-out) before it falls quiet: still closed.
      { ...shift, type: 'pos.drawer.opened', id: 'S003-X1-drawer', seq: 6, occurredAt: at(1), payload: { reason: 'no_sale' } },
    ]);
    const openOf = (kind: string, storeId: string) => list('admin', `?kind=${kind}&storeId=${storeId}`);
    const offline = await eventually('S002 offline', () => openOf('store_offline', 'S002'), (l) => l.length > 0);
    const gap = await eventually('S001-X1 gap', () => openOf('till_gap', 'S001'), (l) => l.length > 0);
    expect(offline).toMatchObject([{ state: 'open', severity: 'critical', evidence: { reason: 'silent' } }]);
    expect(gap).toMatchObject([{ state: 'open', subject: { storeId: 'S001', tillId: 'S001-X1' }, evidence: { gaps: [{ first: 5, last: 8 }], missing: 4, maxSeq: 12 } }]);
    // The count the bell shows: open ones, and of those the critical ones, without the alerts themselves.
    const counted = await alertRoutes().list(new Request('http://t/api/v1/alerts?kind=store_offline,till_gap&limit=0', { headers: { 'x-user': 'admin' } }));
    expect(await counted.json()).toMatchObject({ alerts: [], total: 2, counts: { open: 2, critical: 1 } });
    // Quiet for many times its threshold, the closed store raised nothing, and the quiet one still only the one alert.
    await new Promise((r) => setTimeout(r, 6000));
    expect(await openOf('store_offline', 'S003')).toEqual([]);
    expect(await openOf('store_offline', 'S002')).toMatchObject([{ id: offline[0]!.id, state: 'open', version: 1 }]);

    // Back: S002 sends again, and S001's held receipt arrives.
    await send([...receipt('S002', 'S002-X1', 2), ...r2!]);
    const resolved = await eventually('S002 back', () => openOf('store_offline', 'S002'), (l) => l.every((a) => a.state === 'resolved'));
    expect(resolved).toMatchObject([{ id: offline[0]!.id, state: 'resolved', resolvedBy: 'auto' }]);
    const closedGap = await eventually('the gap closed', () => openOf('till_gap', 'S001'), (l) => l.every((a) => a.state === 'resolved'));
    expect(closedGap).toMatchObject([{ id: gap[0]!.id, state: 'resolved', resolvedBy: 'auto' }]);
    // Exactly one of each, over the whole run; S001 itself was never offline (60 minutes).
    await new Promise((r) => setTimeout(r, 2000));
    expect((await openOf('store_offline', 'S002')).map((a) => a.id)).toEqual([offline[0]!.id]);
    expect(await openOf('store_offline', 'S001')).toEqual([]);

    // The live push: the admin got each change as it happened; the manager (S001, S002) the same for its stores.
    expect(joins).toEqual([{ ok: true }, { ok: true }]);
    const changes = (who: 'admin' | 'manager', id: string) => pushed[who].filter((a) => a.id === id).map((a) => a.state);
    await eventually('the pushes', () => changes('admin', gap[0]!.id), (s) => s.includes('resolved'));
    expect(changes('admin', offline[0]!.id)).toEqual(['open', 'resolved']);
    expect(changes('admin', gap[0]!.id)).toEqual(['open', 'resolved']);
    expect(changes('manager', offline[0]!.id)).toEqual(['open', 'resolved']);
    expect(pushed.manager.every((a) => a.subject.storeId === 'S001' || a.subject.storeId === 'S002')).toBe(true);
    // The history in ClickHouse, once the alerts role's next run wrote it.
    await eventually(
      'the history',
      async () => (await (await ch.query({ query: 'SELECT id, state FROM alerts FINAL WHERE id IN {ids:Array(String)} ORDER BY id', query_params: { ids: [offline[0]!.id, gap[0]!.id] }, format: 'JSONEachRow' })).json()) as { state: string }[],
      (rows) => rows.length === 2 && rows.every((r) => r.state === 'resolved'),
    );
  });
  it('the pipeline’s own rules: a consumer group lagging past the chain’s threshold, and a dead-letter rate; both resolve', async () => {
    const admin = createKafka({ brokers: kafka.brokers, clientId: 'alerts-pipeline-lag', log: createLogger({ level: 'silent' }) }).admin();
    await admin.connect();
    try {
      // A group of ours that read nothing of pos.events (20+ messages by now): lag over 5.
      const group = 'tillstream-lagprobe';
      const offsets = await admin.fetchTopicOffsets(TOPICS.posEvents.name);
      const partitions = offsets.map((p) => ({ partition: p.partition, offset: p.low }));
      const unread = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      await admin.setOffsets({ groupId: group, topic: TOPICS.posEvents.name, partitions });
      expect((await patch('admin', { scope: 'chain', set: { consumerLagAbove: 5, dlqPerMinute: 10 } })).status).toBe(200);
      const minute = Math.floor(Date.now() / 60_000);
      await redis.hincrby(redisKeys.dlqMinute(minute - 2), 'validator|event: not JSON', 80);
      const lag = await eventually('the lag alert', () => list('admin', '?kind=consumer_lag&state=open'), (l) => l.some((a) => a.subject.groupId === group));
      expect(lag.filter((a) => a.subject.groupId === group)).toMatchObject([{ severity: unread > 25 ? 'critical' : 'warning', subject: { groupId: group }, evidence: { lag: unread, thresholdMessages: 5 } }]);
      const dlq = await eventually('the dead-letter alert', () => list('admin', '?kind=dlq_rate'), (l) => l.length > 0);
      expect(dlq).toMatchObject([{ state: 'open', subject: {}, evidence: { perMinute: 16, reasons: [{ worker: 'validator', reason: 'event: not JSON', count: 80 }] } }]);
      // Only admins see the pipeline's alerts.
      for (const user of ['manager', 'merch', 'fraud']) expect(await list(user, '?kind=consumer_lag,dlq_rate')).toEqual([]);
      // The group catches up and the threshold is raised: both resolve by themselves.
      const ends = (await admin.fetchTopicOffsets(TOPICS.posEvents.name)).map((p) => ({ partition: p.partition, offset: p.high }));
      await admin.setOffsets({ groupId: group, topic: TOPICS.posEvents.name, partitions: ends });
      expect((await patch('admin', { scope: 'chain', set: { dlqPerMinute: 50 } })).status).toBe(200);
      await eventually('both resolved', async () => [...(await list('admin', '?kind=dlq_rate')), ...(await list('admin', '?kind=consumer_lag'))].filter((a) => a.kind === 'dlq_rate' || a.subject.groupId === group), (l) => l.length === 2 && l.every((a) => a.state === 'resolved' && a.resolvedBy === 'auto'));
    } finally {
      await admin.disconnect();
    }
  });
});
