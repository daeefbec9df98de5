import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createLogger } from '../lib/log';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { createDashboardService } from '../server/kpis/dashboard-service';
import { createHistorySource } from '../server/kpis/history-source';
import { createKpiRoutes, type KpiRoutes } from '../server/kpis/kpi-routes';
import { createKpiService } from '../server/kpis/kpi-service';
import { createLiveSource } from '../server/kpis/live-source';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { openApiDocument } from '../server/openapi/api';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { createAggregator } from '../workers/aggregator/aggregator';
import { feedWorker } from '../workers/harness/testing/feed-worker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedConcurrently } from '../workers/sink/testing/feed-concurrently';
import { createValidator } from '../workers/validator/validator';
import { openApiChecker } from './openapi-checker';

/**
 * The set-up of the dashboard read API tests (dashboard-top-and-league.int.test.ts,
 * dashboard-per-hour-and-scope.int.test.ts): GET /api/v1/kpis/top, /api/v1/kpis/stores and
 * /api/v1/sales/per-hour over real Redis and ClickHouse. A simulated chain (Lisbon and Madrid)
 * over the 8 days up to the latest 14:30:20Z that has passed (Redis expires the live keys by
 * the real clock, so the days are recent ones; DST days are covered by the unit tests), run
 * through the real validator, live aggregator and history sink, then asked through the real
 * route handlers with the real sessions (Redis database 4). Every answer is checked against
 * the OpenAPI document, and the numbers against the simulator's ground truth or sums of the
 * simulated events computed by the tests, with Intl, independently of the pipeline.
 *
 * Feeding the pipeline is most of the cost (about a minute), so the files of one run share
 * it: the first to run feeds Redis database 4 and a chDB folder named after NOW, then marks
 * the database as built for NOW; a later file of the same run (files run one at a time, on
 * the same Redis and testDataDir) finds the mark and reads the same data. The simulation, the
 * tests' reference, is deterministic (seeded) and is run again by every file.
 */
const DB = 4;
export const HQ_TZ = 'Europe/Madrid';
const MINUTE = 60_000;
export const DAY = 86_400_000;
const AT = 14 * 3_600_000 + 30 * MINUTE + 20_000;
/** The latest 14:30:20Z that has passed: afternoon in both timezones, so "today" has sales. */
export const NOW = Math.floor((Date.now() - AT) / DAY) * DAY + AT;
/** Early enough for last week's local day in both timezones. */
const START = NOW - 8 * DAY - 4 * 3_600_000;
export const END_OF_MINUTE = Math.floor(NOW / MINUTE) * MINUTE + MINUTE;
/** Set in Redis database 4 once the pipeline has been fed for NOW (see above). */
const BUILT_KEY = 'test:dashboard-api:built-for';

type Bucket = { gross: number; net: number; receipts: number; items: number; refunds: number; postVoids: number };
export type Truth = {
  stores: Record<string, { timezone: string; minutes: Record<string, Bucket> }>;
  webShop: Record<string, { timezone: string; minutes: Record<string, number> }>;
};
export type Ev = { type: string; source: string; seq: number; occurredAt: string; storeId?: string; receiptId?: string; payload: Record<string, unknown> };

const formats = new Map<string, Intl.DateTimeFormat>();
/** Local day and wall-clock time by Intl directly (the reference; not lib/time). */
export function local(ms: number, timeZone: string): { day: string; hour: number; minuteOfDay: number } {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minuteOfDay: Number(p.hour) * 60 + Number(p.minute) };
}
/** A local day's first minute, its end and its length in hours (23, 24 or 25 on DST days), found minute by minute with Intl. */
export function dayBounds(timeZone: string, around: number): { day: string; from: number; to: number; hours: number } {
  const day = local(around, timeZone).day;
  let from = Math.floor(around / MINUTE) * MINUTE;
  while (local(from - MINUTE, timeZone).day === day) from -= MINUTE;
  let to = from;
  while (local(to, timeZone).day === day) to += MINUTE;
  return { day, from, to, hours: (to - from) / 3_600_000 };
}
export const weekBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
export const minuteOf = (key: string) => Date.parse(`${key.slice(0, 16)}:00Z`);

export type Call<T> = { status: number; body: T };

/**
 * Registers the set-up (beforeAll) and tear-down (afterAll) in the calling describe, and
 * returns what the tests use: `get` and `ok` through the route handlers, the simulated `truth`
 * and `events` (filled in by the set-up), and each store's timezone and today.
 */
export function useDashboardApi() {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let routes: KpiRoutes;
  let truth: Truth;
  let events: Ev[];
  const cookies: Record<string, string> = {};
  const check = openApiChecker(openApiDocument('0.0.0-test'));

  /** A GET through the route handler, its answer checked against the OpenAPI document. */
  async function get<T = Record<string, unknown>>(route: keyof KpiRoutes, pathAndQuery: string, user?: string): Promise<Call<T>> {
    const res = await routes[route](new Request(`http://tillstream.test${pathAndQuery}`, { headers: user ? { cookie: cookies[user]! } : {} }));
    const body = (await res.json()) as T;
    const docPath = pathAndQuery.split('?')[0]!;
    expect(check.checkBody(docPath, 'get', res.status, body), `${pathAndQuery} ${res.status} ${JSON.stringify(body).slice(0, 500)}`).toBeNull();
    return { status: res.status, body };
  }
  const ok = async <T>(route: keyof KpiRoutes, p: string, user = 'admin'): Promise<T> => {
    const r = await get<T>(route, p, user);
    expect(r.status, `${p}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    const phase = (what: string) => process.stderr.write(`${new Date().toISOString()} dashboard-api: ${what}\n`);
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    const chPath = path.join(inject('testDataDir'), `dashboard-api-${NOW}`);
    const built = (await redis.get(BUILT_KEY)) === String(NOW) && fs.existsSync(chPath);
    if (!built) {
      await redis.flushdb();
      fs.rmSync(chPath, { recursive: true, force: true });
    }
    phase(built ? 'simulating (the pipeline was fed by an earlier file)' : 'simulating');
    const sim = await runInMemory(smallRun({ start: START, liveFrom: START, end: NOW, stores: 3, tills: 3, skus: 200, faults: { duplicates: 0.005, malformed: 0, offline: [] } }));
    truth = sim.truth as Truth;
    // The reference reads the simulated events themselves, each once (by source and seq).
    const seen = new Set<string>();
    events = sim.deliveries.map((d) => JSON.parse(d.json) as Ev).filter((e) => !seen.has(`${e.source}#${e.seq}`) && !!seen.add(`${e.source}#${e.seq}`));

    if (built) {
      ch = await createClickHouse({ kind: 'embedded', path: chPath, database: 'default' });
      await migrate(ch, log);
    } else {
      phase(`validating ${sim.deliveries.length} deliveries`);
      const rnd = seededRandom(41);
      const size = () => 1 + Math.floor(rnd() * 2000);
      // The real validator in front, as workers/harness/testing/feed-worker.ts' validateAll (whose spread is too deep for 300k events).
      const validator = createValidator({ redis, log, now: () => NOW });
      const ofTopic = (topic: string) => sim.deliveries.filter((d) => d.topic === topic);
      const validated = (await feedWorker(validator.masterData, [ofTopic('hq.masterdata').map((d) => Buffer.from(d.json))], size, 'hq.masterdata')).out;
      for (const topic of ['hq.promotions', 'warehouse.events', 'ecom.events', 'pos.events']) {
        for (const b of (await feedWorker(validator.events, partitionByKey(ofTopic(topic), 6), size, topic)).out) validated.push(b);
      }
      const asInput = (bs: Buffer[]) => bs.map((b) => ({ source: (JSON.parse(b.toString()) as Ev).source, json: b.toString() }));
      const isMaster = (b: Buffer) => ['store.upserted', 'sku.upserted'].includes((JSON.parse(b.toString()) as Ev).type);
      // The live aggregator and the history sink read events.validated each on its own, as in
      // production (two consumer groups): fed side by side here.
      // The live aggregator, master data first (as the compacted topic is read at start), then the rest.
      const aggregate = async () => {
        const aggregator = createAggregator({ redis, log, hqTimezone: HQ_TZ, now: () => NOW, publishEveryMs: 60_000 });
        await feedWorker(aggregator, [validated.filter(isMaster)], size);
        const applied = await feedWorker(aggregator, partitionByKey(asInput(validated.filter((b) => !isMaster(b))), 12), size);
        await aggregator.publisher.stop();
        return applied;
      };
      // The history sink into embedded ClickHouse, every partition at once as the harness feeds it.
      const sink = async () => {
        ch = await createClickHouse({ kind: 'embedded', path: chPath, database: 'default' });
        await migrate(ch, log);
        const sizes = Array.from({ length: 12 }, (_, p) => seededRandom(141 + p));
        await feedConcurrently(createSinkWorker({ clickhouse: ch, redis, log, scope: `dashboard-api-${process.pid}` }), partitionByKey(asInput(validated), 12), (p) => 1 + Math.floor(sizes[p]!() * 2000));
      };
      phase('aggregating and sinking');
      const [applied] = await Promise.all([aggregate().finally(() => phase('aggregated')), sink().finally(() => phase('sunk'))]);
      phase('fed');
      expect(applied.counts.dlq).toBe(0);
      await redis.set(BUILT_KEY, String(NOW));
    }

    auth = createAuthService({ redis, sessionSecret: 'dashboard-api-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    for (const u of ['admin', 'manager', 'merch']) cookies[u] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(u))!)}`;
    const stores = createStoreDirectory(redis);
    const deps = { live: createLiveSource(redis), history: createHistorySource(ch), stores, hqTimezone: HQ_TZ, now: () => NOW };
    routes = createKpiRoutes({
      service: createKpiService(deps),
      dashboard: createDashboardService({ ...deps, redis }),
      redis,
      stores,
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

  const tzOf = (store: string) => truth.stores[store]?.timezone ?? truth.webShop[store]?.timezone ?? HQ_TZ;
  const todayOf = (store: string) => local(NOW, tzOf(store)).day;

  return {
    get,
    ok,
    tzOf,
    todayOf,
    /** The simulator's ground truth (after the set-up). */
    get truth(): Truth {
      return truth;
    },
    /** The simulated events, each once (after the set-up). */
    get events(): Ev[] {
      return events;
    },
  };
}
