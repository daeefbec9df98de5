import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import type { StoreInfo } from '../lib/kpis/store-answers';
import { createLogger } from '../lib/log';
import type { AcknowledgementsAnswer } from '../lib/promotions/acknowledgement-answers';
import type { PromotionDraft } from '../lib/promotions/authoring-answers';
import { openApiChecker } from './openapi-checker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey } from '../workers/sink/testing/partitioned-input';
import { feedAll } from '../workers/sink/testing/sink-fixture';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { openApiDocument } from '../server/openapi/api';
import { createAcknowledgementService } from '../server/promotions/acknowledgement-service';
import { createPromotionRoutes, type PromotionRoutes } from '../server/promotions/promotion-routes';
import { createPromotionService, type PromotionService } from '../server/promotions/promotion-service';
import { createPromotionStore } from '../server/promotions/promotion-store';

/**
 * GET /api/v1/promotions/{id}/acknowledgements through the real route with real sessions, the
 * real promotion store (Redis database 12, flushed first; integration files run one at a time)
 * and an embedded ClickHouse fed by the real history sink: hand-written `pos.discount.applied`
 * events of the tills (one sent twice, one of another promotion, one without a promotion, one
 * at a store the promotion was not published to). Every figure is checked against the events
 * written here; every answer against the OpenAPI document.
 */
const DB = 12;
const DOC = '/api/v1/promotions/{promotionId}/acknowledgements';
const store = (storeId: string, region: string): StoreInfo => ({ storeId, name: `Store ${storeId}`, region, timezone: 'Europe/Lisbon', currency: 'EUR', tills: [`${storeId}-T1`] });
const STORES = new Map([store('S001', 'North'), store('S002', 'North'), store('S003', 'South')].map((s) => [s.storeId, s]));
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('promotions: the stores’ acknowledgement from the history (real ClickHouse, real sink)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const check = openApiChecker(openApiDocument('0.0.0-test'));
  let redis: Redis;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let service: PromotionService;
  let routes: PromotionRoutes;
  const cookies: Record<string, string> = {};
  const seqs = new Map<string, number>();
  let sinkRound = 0;

  async function ask(id: string, user: string | null = 'merch'): Promise<{ status: number; body: AcknowledgementsAnswer }> {
    const headers: Record<string, string> = user ? { cookie: cookies[user]! } : {};
    const res = await routes.acknowledgements(new Request(`http://tillstream.test/api/v1/promotions/${encodeURIComponent(id)}/acknowledgements`, { headers }), id);
    const body = (await res.json()) as AcknowledgementsAnswer;
    expect(check.checkBody(DOC, 'get', res.status, body), `${res.status} ${JSON.stringify(body).slice(0, 400)}`).toBeNull();
    return { status: res.status, body };
  }

  /** A till's discount as the validator passes it on. */
  function discount(storeId: string, atMs: number, amount: number, promotionId?: string) {
    const source = `${storeId}-T1`;
    const seq = (seqs.get(source) ?? 0) + 1;
    seqs.set(source, seq);
    const ev = {
      id: `${source}-${seq}`,
      type: 'pos.discount.applied',
      schemaVersion: 1,
      source,
      seq,
      occurredAt: new Date(atMs).toISOString(),
      storeId,
      tillId: source,
      cashierId: 'C1',
      receiptId: `R-${source}-${seq}`,
      payload: { kind: promotionId ? 'promotion' : 'manual', amount, lineId: 1, ...(promotionId ? { promotionId } : {}) },
    };
    return { source, json: JSON.stringify(ev), ev };
  }
  const sink = async (events: { source: string; json: string }[]) =>
    feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `promotion-ack-${process.pid}-${sinkRound++}` }), partitionByKey(events, 4), () => 2);

  const draft = (name: string, region: string): PromotionDraft => ({
    name,
    kind: 'percent_off',
    value: 20,
    skus: ['SKU-1'],
    target: { scope: 'region', region },
    localStart: `${day(-1)}T00:00`,
    localEnd: `${day(2)}T00:00`,
  });
  const publish = async (d: PromotionDraft) => {
    const created = await service.create(d, 'merch');
    return (await service.publish(created.promotion.promotionId, { basedOn: created.promotion.version, acknowledgeOverlaps: true }, 'merch')).promotion;
  };

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'promotion-ack'), database: 'default' });
    await migrate(ch, log);
    auth = createAuthService({ redis, sessionSecret: 'promotion-ack-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    for (const u of ['admin', 'fraud', 'manager', 'merch']) cookies[u] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(u))!)}`;
    let n = 0;
    service = createPromotionService({
      store: createPromotionStore(redis),
      publish: async () => `EVT-${++n}`,
      stores: async () => STORES,
      skus: async () => new Map([['SKU-1', { sku: 'SKU-1', category: 'Oils' }]]),
    });
    const acknowledgements = createAcknowledgementService({ ch, promotion: async (id) => (await service.get(id)).promotion, stores: async () => STORES });
    routes = createPromotionRoutes({ service, acknowledgements, requirePrincipal: auth.http.requirePrincipal, log });
  }, 120_000);

  afterAll(async () => {
    auth?.close();
    redis?.disconnect();
    await ch?.close();
  });

  it('a draft has no stores yet; a published one lists every targeted store as pending until its tills apply it', async () => {
    const created = await service.create(draft('Draft only', 'North'), 'merch');
    const d = await ask(created.promotion.promotionId);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'draft', published: false, stores: [], outside: [], summary: { targeted: 0, applied: 0, pending: 0, discounts: 0 } });

    const p = await publish(draft('Pending', 'North'));
    const { body } = await ask(p.promotionId);
    expect(body.published).toBe(true);
    expect(body.stores.map((s) => [s.storeId, s.targeted, s.firstAppliedAt, s.discounts])).toEqual([
      ['S001', true, null, 0],
      ['S002', true, null, 0],
    ]);
    expect(body.summary).toEqual({ targeted: 2, applied: 0, pending: 2, discounts: 0 });
  });

  it('per store: the first event applying it, the discounts so far (a resent event counts once); another promotion’s and stores outside are kept apart', async () => {
    const p = await publish(draft('20 % off SKU-1 in the North', 'North'));
    const other = await publish(draft('Another', 'North'));
    const t0 = Date.now() - 60_000;
    const first = discount('S001', t0, 150, p.promotionId);
    const later = discount('S001', t0 + 5_000, 250, p.promotionId);
    const events = [
      later,
      first,
      discount('S001', t0 + 9_000, 100, p.promotionId),
      discount('S001', t0 - 1_000, 999, other.promotionId),
      discount('S002', t0, 50),
      discount('S003', t0 + 2_000, 70, p.promotionId),
      later, // resent by the till: the same source and seq
    ];
    expect(await sink(events)).toEqual({ ok: 6, duplicate: 1, dlq: 0 });
    const { status, body } = await ask(p.promotionId, 'fraud');
    expect(status).toBe(200);
    const [s1, s2] = body.stores;
    expect(s1).toMatchObject({
      storeId: 'S001',
      name: 'Store S001',
      region: 'North',
      currency: 'EUR',
      targeted: true,
      firstAppliedAt: first.ev.occurredAt,
      firstEvent: { eventId: first.ev.id, tillId: 'S001-T1', receiptId: first.ev.receiptId },
      lastAppliedAt: new Date(t0 + 9_000).toISOString(),
      discounts: 3,
      discountAmount: 500,
    });
    expect(s2).toMatchObject({ storeId: 'S002', targeted: true, firstAppliedAt: null, firstEvent: null, discounts: 0, discountAmount: 0 });
    expect(body.outside).toEqual([expect.objectContaining({ storeId: 'S003', targeted: false, discounts: 1, discountAmount: 70 })]);
    expect(body.summary).toEqual({ targeted: 2, applied: 1, pending: 1, discounts: 3 });
    // The other promotion: its one discount at S001 only.
    const o = await ask(other.promotionId, 'admin');
    expect(o.body.stores.map((s) => [s.storeId, s.discounts])).toEqual([
      ['S001', 1],
      ['S002', 0],
    ]);
  });

  it('HQ roles only: a store manager gets 403, no session 401, an unknown promotion 404, a bad id 400', async () => {
    const p = await publish(draft('Roles', 'South'));
    expect((await ask(p.promotionId, 'manager')).status).toBe(403);
    expect((await ask(p.promotionId, null)).status).toBe(401);
    expect((await ask('PRM-NOPE')).status).toBe(404);
    expect((await ask('bad id!')).status).toBe(400);
  });
});
