import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Alert } from '../lib/alerts/alert-model';
import { createAlertStore } from '../lib/alerts/alert-store';
import { createThresholdStore } from '../lib/alerts/alert-thresholds';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createKafka } from '../lib/clients/kafka';
import { migrate } from '../lib/clickhouse/migrate';
import type { StockAlert } from '../lib/inventory/stock-alerts';
import { createLogger } from '../lib/log';
import { CODES, minuteOfUtcDay, utcDayOf } from '../lib/live/live-counts';
import type { LossAlert } from '../lib/loss/rules/loss-alert';
import { redisKeys } from '../lib/redis-keys';
import { TOPICS } from '../lib/topics';
import { startPrivateKafka } from './private-kafka';
import { flushAlertHistory } from '../workers/alerts/alert-history';
import { createAlertsWorker } from '../workers/alerts/alerts-worker';
import { createConditionEvaluator } from '../workers/alerts/evaluate-conditions';
import { runWorker } from '../workers/harness/run-worker';
import { createAlertRoutes } from '../server/alerts/alert-routes';
import { authAnswers } from '../server/auth/answers';
import type { Principal } from '../server/auth/principal';

const log = createLogger({ level: 'warn', pretty: false });
const MIN = 60_000;
const users: Record<string, Principal> = {
  manager1: { userId: 'u1', username: 'manager1', role: 'store_manager', stores: ['S001'] },
  manager2: { userId: 'u2', username: 'manager2', role: 'store_manager', stores: ['S002'] },
  admin: { userId: 'u3', username: 'admin', role: 'admin', stores: 'all' },
  fraud: { userId: 'u4', username: 'fraud', role: 'fraud_analyst', stores: 'all' },
};
const store = (region: string) => JSON.stringify({ name: 'x', region, timezone: 'Europe/Berlin', currency: 'EUR', tills: ['T1'] });

/**
 * The alerts worker over a real Kafka (its own), Redis (database 12) and embedded ClickHouse,
 * with the clock driven by the test: the aggregator's freshness and minute counts are written
 * as the aggregator keeps them (lib/kpis/read-store-states.ts, lib/live/live-counts.ts).
 */
describe('alerts worker and API (real Kafka, Redis and ClickHouse)', () => {
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let redis: Redis;
  let ch: ClickHouseClient;
  // 10:00 in Berlin (UTC+1 in November): the start of a local hour.
  const t0 = Date.parse('2026-11-21T09:00:00Z');
  let now = t0;
  const clock = () => now;

  beforeAll(async () => {
    kafka = await startPrivateKafka(path.join(inject('testDataDir'), 'alerts-kafka'));
    redis = new Redis(`${inject('redisUrl')}/12`);
    await redis.flushdb();
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'alerts-ch'), database: 'default' });
    await migrate(ch, log);
    await redis.hset(redisKeys.stores(), 'S001', store('north'), 'S002', store('south'));
    await redis.hset(redisKeys.aggSources(), 'S001-T1', 'S001', 'S002-T1', 'S002');
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
    await kafka?.stop();
  });

  const alerts = () => createAlertStore(redis, clock);
  const arrive = (source: string, at: number) =>
    redis.hset(redisKeys.aggSource(source), { max: String(Math.floor(at / 1000)), lastOccurredAt: String(at - 500), arrivedAt: String(at), lagMs: '500', missing: '0', tillStore: source.split('-')[0]! });
  const sell = (storeId: string, at: number, gross: number) =>
    redis.hincrby(redisKeys.aggMinutes(`loc:${storeId}`, 'Europe/Berlin', utcDayOf(at)), `${minuteOfUtcDay(at)}:${CODES.gross}`, gross);
  const routes = () =>
    createAlertRoutes({ alerts: alerts(), requirePrincipal: async (r) => users[r.headers.get('x-user') ?? ''] ?? authAnswers.unauthenticated(), log, now: clock });
  const list = async (user: string, query = '') => {
    const res = await routes().list(new Request(`http://t/api/v1/alerts${query}`, { headers: { 'x-user': user } }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { alerts: Alert[] }).alerts;
  };
  const post = (user: string, id: string, op: 'acknowledge' | 'resolve') =>
    routes()[op](new Request(`http://t/api/v1/alerts/${encodeURIComponent(id)}/${op}`, { method: 'POST', headers: { 'x-user': user, host: 't', origin: 'http://t' } }), id);

  it('a store gone quiet raises exactly one store_offline alert, resolved automatically when it comes back', async () => {
    const evaluate = createConditionEvaluator({ redis, alerts: alerts(), now: clock });
    await arrive('S001-T1', t0);
    await arrive('S002-T1', t0);
    for (const m of [1, 4]) {
      now = t0 + m * MIN;
      await evaluate();
    }
    expect(await list('admin', '?kind=store_offline')).toEqual([]);
    await arrive('S002-T1', t0 + 4 * MIN);
    for (const m of [6, 6.5, 7, 8]) {
      now = t0 + m * MIN;
      await arrive('S002-T1', now);
      await evaluate();
    }
    const open = await list('admin', '?kind=store_offline');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ subject: { storeId: 'S001' }, state: 'open', version: 1, repeats: 0, openedAt: t0 + 5 * MIN });
    expect((await list('manager1', '?kind=store_offline')).map((a) => a.id)).toEqual([open[0]!.id]);
    expect(await list('manager2', '?kind=store_offline')).toEqual([]);

    now = t0 + 9 * MIN;
    await arrive('S001-T1', now);
    await arrive('S002-T1', now);
    await evaluate();
    await evaluate();
    const after = await list('admin', '?kind=store_offline');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: open[0]!.id, state: 'resolved', resolvedBy: 'auto', resolvedAt: now });
    expect(await list('admin', '?kind=store_offline&state=open,acknowledged')).toEqual([]);
  });

  it('a store under its hourly revenue threshold raises one revenue_below alert: its manager and HQ see it, another store’s manager does not', async () => {
    const evaluate = createConditionEvaluator({ redis, alerts: alerts(), now: clock });
    await createThresholdStore(redis).set('store:S001', { revenueBelowPerHour: 600 });
    // 100 € (the minute counts are in cents).
    await sell('S001', t0 + 2 * MIN, 10_000);
    // Minute 10: too early in the hour to judge.
    now = t0 + 10 * MIN;
    await arrive('S001-T1', now);
    await arrive('S002-T1', now);
    await evaluate();
    expect(await list('admin', '?kind=revenue_below')).toEqual([]);
    // Minute 30: 100 sold, 300 expected by now.
    for (const m of [30, 30.5, 31]) {
      now = t0 + m * MIN;
      await arrive('S001-T1', now);
      await arrive('S002-T1', now);
      await evaluate();
    }
    const hq = await list('admin', '?kind=revenue_below&storeId=S001');
    expect(hq).toHaveLength(1);
    const id = hq[0]!.id;
    expect(hq[0]).toMatchObject({ state: 'open', severity: 'critical', evidence: { revenueSoFar: 100, expectedSoFar: 300 } });
    expect((await list('manager1', '?kind=revenue_below')).map((a) => a.id)).toEqual([id]);
    expect(await list('manager2')).toEqual([]);
    expect(await list('fraud', '?kind=revenue_below')).toEqual([]);
    expect((await post('manager2', id, 'acknowledge')).status).toBe(404);
    expect((await post('fraud', id, 'resolve')).status).toBe(404);
    const ack = await post('manager1', id, 'acknowledge');
    expect(ack.status).toBe(200);
    expect(((await ack.json()) as { alert: Alert }).alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'manager1', acknowledgedAt: now });
    // Still under at minute 40: still one alert; sales recover by minute 45 and it resolves itself.
    now = t0 + 40 * MIN;
    await arrive('S001-T1', now);
    await arrive('S002-T1', now);
    await evaluate();
    expect(await list('admin', '?kind=revenue_below')).toHaveLength(1);
    await sell('S001', t0 + 44 * MIN, 40_000);
    now = t0 + 45 * MIN;
    await arrive('S001-T1', now);
    await arrive('S002-T1', now);
    await evaluate();
    expect(await list('admin', '?kind=revenue_below')).toMatchObject([{ id, state: 'resolved', resolvedBy: 'auto', acknowledgedBy: 'manager1' }]);
  });

  it('a loss alert and a low stock alert of the alerts topic appear once each after a replay; history in ClickHouse', async () => {
    const stock: StockAlert = {
      id: 'low:S001:SKU1:1',
      kind: 'low_stock',
      severity: 'warning',
      subject: { locationId: 'S001', sku: 'SKU1' },
      evidence: { onHand: 2, reserved: 0, available: 2, incoming: 0, reorderPoint: 4 },
      state: 'open',
      openedAt: t0,
    };
    const loss: LossAlert = {
      id: 'R1:1:S002-T1:7',
      kind: 'loss_rule',
      severity: 'critical',
      subject: { storeId: 'S002', tillId: 'T1', cashierId: 'C1', receiptId: 'RC1' },
      evidence: { ruleId: 'R1', ruleVersion: 1, ruleName: 'r', ruleKind: 'sequence', events: [], detail: {} },
      state: 'open',
      openedAt: t0,
      day: '2026-11-21',
    };
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'alerts-int-producer', log }).producer();
    await producer.connect();
    const messages = [
      { key: 'S001:SKU1', value: JSON.stringify(stock) },
      { key: 'S002:C1', value: JSON.stringify(loss) },
      // The same again (a producer's retry) and something that is no alert.
      { key: 'S001:SKU1', value: JSON.stringify(stock) },
      { key: 'x', value: '{"kind":"nonsense"}' },
    ];
    await producer.send({ topic: TOPICS.alerts.name, messages });
    await producer.disconnect();
    const topicAlerts = async () => (await list('admin')).filter((a) => a.kind === 'low_stock' || a.kind === 'loss_rule');
    const runOnce = async (group: string) => {
      const worker = await runWorker({ ...createAlertsWorker({ alerts: alerts() }), group }, { brokers: kafka.brokers, log, redis });
      const until = Date.now() + 60_000;
      while ((await topicAlerts()).length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      // Let it read to the end of the topic.
      await new Promise((r) => setTimeout(r, 3000));
      await worker.stop();
    };
    await runOnce('alerts-int-1');
    const first = await topicAlerts();
    // A replay: another group reads the topic again from the beginning.
    await runOnce('alerts-int-2');
    const again = await topicAlerts();
    expect(again).toEqual(first);
    expect(again.map((a) => [a.id, a.kind, a.version, a.state]).sort()).toEqual([
      ['R1:1:S002-T1:7', 'loss_rule', 1, 'open'],
      ['low:S001:SKU1:1', 'low_stock', 1, 'open'],
    ]);
    expect((await list('fraud')).map((a) => a.id)).toEqual(['R1:1:S002-T1:7']);
    expect((await list('manager1', '?kind=low_stock')).map((a) => a.id)).toEqual(['low:S001:SKU1:1']);

    expect(await flushAlertHistory(ch, alerts())).toBeGreaterThanOrEqual(4);
    expect(await flushAlertHistory(ch, alerts())).toBe(0);
    const rs = await ch.query({ query: 'SELECT kind, state, version FROM alerts FINAL ORDER BY kind', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([
      { kind: 'loss_rule', state: 'open', version: 1 },
      { kind: 'low_stock', state: 'open', version: 1 },
      { kind: 'revenue_below', state: 'resolved', version: 3 },
      { kind: 'store_offline', state: 'resolved', version: 2 },
    ]);
  });

  it('a store quiet at night as usual is not offline until its silence outlasts the usual quiet of that hour a week before', async () => {
    const evaluate = createConditionEvaluator({ redis, alerts: alerts(), now: clock });
    // 23:00 in Berlin; a week before, S002 sold every 40 minutes from 21:00 to 01:00: quiet for up to 40 minutes around then.
    const night = Date.parse('2026-11-24T22:00:00Z');
    const weekAgo = night - 7 * 24 * 60 * MIN;
    for (const m of [-120, -80, -40, 0, 40, 80, 120]) await redis.hincrby(redisKeys.aggMinutes('loc:S002', 'Europe/Berlin', utcDayOf(weekAgo + m * MIN)), `${minuteOfUtcDay(weekAgo + m * MIN)}:${CODES.receipts}`, 1);
    const lastHeard = night - 20 * MIN;
    await arrive('S002-T1', lastHeard);
    const openOfS002 = () => list('admin', '?kind=store_offline&storeId=S002&state=open');
    for (const m of [0, 10, 19]) {
      now = night + m * MIN;
      await arrive('S001-T1', now);
      await evaluate();
      expect(await openOfS002(), `silent ${m + 20} min`).toEqual([]);
    }
    now = night + 21 * MIN;
    await arrive('S001-T1', now);
    await evaluate();
    const open = await openOfS002();
    expect(open).toMatchObject([{ severity: 'critical', openedAt: lastHeard + 40 * MIN, evidence: { reason: 'silent', thresholdMinutes: 5, usualSilenceMinutes: 40 } }]);
    now = night + 22 * MIN;
    await arrive('S002-T1', now);
    await evaluate();
    expect(await list('admin', '?kind=store_offline&storeId=S002&state=resolved')).toContainEqual(expect.objectContaining({ id: open[0]!.id, resolvedBy: 'auto', resolvedAt: now }));
  });
});
