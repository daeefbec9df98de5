import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createLogger } from '../lib/log';
import { DEFAULT_RULES } from '../lib/loss/rules/default-rules';
import type { LossAlert } from '../lib/loss/rules/loss-alert';
import { redisKeys } from '../lib/redis-keys';
import { TOPICS } from '../lib/topics';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { createExceptionsService } from '../server/loss/exceptions-service';
import { createHistoryExceptions } from '../server/loss/history-exceptions';
import { createLiveExceptions } from '../server/loss/live-exceptions';
import { createRiskService } from '../server/loss/risk-service';
import { createRiskWeightStore } from '../server/loss/risk-weights';
import { createAlertsReader } from '../server/loss/rules-alerts';
import { createBacktest, mergeBySource, type BacktestAnswer } from '../server/loss/rules-backtest';
import { createRuleRoutes, type RuleRoutes } from '../server/loss/rules-routes';
import { createRuleStore, type StoredRule } from '../server/loss/rules-store';
import { openApiDocument } from '../server/openapi/api';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { createExceptions } from '../workers/exceptions/exceptions';
import { feedWorker } from '../workers/harness/testing/feed-worker';
import type { OutgoingMessage, WorkerDefinition } from '../workers/harness/worker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { batchOf, partitionByKey, partitionOf, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedAll } from '../workers/sink/testing/sink-fixture';
import { createValidator } from '../workers/validator/validator';
import { openApiChecker } from './openapi-checker';

/**
 * Issue 8, deliverables 3 and 4: the loss rules live and in a backtest. A simulated day of a
 * small chain with planted dishonest cashiers, and an outside producer's till (a sale, its
 * post-void, then a no-sale drawer open 2 minutes later), through the real validator; the
 * validated events as Kafka would hold them (12 partitions by source) into the real exceptions
 * worker, which evaluates the default rules, and into the real history sink (embedded
 * ClickHouse). Then through the real rule routes with real sessions (Redis database 12; the
 * integration files run one at a time and each flushes its database): every default rule's
 * live hits equal its backtest's over the same events, evidence and Kafka positions included;
 * the outside producer's pattern fired once with the right evidence; a replay adds no hit;
 * rules are saved as versions, enabled and disabled by an admin only; store managers and
 * merchandisers reach none of it.
 */
const DB = 12;
const DAY = 86_400_000;
const HQ_TZ = 'Europe/Madrid';
// Yesterday (UTC): in the past for the validator's clock, recent for Redis's expiries.
const START = Math.floor(Date.now() / DAY) * DAY - DAY;
const END = START + DAY;
const NOW = END + 3_600_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ORIGIN = 'http://tillstream.test';

type Ev = { id: string; type: string; source: string; seq: number; occurredAt: string; storeId?: string; tillId?: string; cashierId?: string; receiptId?: string; payload: Record<string, unknown> };

/**
 * The outside producer: a sale at a till of its own at S001, post-voided half an hour later, then the drawer opened without a
 * sale 2 minutes after; and another till's receipts, so that a receipt count and a threshold rule hit on any simulated day.
 */
function outsideProducer(): Ev[] {
  const at = (min: number) => new Date(START + 10 * 3_600_000 + min * 60_000).toISOString();
  const till = { source: 'S001-X9', storeId: 'S001', tillId: 'S001-X9', cashierId: 'CX9' };
  const receiptId = 'S001-X9-000001';
  const list: Omit<Ev, 'seq' | 'id'>[] = [
    { ...till, type: 'pos.receipt.opened', occurredAt: at(0), receiptId, payload: {} },
    { ...till, type: 'pos.item.added', occurredAt: at(0), receiptId, payload: { lineId: 1, sku: 'SKU-X9', qty: 2, unitPrice: 2450, entry: 'scanned' } },
    { ...till, type: 'pos.payment.captured', occurredAt: at(1), receiptId, payload: { method: 'card', amount: 4900 } },
    { ...till, type: 'pos.receipt.closed', occurredAt: at(1), receiptId, payload: { total: 4900, items: 2, lines: 1 } },
    { ...till, type: 'pos.receipt.postvoided', occurredAt: at(30), receiptId, payload: { total: 4900, items: 2, reason: 'customer changed mind', supervisorId: 'CX8' } },
    { ...till, type: 'pos.drawer.opened', occurredAt: at(32), payload: { reason: 'no_sale' } },
  ];
  // Another till of its own (the spec below sends more of S001-X9's): 22 receipts, one with 4 of its 5 lines voided, one post-voided (1 in 21, over 3 per 100).
  const x7 = { source: 'S001-X7', storeId: 'S001', tillId: 'S001-X7', cashierId: 'CX7' };
  const receipt = (n: number) => `S001-X7-${String(n).padStart(6, '0')}`;
  const more: Omit<Ev, 'seq' | 'id'>[] = [
    ...voidedReceipt(x7, receipt(1), at(40)),
    ...Array.from({ length: 21 }, (_, i) => plainReceipt(x7, receipt(i + 2), at(41 + i))).flat(),
    { ...x7, type: 'pos.receipt.postvoided', occurredAt: at(63), receiptId: receipt(22), payload: { total: 100, items: 1, reason: 'customer changed mind', supervisorId: 'CX8' } },
  ];
  return [
    ...list.map((e, i) => ({ ...e, id: `outside-x9-${i + 1}`, seq: i + 1, schemaVersion: 1 }) as Ev),
    ...more.map((e, i) => ({ ...e, id: `outside-x7-${i + 1}`, seq: i + 1, schemaVersion: 1 }) as Ev),
  ];
}

/** A receipt of one line, paid and closed. */
function plainReceipt(till: Pick<Ev, 'source' | 'storeId' | 'tillId' | 'cashierId'>, receiptId: string, occurredAt: string): Omit<Ev, 'seq' | 'id'>[] {
  return [
    { ...till, type: 'pos.receipt.opened', occurredAt, receiptId, payload: {} },
    { ...till, type: 'pos.item.added', occurredAt, receiptId, payload: { lineId: 1, sku: 'SKU-X9', qty: 1, unitPrice: 100, entry: 'scanned' } },
    { ...till, type: 'pos.payment.captured', occurredAt, receiptId, payload: { method: 'card', amount: 100 } },
    { ...till, type: 'pos.receipt.closed', occurredAt, receiptId, payload: { total: 100, items: 1, lines: 1 } },
  ];
}

/** A receipt of 5 lines, 4 of them voided, paid and closed. */
function voidedReceipt(till: Pick<Ev, 'source' | 'storeId' | 'tillId' | 'cashierId'>, receiptId: string, occurredAt: string): Omit<Ev, 'seq' | 'id'>[] {
  const lines = [1, 2, 3, 4, 5];
  return [
    { ...till, type: 'pos.receipt.opened', occurredAt, receiptId, payload: {} },
    ...lines.map((lineId) => ({ ...till, type: 'pos.item.added', occurredAt, receiptId, payload: { lineId, sku: 'SKU-X9', qty: 1, unitPrice: 100, entry: 'scanned' } })),
    ...lines.slice(0, 4).map((lineId) => ({ ...till, type: 'pos.item.voided', occurredAt, receiptId, payload: { lineId } })),
    { ...till, type: 'pos.payment.captured', occurredAt, receiptId, payload: { method: 'cash', amount: 100 } },
    { ...till, type: 'pos.receipt.closed', occurredAt, receiptId, payload: { total: 100, items: 1, lines: 1 } },
  ];
}

describe('loss rules: live hits equal the backtest’s, with their evidence (real Redis and ClickHouse)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const check = openApiChecker(openApiDocument('0.0.0-test'));
  let redis: Redis;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let routes: RuleRoutes;
  let parts: Buffer[][];
  const produced: OutgoingMessage[] = [];
  let worker: WorkerDefinition;
  const cookies: Record<string, string> = {};
  const FROM_DAY = dayOf(START - DAY);
  const TO_DAY = dayOf(END + DAY);

  async function call<T>(o: { route: keyof RuleRoutes; method?: string; path: string; docPath: string; user?: string | null; body?: unknown; ruleId?: string; origin?: string | null }): Promise<{ status: number; body: T }> {
    const method = o.method ?? 'GET';
    const user = o.user === undefined ? 'fraud' : o.user;
    const headers: Record<string, string> = { host: 'tillstream.test' };
    if (user) headers.cookie = cookies[user]!;
    if (method !== 'GET' && o.origin !== null) headers.origin = o.origin ?? ORIGIN;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const req = new Request(`${ORIGIN}${o.path}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
    const handler = routes[o.route] as (r: Request, id?: string) => Promise<Response>;
    const res = await handler(req, o.ruleId);
    const body = (await res.json()) as T;
    expect(check.checkBody(o.docPath, method.toLowerCase(), res.status, body), `${method} ${o.path} ${res.status} ${JSON.stringify(body).slice(0, 500)}`).toBeNull();
    return { status: res.status, body };
  }
  const liveAlerts = async (query = '') =>
    (await call<{ alerts: LossAlert[]; truncated: boolean }>({ route: 'alerts', path: `/api/v1/loss/alerts?from=${FROM_DAY}&to=${TO_DAY}&limit=5000${query}`, docPath: '/api/v1/loss/alerts' })).body;
  const backtest = async (body: unknown, user = 'fraud') =>
    call<BacktestAnswer>({ route: 'backtest', method: 'POST', path: '/api/v1/loss/rules/backtest', docPath: '/api/v1/loss/rules/backtest', body, user });
  const period = { from: new Date(START - 3_600_000).toISOString(), to: new Date(END + 3_600_000).toISOString() };

  /** Hands each partition's messages to the worker in the order given by `order` (partition, offset), consecutive ones of a partition in one batch of at most `max`. */
  async function feedInOrder(w: WorkerDefinition, order: { p: number; o: number }[], max: number) {
    const counts = { ok: 0, duplicate: 0, dlq: 0 };
    for (let i = 0; i < order.length; ) {
      const { p, o } = order[i]!;
      let j = i + 1;
      while (j < order.length && j - i < max && order[j]!.p === p && order[j]!.o === order[j - 1]!.o + 1) j++;
      const r = await w.handle(batchOf(parts[p]!, p, o, o + (j - i)));
      for (const x of r.outcomes) counts[x.kind] += 1;
      produced.push(...(r.produce ?? []));
      await r.afterOutput?.();
      i = j;
    }
    return counts;
  }

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    const sim = await runInMemory(smallRun({ seed: 5, start: START, liveFrom: START, end: END, stores: 2, tills: 3, skus: 200, dishonest: 2, faults: { duplicates: 0.01, malformed: 0, offline: [] } }));
    const rnd = seededRandom(3);
    const size = () => 1 + Math.floor(rnd() * 1500);
    const validator = createValidator({ redis, log, now: () => NOW });
    const ofTopic = (topic: string) => sim.deliveries.filter((d) => d.topic === topic);
    const validated = (await feedWorker(validator.masterData, [ofTopic('hq.masterdata').map((d) => Buffer.from(d.json))], size, 'hq.masterdata')).out;
    const outside = outsideProducer().map((e) => ({ topic: TOPICS.posEvents.name, source: e.source, json: JSON.stringify(e) }));
    for (const topic of ['hq.promotions', 'warehouse.events', 'ecom.events', 'pos.events']) {
      const list = topic === 'pos.events' ? [...ofTopic(topic), ...outside] : ofTopic(topic);
      validated.push(...(await feedWorker(validator.events, partitionByKey(list, 6), size, topic)).out);
    }
    // events.validated as Kafka holds it: by source over 12 partitions; here in the order a worker reading them all as they come sees them
    // (each source by seq, the sources merged by event time), so that each partition's offsets follow that order.
    const evs = validated.map((b) => ({ json: b.toString(), ...(JSON.parse(b.toString()) as Ev) })).map((e) => ({ ...e, ms: Date.parse(e.occurredAt) }));
    evs.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.seq - b.seq));
    const merged = mergeBySource(evs);
    parts = partitionByKey(merged, 12);
    const offsets = parts.map(() => 0);
    const order = merged.map((e) => {
      const p = partitionOf(e.source, 12);
      return { p, o: offsets[p]!++ };
    });

    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'loss-rules'), database: 'default' });
    await migrate(ch, log);
    await feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `loss-rules-${process.pid}` }), parts, size);

    await feedInOrder(createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW }), order, 500);
    // Reads the rules for every batch: the rule changes below apply at once.
    worker = createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW, rulesCacheMs: 0 });
    // A crash after the writes and before the commit: a fresh worker gets a stretch of each partition again.
    const fresh = createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW, rulesCacheMs: 0 });
    const before = produced.length;
    for (let p = 0; p < parts.length; p++) {
      const from = Math.floor(parts[p]!.length / 3);
      await fresh.handle(batchOf(parts[p]!, p, from, Math.floor(parts[p]!.length / 2)));
    }
    expect(produced.length).toBe(before);

    auth = createAuthService({ redis, sessionSecret: 'loss-rules-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    for (const u of ['admin', 'fraud', 'manager', 'merch']) cookies[u] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(u))!)}`;
    const stores = createStoreDirectory(redis, 0);
    routes = createRuleRoutes({
      store: createRuleStore(redis),
      backtest: createBacktest({ ch, stores, hqTimezone: HQ_TZ }),
      alerts: createAlertsReader({ redis, stores, now: () => NOW }),
      requirePrincipal: auth.http.requirePrincipal,
      log,
      now: () => NOW,
    });
  }, 600_000);

  afterAll(async () => {
    auth?.close();
    redis?.disconnect();
    await ch?.close();
  });

  it('the outside producer’s post-void then no-sale open fired live, once, with both events, their seqs and Kafka positions', async () => {
    const { alerts } = await liveAlerts('&storeId=S001&ruleId=postvoid-then-nosale');
    const mine = alerts.filter((a) => a.subject.tillId === 'S001-X9');
    expect(mine).toHaveLength(1);
    const a = mine[0]!;
    expect(a).toMatchObject({ id: 'postvoid-then-nosale:1:S001-X9:6', kind: 'loss_rule', severity: 'critical', state: 'open', subject: { storeId: 'S001', tillId: 'S001-X9', cashierId: 'CX9' } });
    expect(a.evidence).toMatchObject({ ruleId: 'postvoid-then-nosale', ruleVersion: 1, detail: { spanMs: 120_000 } });
    const p = partitionOf('S001-X9', 12);
    const offsetOf = (id: string) => parts[p]!.findIndex((b) => (JSON.parse(b.toString()) as Ev).id === id);
    expect(a.evidence.events.map((e) => [e.id, e.source, e.seq, e.type, e.occurredAt, e.receiptId, e.kafka])).toEqual([
      ['outside-x9-5', 'S001-X9', 5, 'pos.receipt.postvoided', new Date(START + 10 * 3_600_000 + 30 * 60_000).toISOString(), 'S001-X9-000001', { topic: 'events.validated', partition: p, offset: String(offsetOf('outside-x9-5')) }],
      ['outside-x9-6', 'S001-X9', 6, 'pos.drawer.opened', new Date(START + 10 * 3_600_000 + 32 * 60_000).toISOString(), '', { topic: 'events.validated', partition: p, offset: String(offsetOf('outside-x9-6')) }],
    ]);
    // Produced to `alerts`, keyed by subject, once.
    const out = produced.filter((m) => m.topic === TOPICS.alerts.name && (JSON.parse(String(m.value)) as LossAlert).id === a.id);
    expect(out).toHaveLength(1);
    expect(out[0]!.key).toBe('S001:CX9');
    expect(JSON.parse(String(out[0]!.value))).toEqual(a);
  });

  it('produced every hit to `alerts` exactly once, and nothing is left in the outbox', async () => {
    const { alerts } = await liveAlerts();
    const ids = produced.filter((m) => m.topic === TOPICS.alerts.name).map((m) => (JSON.parse(String(m.value)) as LossAlert).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(await redis.llen(redisKeys.lossOutbox())).toBe(0);
  });

  it('every default rule: the backtest over the same events gives the same hits as live, evidence included', async () => {
    const { alerts } = await liveAlerts();
    const fired = new Set<string>();
    for (const rule of DEFAULT_RULES) {
      const live = alerts.filter((a) => a.evidence.ruleId === rule.id).sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
      const started = Date.now();
      const { status, body } = await backtest({ ruleId: rule.id, ...period, examples: 1000 });
      expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(body.hits, rule.id).toBe(live.length);
      expect(body.hits).toBeLessThanOrEqual(1000);
      const bt = [...body.examples].sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
      expect(bt, rule.id).toEqual(live);
      // Per cashier, as the live hits count them.
      const perCashier = new Map<string, number>();
      for (const a of live) if (a.subject.cashierId) perCashier.set(`${a.subject.storeId}|${a.subject.cashierId}`, (perCashier.get(`${a.subject.storeId}|${a.subject.cashierId}`) ?? 0) + 1);
      expect(new Map(body.byCashier.map((c) => [`${c.storeId}|${c.cashierId}`, c.hits]))).toEqual(perCashier);
      if (live.length > 0) fired.add(rule.kind);
    }
    // Not vacuous: sequences, receipt counts and thresholds fired (the outside producer's receipts make sure of it on any simulated day).
    expect(alerts.filter((a) => a.subject.tillId === 'S001-X7').map((a) => a.evidence.ruleId).sort()).toEqual(['many-line-voids', 'postvoid-rate']);
    expect([...fired].sort()).toEqual(expect.arrayContaining(['receipt_count', 'sequence', 'threshold']));
  });

  it('filters the risk ranking by a rule: exactly the cashiers its live hits name, with their counts, ranked as in the whole chain', async () => {
    const stores = createStoreDirectory(redis, 0);
    const ruleStore = createRuleStore(redis);
    const risk = createRiskService({
      exceptions: createExceptionsService({ live: createLiveExceptions(redis), history: createHistoryExceptions(ch), stores, hqTimezone: HQ_TZ, now: () => NOW }),
      weights: createRiskWeightStore(redis),
      hits: createAlertsReader({ redis, stores, now: () => NOW }),
      ruleName: async (id) => (await ruleStore.get(id))?.rule.name ?? null,
    });
    const days = { from: FROM_DAY, to: TO_DAY, source: 'live' as const, limit: 1000 };
    const whole = new Map((await risk.ranking(days)).cashiers.map((c) => [`${c.storeId}|${c.cashierId}`, c.rank]));
    const { alerts } = await liveAlerts();
    let listed = 0;
    for (const rule of DEFAULT_RULES) {
      const hits = alerts.filter((a) => a.evidence.ruleId === rule.id);
      const perCashier = new Map<string, number>();
      for (const a of hits) if (a.subject.cashierId) perCashier.set(`${a.subject.storeId}|${a.subject.cashierId}`, (perCashier.get(`${a.subject.storeId}|${a.subject.cashierId}`) ?? 0) + 1);
      const answer = await risk.ranking({ ...days, rule: rule.id });
      expect(answer.rule).toEqual({ ruleId: rule.id, name: rule.name, hits: hits.length, withoutCashier: hits.filter((a) => !a.subject.cashierId).length });
      expect(new Map(answer.cashiers.map((c) => [`${c.storeId}|${c.cashierId}`, c.ruleHits])), rule.id).toEqual(perCashier);
      for (const c of answer.cashiers) expect(c.rank, `${rule.id} ${c.cashierId}`).toBe(whole.get(`${c.storeId}|${c.cashierId}`));
      expect(answer.total).toBe(perCashier.size);
      listed += perCashier.size;
    }
    expect(listed).toBeGreaterThan(0);
    await expect(risk.ranking({ ...days, rule: 'no-such-rule' })).rejects.toMatchObject({ status: 404, field: 'rule' });
    await expect(risk.ranking({ ...days, from: dayOf(NOW - 40 * DAY), rule: 'many-line-voids' })).rejects.toMatchObject({ status: 400, field: 'to' });
    await expect(risk.ranking({ ...days, from: dayOf(NOW - 36 * DAY), to: dayOf(NOW - 30 * DAY), rule: 'many-line-voids' })).rejects.toMatchObject({ status: 400, field: 'from' });
  });

  it('stores a rule as versions: an admin saves, disables and enables it; the live worker then uses the version in force', async () => {
    const list = await call<{ rules: StoredRule[] }>({ route: 'list', path: '/api/v1/loss/rules', docPath: '/api/v1/loss/rules' });
    expect(list.status).toBe(200);
    expect(list.body.rules.map((r) => r.rule.id)).toEqual(DEFAULT_RULES.map((r) => r.id).sort());
    const base = DEFAULT_RULES.find((r) => r.id === 'postvoid-then-nosale')!;
    const { id: _id, version: _v, ...draft } = base;
    const put = (user: string, body: unknown, origin?: string | null) =>
      call<StoredRule & { error?: string; field?: string }>({ route: 'put', method: 'PUT', path: '/api/v1/loss/rules/postvoid-then-nosale', docPath: '/api/v1/loss/rules/{ruleId}', ruleId: 'postvoid-then-nosale', user, body, origin });
    expect((await put('fraud', { rule: draft })).status).toBe(403);
    expect((await put('admin', { rule: draft }, 'https://evil.example')).body).toMatchObject({ error: 'forbidden_origin' });
    expect((await put('admin', { rule: { ...draft, withinMs: 0 } })).body).toMatchObject({ error: 'invalid_request', field: 'rule.withinMs' });
    const saved = await put('admin', { rule: { ...draft, withinMs: 10 * 60_000 }, basedOn: 1 });
    expect(saved).toMatchObject({ status: 200, body: { rule: { id: 'postvoid-then-nosale', version: 2, withinMs: 600_000 }, savedBy: 'admin' } });
    expect((await put('admin', { rule: draft, basedOn: 1 })).status).toBe(409);
    const toggle = (route: 'enable' | 'disable', user = 'admin') =>
      call<StoredRule>({ route, method: 'POST', path: `/api/v1/loss/rules/postvoid-then-nosale/${route}`, docPath: `/api/v1/loss/rules/{ruleId}/${route}`, ruleId: 'postvoid-then-nosale', user });
    expect((await toggle('disable', 'fraud')).status).toBe(403);
    expect((await toggle('disable')).body.rule).toMatchObject({ version: 3, enabled: false });
    const one = await call<StoredRule & { versions: StoredRule[] }>({ route: 'get', path: '/api/v1/loss/rules/postvoid-then-nosale', docPath: '/api/v1/loss/rules/{ruleId}', ruleId: 'postvoid-then-nosale' });
    expect(one.body.versions.map((v) => [v.rule.version, v.rule.enabled, v.rule.kind === 'sequence' ? v.rule.withinMs : null])).toEqual([
      [3, false, 600_000],
      [2, true, 600_000],
    ]);
    // Disabled: a new post-void then no-sale at the outside till makes no hit.
    const at = START + 20 * 3_600_000;
    const more = (seq: number, type: string, payload: Record<string, unknown>, ms: number, receiptId?: string) =>
      Buffer.from(JSON.stringify({ id: `outside-x9-${seq}`, schemaVersion: 1, type, source: 'S001-X9', seq, occurredAt: new Date(ms).toISOString(), storeId: 'S001', tillId: 'S001-X9', cashierId: 'CX9', ...(receiptId ? { receiptId } : {}), payload }));
    const handle = async (values: Buffer[]) => {
      const r = await worker.handle(batchOf(values, 0, 0, values.length));
      produced.push(...(r.produce ?? []));
      await r.afterOutput?.();
      return r;
    };
    // (pos.receipt.postvoided needs no closed receipt here: the worker trusts the validator.)
    await handle([more(7, 'pos.receipt.postvoided', { total: 100, items: 1, reason: 'x', supervisorId: 'CX8' }, at, 'S001-X9-000002'), more(8, 'pos.drawer.opened', { reason: 'no_sale' }, at + 60_000)]);
    expect((await liveAlerts('&ruleId=postvoid-then-nosale')).alerts.filter((a) => a.subject.tillId === 'S001-X9')).toHaveLength(1);
    // Enabled again (version 4, a 10-minute window): 8 minutes apart fires, named by version 4.
    expect((await toggle('enable')).body.rule).toMatchObject({ version: 4, enabled: true });
    await handle([more(9, 'pos.receipt.postvoided', { total: 100, items: 1, reason: 'x', supervisorId: 'CX8' }, at + 3_600_000, 'S001-X9-000003'), more(10, 'pos.drawer.opened', { reason: 'no_sale' }, at + 3_600_000 + 8 * 60_000)]);
    const after = (await liveAlerts('&ruleId=postvoid-then-nosale')).alerts.filter((a) => a.subject.tillId === 'S001-X9');
    expect(after.map((a) => a.id).sort()).toEqual(['postvoid-then-nosale:1:S001-X9:6', 'postvoid-then-nosale:4:S001-X9:10']);
  });

  it('backtests a new rule that is not stored, and names what is wrong in a backtest request', async () => {
    const rule = { name: 'Two line voids in one receipt', enabled: true, severity: 'info', kind: 'receipt_count', match: { type: 'pos.item.voided' }, moreThan: 1 };
    const { status, body } = await backtest({ rule, ...period, storeId: 'S001', examples: 3 });
    expect(status).toBe(200);
    expect(body.hits).toBeGreaterThan(0);
    expect(body.examples.length).toBe(Math.min(3, body.hits));
    for (const ex of body.examples) {
      expect(ex.subject.storeId).toBe('S001');
      expect(ex.evidence.events).toHaveLength(2);
      expect(ex.evidence.events.every((e) => e.type === 'pos.item.voided' && e.receiptId === ex.subject.receiptId && e.kafka?.topic === 'events.validated')).toBe(true);
    }
    expect(body.byCashier.reduce((n, c) => n + c.hits, 0)).toBeLessThanOrEqual(body.hits);
    expect((await backtest({ rule, ruleId: 'many-line-voids', ...period })).body).toMatchObject({ field: 'rule' });
    expect((await backtest({ rule, from: period.to, to: period.from })).body).toMatchObject({ field: 'to' });
    expect((await backtest({ rule: { ...rule, kind: 'magic' }, ...period })).status).toBe(400);
    expect((await backtest({ ruleId: 'no-such-rule', ...period })).status).toBe(404);
  });

  it('fed as partitions come (round robin, batches of random size), every till-, receipt- and cashier-keyed rule still equals its backtest', async () => {
    // A fresh live state: the worker's keys gone (the stored rules stay).
    for (const pattern of ['ts:loss:rs:*', 'ts:loss:hits:*', 'ts:exc:*']) {
      const keys = await redis.keys(pattern);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    }
    const rnd = seededRandom(29);
    const r = await feedWorker(createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW }), parts, () => 1 + Math.floor(rnd() * 700));
    expect(r.counts.dlq).toBe(0);
    const { alerts } = await liveAlerts();
    const list = (await call<{ rules: StoredRule[] }>({ route: 'list', path: '/api/v1/loss/rules', docPath: '/api/v1/loss/rules' })).body.rules;
    let compared = 0;
    for (const { rule } of list) {
      if (!rule.enabled || rule.kind === 'refund_unsold_sku') continue;
      const live = alerts.filter((a) => a.evidence.ruleId === rule.id).map((a) => a.id).sort();
      const { body } = await backtest({ ruleId: rule.id, ...period, examples: 1000 });
      expect(body.examples.map((a) => a.id).sort(), rule.id).toEqual(live);
      compared += live.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('keeps store managers and merchandisers out of the rules, the alerts and the backtest; and a request without a session', async () => {
    for (const user of ['manager', 'merch']) {
      expect((await call({ route: 'list', path: '/api/v1/loss/rules', docPath: '/api/v1/loss/rules', user })).status).toBe(403);
      expect((await call({ route: 'alerts', path: '/api/v1/loss/alerts?storeId=S001', docPath: '/api/v1/loss/alerts', user })).status).toBe(403);
      expect((await backtest({ ruleId: 'many-line-voids', ...period }, user)).status).toBe(403);
    }
    expect((await call({ route: 'list', path: '/api/v1/loss/rules', docPath: '/api/v1/loss/rules', user: null })).status).toBe(401);
    expect((await call({ route: 'alerts', path: '/api/v1/loss/alerts?storeId=S999', docPath: '/api/v1/loss/alerts' })).status).toBe(404);
    expect((await call({ route: 'alerts', path: '/api/v1/loss/alerts?bogus=1', docPath: '/api/v1/loss/alerts' })).status).toBe(400);
  });
});
