import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import type { RankedCashier, RiskAnswer, RiskWeightsAnswer } from '../lib/loss/risk-answers';
import { DEFAULT_WEIGHTS } from '../lib/loss/risk-signals';
import { createLogger } from '../lib/log';
import { redisKeys } from '../lib/redis-keys';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { createExceptionsService } from '../server/loss/exceptions-service';
import { createHistoryExceptions } from '../server/loss/history-exceptions';
import { createLiveExceptions } from '../server/loss/live-exceptions';
import { createRiskRoutes, type RiskRoutes } from '../server/loss/risk-routes';
import { createRiskService } from '../server/loss/risk-service';
import { createRiskWeightStore } from '../server/loss/risk-weights';
import { openApiDocument } from '../server/openapi/api';
import { buildChain, type DishonestProfile } from '../simulator/chain/build-chain';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { createExceptions } from '../workers/exceptions/exceptions';
import { feedWorker, validateAll } from '../workers/harness/testing/feed-worker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedAll } from '../workers/sink/testing/sink-fixture';
import { openApiChecker } from './openapi-checker';

/**
 * Issue 8, deliverable 2, "How it will be checked": after a simulated day of 6 stores with a
 * planted dishonest cashier in each (two sweethearters, two refund fraudsters, two cash
 * skimmers), run through the real validator, the real exceptions worker (Redis, database 2)
 * and the real history sink (embedded ClickHouse), the risk ranking, asked through the real
 * route handlers with real sessions and never told who is planted, puts every planted cashier
 * in the top 5 of its store and the top 10 chain-wide, from Redis and from ClickHouse alike,
 * with drivers that are its scheme's exceptions. An admin's weights change the ranking and its
 * version; store managers and merchandisers are refused; a PUT from another origin is refused.
 *
 * The day simulated is a fixed one (Tuesday 2026-11-17; who works which shift and how busy a
 * till is depend on the date), moved by whole weeks to the latest such day that ended at least
 * a day ago: Redis expires the live keys by the real clock, and the live source answers the last
 * 9 days. On that day (seed 9) every planted cashier works a shift, the precondition of the
 * check; the test asserts it.
 */
const DB = 2;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const HQ_TZ = 'Europe/Madrid';
const SEED = 9;
const STORES = 6;
const REF_START = Date.parse('2026-11-17T00:00:00Z');
const SHIFT = Math.floor((Date.now() - DAY - REF_START) / WEEK) * WEEK;
const START = REF_START + SHIFT;
const END = START + DAY;
const NOW = END + 3_600_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// Lisbon and Madrid: the UTC day's events fall on that local day and (Madrid, after 23:00 UTC) the next.
const PERIOD = `from=${dayOf(START)}&to=${dayOf(END)}`;
const RISK = '/api/v1/loss/risk';
const WEIGHTS = '/api/v1/loss/risk/weights';
const HOST = 'tillstream.test';

/** The exceptions each scheme inflates (simulator/sources/till/behaviour.ts): one of them must drive its score. */
const SCHEME: Record<DishonestProfile, string[]> = {
  sweethearting: ['lineVoids', 'lineVoidAmount', 'priceOverrides', 'priceOverrideAmount', 'employeeDiscounts', 'employeeDiscountAmount', 'receiptVoids', 'avgItemValue'],
  refund_fraud: ['postVoids', 'postVoidAmount', 'refundsWithoutReceipt', 'refundWithoutReceiptAmount'],
  cash_skimming: ['noSaleOpens', 'cashShortages', 'cashShortageAmount'],
};

/** A delivery's event moved by `ms` (its time, and a promotion's validity). */
function shifted(json: string, ms: number): string {
  const e = JSON.parse(json) as { occurredAt: string; payload: Record<string, unknown> };
  const move = (iso: string) => new Date(Date.parse(iso) + ms).toISOString();
  e.occurredAt = move(e.occurredAt);
  for (const k of ['startsAt', 'endsAt']) if (typeof e.payload[k] === 'string') e.payload[k] = move(e.payload[k]);
  return JSON.stringify(e);
}

describe('loss prevention: the risk ranking finds the planted dishonest cashiers (live and history)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const u = new URL(inject('redisUrl'));
  u.pathname = `/${DB}`;
  let redis: Redis;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let routes: RiskRoutes;
  const cookies: Record<string, string> = {};
  const check = openApiChecker(openApiDocument('test'));
  const chain = buildChain(smallRun({ seed: SEED, stores: STORES, tills: 4, dishonest: STORES }));
  const planted = chain.stores.flatMap((s) => s.cashiers.filter((c) => c.dishonest).map((c) => ({ cashierId: c.id, storeId: s.id, profile: c.dishonest! })));
  const rankings: Partial<Record<'live' | 'history', RiskAnswer>> = {};

  type Call<T> = { status: number; body: T & { error?: string; field?: string } };
  const call = async <T>(method: 'GET' | 'PUT', docPath: string, query: string, user: string | null, o: { body?: unknown; origin?: string } = {}): Promise<Call<T>> => {
    const request = new Request(`http://${HOST}${docPath}${query}`, {
      method,
      headers: {
        host: HOST,
        ...(user ? { cookie: cookies[user]! } : {}),
        ...(method === 'PUT' ? { origin: o.origin ?? `http://${HOST}`, 'content-type': 'application/json' } : {}),
      },
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    });
    const res = docPath === RISK ? await routes.ranking(request) : method === 'GET' ? await routes.weights(request) : await routes.putWeights(request);
    const body = (await res.json()) as Call<T>['body'];
    expect(check.checkBody(docPath, method.toLowerCase(), res.status, body), `${method} ${docPath}${query} ${res.status} ${JSON.stringify(body).slice(0, 400)}`).toBeNull();
    return { status: res.status, body };
  };
  const ranking = async (query: string, user = 'fraud'): Promise<RiskAnswer> => {
    const r = await call<RiskAnswer>('GET', RISK, `?${PERIOD}&limit=1000${query}`, user);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    return r.body;
  };
  const of = (a: RiskAnswer, p: { cashierId: string; storeId: string }): RankedCashier | undefined => a.cashiers.find((c) => c.cashierId === p.cashierId && c.storeId === p.storeId);

  beforeAll(async () => {
    const phase = (what: string) => process.stderr.write(`${new Date().toISOString()} loss-risk: ${what}\n`);
    redis = new Redis(u.toString());
    await redis.flushdb();
    phase(`simulating ${dayOf(REF_START)} as ${dayOf(START)}`);
    const sim = await runInMemory(
      smallRun({ seed: SEED, start: REF_START, liveFrom: REF_START, end: REF_START + DAY, stores: STORES, tills: 4, dishonest: STORES, faults: { duplicates: 0.005, malformed: 0, offline: [] } }),
    );
    const deliveries = sim.deliveries.map((d) => ({ ...d, json: shifted(d.json, SHIFT) }));
    const rnd = seededRandom(29);
    const size = () => 1 + Math.floor(rnd() * 1500);
    phase(`validating ${deliveries.length} deliveries`);
    const validated = await validateAll(redis, log, deliveries, NOW, size);
    const input = partitionByKey(
      validated.map((b) => ({ source: (JSON.parse(b.toString()) as { source: string }).source, json: b.toString() })),
      12,
    );
    phase('the exceptions worker');
    const applied = await feedWorker(createExceptions({ redis, log, hqTimezone: HQ_TZ, now: () => NOW }), input, size);
    expect(applied.counts.dlq).toBe(0);
    phase('the history sink');
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'loss-risk'), database: 'default' });
    await migrate(ch, log);
    await feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `loss-risk-${process.pid}` }), input, size);

    auth = createAuthService({ redis, sessionSecret: 'loss-risk-int-test-secret-0123456789abcdef', log });
    await auth.seedDemoUsers();
    for (const user of ['fraud', 'admin', 'manager', 'merch']) cookies[user] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(user))!)}`;
    const exceptions = createExceptionsService({ live: createLiveExceptions(redis), history: createHistoryExceptions(ch), stores: createStoreDirectory(redis, 0), hqTimezone: HQ_TZ });
    routes = createRiskRoutes({ service: createRiskService({ exceptions, weights: createRiskWeightStore(redis) }), requirePrincipal: auth.http.requirePrincipal, log });
    phase('through');
  }, 600_000);

  afterAll(async () => {
    auth?.close();
    await ch?.close();
    redis?.disconnect();
  });

  it('simulated a day of 6 stores with a planted dishonest cashier in each, every one of them at work', async () => {
    expect(planted.map((p) => p.profile).sort()).toEqual(['cash_skimming', 'cash_skimming', 'refund_fraud', 'refund_fraud', 'sweethearting', 'sweethearting']);
    expect(new Set(planted.map((p) => p.storeId)).size).toBe(STORES);
    const a = await ranking('&source=live');
    expect(a.scope.stores).toHaveLength(STORES);
    for (const p of planted) expect(of(a, p)?.receipts ?? 0, `${p.cashierId} worked a shift`).toBeGreaterThanOrEqual(50);
    // Every staffed cashier at work is scored; each store's self-checkout is alone of its kind.
    expect(a.cashiers.filter((c) => c.tillKind === 'sco').map((c) => [c.storeId, c.score, c.peers])).toEqual(chain.stores.map((s) => [s.id, null, 0]));
    expect(a.scored).toBeGreaterThan(30);
  });

  for (const source of ['live', 'history'] as const) {
    it(`puts every planted cashier in the top 5 of its store and the top 10 chain-wide, from ${source === 'live' ? 'Redis' : 'ClickHouse'}`, async () => {
      const a = await ranking(`&source=${source}`);
      rankings[source] = a;
      expect(a).toMatchObject({ source, scope: { level: 'chain' }, weights: { version: 0 } });
      const seen = planted.map((p) => {
        const c = of(a, p)!;
        return `${p.profile} ${p.storeId}/${p.cashierId}: #${c.rank} chain, #${c.storeRank} store, score ${c.score}, receipts ${c.receipts}, peers ${c.peers}, drivers ${c.drivers
          .slice(0, 4)
          .map((d) => `${d.metric} ${d.rate}/${d.peerMedian} z${d.z}`)
          .join('; ')}`;
      });
      const honest = a.cashiers.filter((c) => c.score !== null && !planted.some((p) => p.cashierId === c.cashierId));
      process.stderr.write(`loss-risk ${source}:\n  ${seen.join('\n  ')}\n  best honest: ${honest.slice(0, 3).map((c) => `${c.storeId}/${c.cashierId} #${c.rank} ${c.score}`).join(', ')}\n`);
      for (const p of planted) {
        const c = of(a, p)!;
        expect({ ...p, storeRank: c.storeRank! <= 5, rank: c.rank! <= 10 }).toEqual({ ...p, storeRank: true, rank: true });
        // The exceptions of its own scheme drive its score.
        expect(SCHEME[p.profile], `${p.cashierId}: ${c.drivers.map((d) => d.metric).join(', ')}`).toContain(c.drivers[0]!.metric);
      }
    });
  }

  it('ranks the same from Redis and from ClickHouse', () => {
    const strip = (a: RiskAnswer | undefined) => a && { ...a, source: null, generatedAt: null };
    expect(rankings.live).toBeDefined();
    expect(strip(rankings.history)).toEqual(strip(rankings.live));
  });

  it('ranks a store’s cashiers the same when only that store is asked (peers are per store)', async () => {
    const chainWide = await ranking('&source=live');
    for (const p of planted) {
      const one = await ranking(`&source=live&storeId=${p.storeId}`);
      expect(one.scope).toMatchObject({ level: 'store', stores: [p.storeId] });
      const mine = chainWide.cashiers.filter((c) => c.storeId === p.storeId);
      expect(one.cashiers.map((c) => [c.cashierId, c.score, c.storeRank, c.rank])).toEqual(mine.map((c) => [c.cashierId, c.score, c.storeRank, c.storeRank]));
    }
  });

  it('refuses store managers and merchandisers (403) and requests without a session (401)', async () => {
    for (const user of ['manager', 'merch']) {
      expect(await call('GET', RISK, `?${PERIOD}`, user)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect(await call('GET', WEIGHTS, '', user)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect(await call('PUT', WEIGHTS, '', user, { body: { weights: { noSaleOpens: 0 } } })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }
    expect((await call('GET', RISK, '', null)).status).toBe(401);
    expect((await call('GET', WEIGHTS, '', 'fraud')).body).toMatchObject({ current: { version: 0 } });
  });

  it('refuses a PUT of the weights from another origin, even an admin’s, and a fraud analyst’s (403), storing nothing', async () => {
    expect(await call('PUT', WEIGHTS, '', 'admin', { body: { weights: { noSaleOpens: 0 } }, origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await call('PUT', WEIGHTS, '', 'fraud', { body: { weights: { noSaleOpens: 0 } } })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await call('PUT', WEIGHTS, '', 'admin', { body: { weights: { noSaleOpen: 0 } } })).toMatchObject({ status: 400, body: { field: 'weights.noSaleOpen' } });
    expect(await redis.exists(redisKeys.lossRiskWeights())).toBe(0);
    expect((await ranking('&source=live')).weights.version).toBe(0);
  });

  it('ranks with an admin’s weights at once, says which version, and keeps the earlier ones', async () => {
    const before = await ranking('&source=live');
    const skimmers = planted.filter((p) => p.profile === 'cash_skimming');
    // Without the cash signals, the skimmers are no longer driven by them and fall.
    const put = await call<RiskWeightsAnswer>('PUT', WEIGHTS, '', 'admin', { body: { weights: { noSaleOpens: 0, cashShortages: 0, cashShortageAmount: 0 }, basedOn: 0 } });
    expect(put.status).toBe(200);
    expect(put.body.current).toMatchObject({ version: 1, setBy: 'admin', weights: { ...DEFAULT_WEIGHTS, noSaleOpens: 0, cashShortages: 0, cashShortageAmount: 0 } });
    expect(Date.parse(put.body.current.setAt!)).toBeGreaterThan(Date.now() - 60_000);
    const after = await ranking('&source=live');
    expect(after.weights).toEqual(put.body.current);
    for (const p of skimmers) {
      const [b, a] = [of(before, p)!, of(after, p)!];
      expect(a.drivers.map((d) => d.metric)).not.toContain('noSaleOpens');
      expect(a.score!).toBeLessThan(b.score!);
      expect(a.rank!).toBeGreaterThan(b.rank!);
    }
    // Edited from version 0 again: another version has been stored since.
    expect((await call('PUT', WEIGHTS, '', 'admin', { body: { weights: { postVoids: 5 }, basedOn: 0 } })).status).toBe(409);
    // Back to the defaults, as version 2; version 1 kept, with who and when.
    const back = await call<RiskWeightsAnswer>('PUT', WEIGHTS, '', 'admin', { body: { weights: {} } });
    expect(back.body.current).toMatchObject({ version: 2, weights: DEFAULT_WEIGHTS });
    expect(back.body.previous.map((v) => [v.version, v.setBy])).toEqual([
      [1, 'admin'],
      [0, null],
    ]);
    const again = await ranking('&source=live');
    expect(again.weights.version).toBe(2);
    expect(again.cashiers).toEqual(before.cashiers);
    expect(await redis.hget(redisKeys.lossRiskWeights(), 'current')).toBe('2');
    const got = await call<RiskWeightsAnswer>('GET', WEIGHTS, '', 'fraud');
    expect(got.body.current.version).toBe(2);
    expect(got.body.previous[0]!.weights.noSaleOpens).toBe(0);
  });
});
