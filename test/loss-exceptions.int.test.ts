import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createKafka } from '../lib/clients/kafka';
import { configSchema } from '../lib/config/schema';
import type { CashierExceptionsAnswer, ExceptionsAnswer } from '../lib/loss/exception-answers';
import { METRIC_NAMES, TRUTH_METRICS } from '../lib/loss/exception-metrics';
import { createLogger } from '../lib/log';
import { redisKeys } from '../lib/redis-keys';
import { TOPICS } from '../lib/topics';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { createExceptionsService } from '../server/loss/exceptions-service';
import { createHistoryExceptions } from '../server/loss/history-exceptions';
import { createLiveExceptions } from '../server/loss/live-exceptions';
import { createLossRoutes, type LossRoutes } from '../server/loss/loss-routes';
import { openApiDocument } from '../server/openapi/api';
import type { RoleContext } from '../server/roles/role';
import { sinkRole } from '../server/roles/sink-role';
import { validatorRole } from '../server/roles/validator-role';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { referenceExceptions, uniqueEvents, withAll, type Counts, type RefEvent } from '../workers/exceptions/testing/reference-exceptions';
import { evictDeadMembers } from './evict-dead-members';
import { openApiChecker } from './openapi-checker';
import { startPrivateKafka } from './private-kafka';
import { startTillstream, type TillstreamProcess } from './tillstream-process';
import { eventually as poll } from './eventually';

/** This file's polls: test/eventually.ts, waiting up to 240_000 ms unless told, a read that throws counting as not yet. */
const eventually = <T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 240_000) => poll(what, read, ok, { timeoutMs, retryErrors: true });

/**
 * Issue 8, deliverable 1: a simulated day of a chain with planted dishonest cashiers (3 stores,
 * 4 tills each, one dishonest cashier per store: a sweethearter, a refund fraudster, a cash
 * skimmer), with 1 % duplicate sends, malformed events and a store offline for two hours,
 * through a Kafka of its own, the real validator and history sink (roles in this process, on
 * chDB) and the real exceptions worker in its own process, killed with SIGKILL after the writes
 * of a batch and before its commit, then restarted. Then through the loss routes (real
 * sessions, Redis database 1): every cashier's exceptions from Redis and from ClickHouse equal
 * the simulator's truth; every metric of every cashier, till, store and shift equals a count
 * made here from the simulated events; a store manager and a merchandiser are refused; a bad
 * parameter is named.
 */
type Truth = { exceptions: Record<string, Counts & { storeId: string }>; stores: Record<string, { timezone: string }>; duplicates: number };

const DB = 1;
const DAY = 86_400_000;
const HQ_TZ = 'Europe/Madrid';
// Yesterday (UTC): in the past for the validator's clock, recent for Redis's expiries and the live window.
const START = Math.floor(Date.now() / DAY) * DAY - DAY;
const END = START + DAY;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FROM = dayOf(START - DAY);
const TO = dayOf(END);

describe('loss prevention: exception metrics, live and history, exact against the truth', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'loss-exceptions-'));
  const u = new URL(inject('redisUrl'));
  u.pathname = `/${DB}`;
  let redis: Redis;
  let ch: ClickHouseClient;
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let kafkaStarted: Promise<unknown> | undefined;
  const stops: (() => Promise<void>)[] = [];
  const children: TillstreamProcess[] = [];
  let crashSignal: NodeJS.Signals | null = null;
  let linesAtCrash = 0;
  let truth: Truth;
  let events: RefEvent[];
  let ref: ReturnType<typeof referenceExceptions>;
  let routes: LossRoutes;
  let auth: AuthService;
  const cookies: Record<string, string> = {};
  const check = openApiChecker(openApiDocument('test'));

  const call = async <T>(route: 'exceptions' | 'cashier', query: string, user: string | null, cashierId = ''): Promise<{ status: number; body: T }> => {
    const docPath = route === 'exceptions' ? '/api/v1/loss/exceptions' : '/api/v1/loss/cashiers/{cashierId}/exceptions';
    const url = `http://tillstream.test${docPath.replace('{cashierId}', encodeURIComponent(cashierId))}${query}`;
    const req = new Request(url, { headers: user ? { cookie: cookies[user]! } : {} });
    const res = route === 'exceptions' ? await routes.exceptions(req) : await routes.cashierExceptions(req, cashierId);
    const body = (await res.json()) as T;
    expect(check.checkBody(docPath, 'get', res.status, body), `${url} ${res.status} ${JSON.stringify(body).slice(0, 400)}`).toBeNull();
    return { status: res.status, body };
  };
  const ok = async <T>(route: 'exceptions' | 'cashier', query: string, cashierId = ''): Promise<T> => {
    const r = await call<T>(route, query, 'fraud', cashierId);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    return r.body;
  };
  /** The metrics per group of an answer, as `<store>|<id>` (or `<store>`) → counts. */
  const byGroup = (a: ExceptionsAnswer) => new Map(a.groups.map((g) => [[g.storeId, g.tillId ?? g.cashierId].filter(Boolean).join('|'), g.metrics as Counts]));

  beforeAll(async () => {
    const phase = (what: string) => process.stderr.write(`${new Date().toISOString()} loss-exceptions: ${what}\n`);
    redis = new Redis(u.toString());
    await redis.flushdb();
    // The broker starts (its own JVM) while the day is simulated here.
    kafkaStarted = startPrivateKafka(path.join(dir, 'kafka')).then((k) => (kafka = k));
    kafkaStarted.catch(() => undefined); // awaited (and so reported) below
    phase('simulating');
    const sim = await runInMemory(
      smallRun({ seed: 23, start: START, liveFrom: START, end: END, stores: 3, tills: 4, dishonest: 3, faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: START + 10 * 3_600_000, to: START + 12 * 3_600_000 }] } }),
    );
    truth = sim.truth as Truth;
    // An outside producer's sale paid by card at one till, and two refunds of it with the
    // receipt at another: one in cash (to another tender), one to the card. The refunds are
    // sent first and the sale last: refunds meet a receipt the worker has not seen close.
    const at = (h: number) => new Date(START + h * 3_600_000).toISOString();
    const till = (source: string, cashierId: string) => ({ schemaVersion: 1, source, storeId: 'S001', tillId: source, cashierId });
    const outsideSale = ['pos.receipt.opened', 'pos.item.added', 'pos.payment.captured', 'pos.receipt.closed'].map((type, i) => ({
      ...till('S001-X1', 'CX1'),
      id: `loss-x1-${i + 1}`,
      type,
      seq: i + 1,
      occurredAt: at(9),
      receiptId: 'S001-X1-000001',
      payload: [{}, { lineId: 1, sku: 'SKU-X', qty: 2, unitPrice: 450, entry: 'keyed' }, { method: 'card', amount: 900 }, { total: 900, items: 2, lines: 1 }][i] as Record<string, unknown>,
    }));
    const outsideRefunds = ['cash', 'card'].map((method, i) => ({
      ...till('S001-X2', 'CX2'),
      id: `loss-x2-${i + 1}`,
      type: 'pos.refund.issued',
      seq: i + 1,
      occurredAt: at(15 + i),
      receiptId: `S001-X2-00000${i + 1}`,
      payload: { amount: 450, withReceipt: true, originalReceiptId: 'S001-X1-000001', method, lines: [{ sku: 'SKU-X', qty: 1 }] },
    }));
    const outside = (list: RefEvent[]) => list.map((e) => ({ kind: 'event' as const, source: e.source, seq: e.seq, topic: TOPICS.posEvents.name, key: `S001:${e.tillId}`, json: JSON.stringify(e) }));
    const deliveries = [...outside(outsideRefunds), ...sim.deliveries, ...outside(outsideSale)];
    events = uniqueEvents(deliveries.filter((d) => d.kind !== 'malformed').map((d) => JSON.parse(d.json) as RefEvent));
    ref = referenceExceptions(events, (s) => truth.stores[s]?.timezone ?? HQ_TZ);

    await kafkaStarted;
    ch = await createClickHouse({ kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' });
    await migrate(ch, log);
    const config = configSchema.parse({ DATA_DIR: dir, KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: u.toString(), LOG_LEVEL: 'warn' });
    const ctx: RoleContext = { config, endpoints: { kafkaBrokers: kafka.brokers, redisUrl: u.toString(), clickhouse: { kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' } }, log, clickhouse: ch };
    for (const role of [validatorRole, sinkRole]) stops.unshift(await role.start(ctx));

    // The run, into Kafka: master data first, then every other topic in the order the run sent it.
    phase(`producing ${deliveries.length} deliveries`);
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'loss-exceptions-int', log: createLogger({ level: 'silent' }) }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = async (list: typeof sim.deliveries) => {
      for (let i = 0; i < list.length; i += 2000) {
        const chunk = list.slice(i, i + 2000);
        const topics = [...new Set(chunk.map((d) => d.topic))];
        await producer.sendBatch({ topicMessages: topics.map((topic) => ({ topic, messages: chunk.filter((d) => d.topic === topic).map((d) => ({ key: d.key, value: d.json })) })) });
      }
    };
    await send(deliveries.filter((d) => d.topic === TOPICS.hqMasterdata.name));
    await eventually('the validator has the stores', () => redis.hlen(redisKeys.stores()), (n) => n === Object.keys(truth.stores).length, 60_000);
    await send(deliveries.filter((d) => d.topic !== TOPICS.hqMasterdata.name));
    await producer.disconnect();

    // The exceptions worker in its own process, killed once between the writes and the commit of its 8th batch.
    phase('starting the exceptions worker (crashing once)');
    const env = { KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: u.toString(), ROLES: 'exceptions', LOG_LEVEL: 'warn' };
    const first = startTillstream({ ...env, DATA_DIR: path.join(dir, 'exceptions-1'), FAULT_KILL_AFTER_WRITES: 'exceptions:8' });
    children.push(first);
    crashSignal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the exceptions worker did not kill itself within 150 s:\n${first.output()}`)), 150_000);
      first.child.once('exit', (_code, signal) => {
        clearTimeout(timer);
        resolve(signal);
      });
    });
    // Its group membership goes with it at once, as the 30 s session timeout would (test/evict-dead-members.ts).
    await evictDeadMembers(kafka.brokers, ['tillstream-exceptions']);
    // How far it got: some of the day applied, not all of it.
    const applied = await createLiveExceptions(redis).storeRows(Object.entries(truth.stores).map(([storeId, st]) => ({ storeId, timezone: st.timezone, fromDay: FROM, toDay: TO })));
    linesAtCrash = applied.filter((r) => r.level === 'store').reduce((n, r) => n + (r.metrics.lines ?? 0), 0);
    children.push(startTillstream({ ...env, DATA_DIR: path.join(dir, 'exceptions-2') }));

    auth = createAuthService({ redis, sessionSecret: 'loss-exceptions-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    for (const user of ['fraud', 'admin', 'manager', 'merch']) cookies[user] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(user))!)}`;
    const service = createExceptionsService({ live: createLiveExceptions(redis), history: createHistoryExceptions(ch), stores: createStoreDirectory(redis, 0), hqTimezone: HQ_TZ });
    routes = createLossRoutes({ service, requirePrincipal: auth.http.requirePrincipal, log });

    // Until everything is through: every store's metrics from each source equal the count made here.
    for (const source of ['live', 'history']) {
      phase(`waiting for ${source}`);
      await eventually(
        `every store's metrics from ${source}`,
        async () => byGroup(await ok<ExceptionsAnswer>('exceptions', `?groupBy=store&from=${FROM}&to=${TO}&source=${source}`)),
        (got) => [...ref.stores].every(([s, c]) => JSON.stringify(withAll(got.get(s), METRIC_NAMES)) === JSON.stringify(withAll(c, METRIC_NAMES))),
      );
    }
    phase('through');
  }, 600_000);

  afterAll(async () => {
    for (const p of children) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await p.exited;
      }
    }
    for (const stop of stops) await stop().catch(() => undefined);
    auth?.close();
    await ch?.close();
    redis?.disconnect();
    await kafkaStarted?.catch(() => undefined); // a broker still starting when the set-up failed is stopped too
    await kafka?.stop();
  });

  it('simulated a day of 3 stores with duplicates, and killed the exceptions worker once mid-way', () => {
    expect(crashSignal).toBe('SIGKILL');
    const lines = [...ref.stores.values()].reduce((n, c) => n + (c.lines ?? 0), 0);
    process.stderr.write(`loss-exceptions: ${linesAtCrash} of ${lines} lines applied when the worker was killed\n`);
    expect(linesAtCrash).toBeGreaterThan(0);
    expect(linesAtCrash).toBeLessThan(lines);
    expect(truth.duplicates).toBeGreaterThan(100);
    expect(events.length).toBeGreaterThan(50_000);
    expect(Object.keys(truth.exceptions).length).toBeGreaterThan(20);
  });

  for (const source of ['live', 'history'] as const) {
    it(`gives every cashier exactly the truth's exceptions, from ${source === 'live' ? 'Redis' : 'ClickHouse'}`, async () => {
      const a = await ok<ExceptionsAnswer>('exceptions', `?groupBy=cashier&from=${FROM}&to=${TO}&source=${source}`);
      expect(a.source).toBe(source);
      const got = byGroup(a);
      for (const [cashier, want] of Object.entries(truth.exceptions)) {
        expect({ cashier, ...withAll(got.get(`${want.storeId}|${cashier}`), TRUTH_METRICS) }).toEqual({ cashier, ...withAll(want, TRUTH_METRICS) });
      }
      // Not vacuous: the simulated day (yesterday, so a different one each day) has the planted schemes' exceptions. How far
      // the planted cashiers stand out varies from day to day; simulator/run/conformance.test.ts checks that they do.
      for (const m of ['noSaleOpens', 'lineVoids', 'postVoids']) expect(Math.max(...Object.values(truth.exceptions).map((c) => c[m]!)), m).toBeGreaterThan(0);
    });

    it(`gives every metric of every cashier, till and store as counted from the events, from ${source === 'live' ? 'Redis' : 'ClickHouse'}`, async () => {
      for (const [groupBy, want] of [
        ['cashier', ref.cashiers],
        ['till', ref.tills],
        ['store', ref.stores],
      ] as const) {
        const a = await ok<ExceptionsAnswer>('exceptions', `?groupBy=${groupBy}&from=${FROM}&to=${TO}&source=${source}`);
        const got = byGroup(a);
        for (const [k, c] of want) expect({ groupBy, k, ...withAll(got.get(k), METRIC_NAMES) }).toEqual({ groupBy, k, ...withAll(c, METRIC_NAMES) });
        // No group the events do not have (tills of the master data without events would be zeros).
        for (const [k, m] of got) if (!want.has(k)) expect(Object.values(m).every((v) => v === 0), `${groupBy} ${k}`).toBe(true);
      }
      const total = await ok<ExceptionsAnswer>('exceptions', `?groupBy=store&from=${FROM}&to=${TO}&source=${source}`);
      const sum = (m: string) => [...ref.stores.values()].reduce((n, c) => n + (c[m] ?? 0), 0);
      expect(total.total.metrics.receipts).toBe(sum('receipts'));
      expect(total.total.rates.lineVoids).toBe(Math.round((sum('lineVoids') * 10_000) / sum('receipts')) / 100);
      expect(total.total.avgItemValue).toBe(Math.round((sum('sales') * 100) / sum('items')) / 100);
      // Not vacuous.
      for (const m of ['lineVoidAmount', 'priceOverrideAmount', 'refundsWithoutReceipt', 'refundsOtherTender', 'noSaleOpens', 'cashShortageAmount', 'keyedLines', 'scoAssists', 'manualDiscounts']) expect(sum(m), m).toBeGreaterThan(0);
      // The outside producer's refunds: one of the two went to another tender than the sale.
      const cx2 = byGroup(await ok<ExceptionsAnswer>('exceptions', `?groupBy=cashier&storeId=S001&from=${FROM}&to=${TO}&source=${source}`)).get('S001|CX2');
      expect(withAll(cx2, ['refundsWithReceipt', 'refundsOtherTender', 'refundOtherTenderAmount'])).toEqual({ refundsWithReceipt: 2, refundsOtherTender: 1, refundOtherTenderAmount: 450 });
    });

    it(`gives each cashier's shifts and days as counted from the events, from ${source === 'live' ? 'Redis' : 'ClickHouse'}`, async () => {
      const cashiers = [...new Set([...ref.shifts.keys()].map((k) => k.split('|')[0]!))];
      let shifts = 0;
      for (const cashier of cashiers) {
        const a = await ok<CashierExceptionsAnswer>('cashier', `?bucket=shift&from=${FROM}&to=${TO}&source=${source}`, cashier);
        const got = new Map(a.buckets.map((b) => [`${cashier}|${b.day}|${b.storeId}|${b.tillId ?? ''}|${b.shiftId ?? ''}`, b.metrics as Counts]));
        const want = [...ref.shifts].filter(([k]) => k.startsWith(`${cashier}|`));
        expect({ cashier, buckets: [...got.keys()].sort() }).toEqual({ cashier, buckets: want.map(([k]) => k).sort() });
        for (const [k, c] of want) expect({ k, ...withAll(got.get(k), METRIC_NAMES) }).toEqual({ k, ...withAll(c, METRIC_NAMES) });
        shifts += a.buckets.filter((b) => b.shiftId !== null).length;
        const days = await ok<CashierExceptionsAnswer>('cashier', `?bucket=day&from=${FROM}&to=${TO}&source=${source}`, cashier);
        expect(days.total).toEqual(a.total);
      }
      // 3 stores × 3 staffed tills × 2 shifts.
      expect(shifts).toBe(18);
    });
  }

  it('answers today by default, live', async () => {
    const a = await ok<ExceptionsAnswer>('exceptions', '');
    expect(a).toMatchObject({ groupBy: 'cashier', period: { label: 'today' }, source: 'live', scope: { level: 'chain', stores: ['S001', 'S002', 'S003'] } });
  });

  it('refuses a store manager and a merchandiser (403), and a request without a session (401)', async () => {
    for (const user of ['manager', 'merch']) {
      expect(await call('exceptions', '?groupBy=store&storeId=S001', user)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect(await call('cashier', '', user, Object.keys(truth.exceptions)[0])).toMatchObject({ status: 403 });
    }
    expect((await call('exceptions', '', null)).status).toBe(401);
    expect((await call('exceptions', '', 'admin')).status).toBe(200);
  });

  it('answers 400 naming a bad parameter', async () => {
    expect(await call('exceptions', '?groupBy=region', 'fraud')).toMatchObject({ status: 400, body: { error: 'invalid_request', field: 'groupBy' } });
    expect(await call('exceptions', `?from=${TO}&to=${FROM}`, 'fraud')).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(await call('cashier', '?bucket=hour', 'fraud', 'C1')).toMatchObject({ status: 400, body: { field: 'bucket' } });
  });
});
