import { Redis } from 'ioredis';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { parseEvent } from '../../lib/contract/parse-event';
import { createLogger } from '../../lib/log';
import type { PromotionAnswer, PromotionsAnswer } from '../../lib/promotions/authoring-answers';
import { redisKeys } from '../../lib/redis-keys';
import { localTimeToUtc } from '../../lib/time/local-time';
import { TOPICS } from '../../lib/topics';
import { eventually } from '../../test/eventually';
import { openApiChecker } from '../../test/openapi-checker';
import { createAuthService, type AuthService } from '../auth/auth-service';
import { createEventPublisher, createIngestProducer } from '../ingest/publish';
import { createStoreDirectory } from '../kpis/store-directory';
import { openApiDocument } from '../openapi/api';
import { createPromotionPublisher, type PromotionPublish } from './promotion-publisher';
import { createPromotionRoutes, type PromotionRoutes } from './promotion-routes';
import { createPromotionService } from './promotion-service';
import { createPromotionStore } from './promotion-store';
import { createSkuDirectory } from './sku-directory';
import { startTopicPromotions, type TopicPromotions } from './topic-promotions';

/**
 * Issue 9, deliverable 1, through the real routes with real sessions, real Redis (database 12:
 * integration files run one at a time and each flushes its database) and the run's real Kafka:
 * a merchandiser drafts a regional promotion, publishes it to `hq.promotions` (keyed by its id,
 * meeting the contract, with the region's stores and the UTC bounds of Lisbon's wall clock),
 * overlaps are named and must be acknowledged, a withdrawal follows it on the topic; versions
 * guard every change; bad input is named by field; a store manager and a fraud analyst cannot
 * author, a store manager cannot even look.
 */
const DB = 12;
const ORIGIN = 'http://tillstream.test';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('promotions: authoring and publishing to hq.promotions', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  const check = openApiChecker(openApiDocument('0.0.0-test'));
  let redis: Redis;
  let auth: AuthService;
  let routes: PromotionRoutes;
  let consumer: Consumer;
  let stopPublisher: () => Promise<void>;
  let topic: TopicPromotions;
  let outside: PromotionPublish;
  const cookies: Record<string, string> = {};
  const onTopic: { key: string; value: Record<string, unknown> }[] = [];
  const mine = new Set<string>();

  async function call<T>(route: keyof PromotionRoutes, o: { method?: string; path: string; docPath: string; id?: string; user?: string | null; body?: unknown; origin?: string | null }) {
    const method = o.method ?? 'GET';
    const user = o.user === undefined ? 'merch' : o.user;
    const headers: Record<string, string> = { host: 'tillstream.test' };
    if (user) headers.cookie = cookies[user]!;
    if (method !== 'GET' && o.origin !== null) headers.origin = o.origin ?? ORIGIN;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const req = new Request(`${ORIGIN}${o.path}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
    const res = await (routes[route] as (r: Request, id?: string) => Promise<Response>)(req, o.id);
    const body = res.status === 204 ? null : ((await res.json()) as T);
    if (res.status !== 204) expect(check.checkBody(o.docPath, method.toLowerCase(), res.status, body), `${method} ${o.path} ${res.status} ${JSON.stringify(body).slice(0, 400)}`).toBeNull();
    return { status: res.status, body: body as T };
  }
  const create = (draft: unknown, user?: string) => call<PromotionAnswer>('create', { method: 'POST', path: '/api/v1/promotions', docPath: '/api/v1/promotions', body: draft, user });
  const act = (what: 'publish' | 'withdraw', id: string, body: unknown, user?: string) =>
    call<PromotionAnswer & { overlaps?: unknown[] }>(what, { method: 'POST', path: `/api/v1/promotions/${id}/${what}`, docPath: `/api/v1/promotions/{promotionId}/${what}`, id, body, user });
  const topicOf = async (id: string, n: number, waitMs = 30_000) => {
    const until = Date.now() + waitMs;
    while (onTopic.filter((m) => m.key === id).length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    return onTopic.filter((m) => m.key === id);
  };

  const regional = {
    name: '20% off olive oil in Portugal',
    kind: 'percent_off',
    value: 20,
    skus: ['SKU-OIL-1', 'SKU-OIL-2'],
    target: { scope: 'region', region: 'Portugal' },
    localStart: `${day(1)}T08:00`,
    localEnd: `${day(8)}T22:00`,
  };

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    const store = (region: string, timezone: string) => JSON.stringify({ name: 'x', region, timezone, currency: 'EUR', tills: [] });
    await redis.hset(redisKeys.stores(), { S001: store('Portugal', 'Europe/Lisbon'), S002: store('Portugal', 'Europe/Lisbon'), S003: store('Spain North', 'Europe/Madrid') });
    const sku = (s: string, category: string) => JSON.stringify({ sku: s, name: s, category, price: 500 });
    await redis.hset(redisKeys.skus(), { 'SKU-OIL-1': sku('SKU-OIL-1', 'Oils'), 'SKU-OIL-2': sku('SKU-OIL-2', 'Oils'), 'SKU-OIL-3': sku('SKU-OIL-3', 'Oils'), 'SKU-MILK': sku('SKU-MILK', 'Dairy') });
    auth = createAuthService({ redis, sessionSecret: 'promotions-int-test-secret-0123456789abcdef', log });
    await auth.seedDemoUsers();
    for (const u of ['admin', 'fraud', 'manager', 'merch']) cookies[u] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(u))!)}`;

    const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'promotions-int', log });
    consumer = kafka.consumer({ groupId: `promotions-int-${process.pid}-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.hqPromotions.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = String(message.key);
        if (mine.has(key)) onTopic.push({ key, value: JSON.parse(String(message.value)) as Record<string, unknown> });
      },
    });
    const publisher = createEventPublisher({ producer: createIngestProducer(kafka), log });
    topic = startTopicPromotions({ brokers: inject('kafkaBrokers'), log });
    stopPublisher = async () => {
      await publisher.close();
      await topic.close();
    };
    // Another HQ system on the same topic (as the simulator's own calendar is), with its own source and seq line.
    outside = createPromotionPublisher({ redis, publisher, source: `HQ-OTHER-${process.pid}` });
    routes = createPromotionRoutes({
      service: createPromotionService({
        store: createPromotionStore(redis),
        publish: createPromotionPublisher({ redis, publisher }),
        stores: createStoreDirectory(redis, 0),
        skus: createSkuDirectory(redis, 0),
        topic: () => topic.inForce(),
      }),
      requirePrincipal: auth.http.requirePrincipal,
      log,
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await stopPublisher?.();
    auth?.close();
    redis?.disconnect();
  });

  it('a merchandiser drafts a regional promotion and publishes it: on hq.promotions, keyed by its id, with the region’s stores and Lisbon’s wall clock', async () => {
    const created = await create(regional);
    expect(created.status).toBe(201);
    const id = created.body.promotion.promotionId;
    mine.add(id);
    expect(created.body.promotion).toMatchObject({ status: 'draft', version: 1, createdBy: 'merch', published: null });
    expect(created.body.overlaps).toEqual([]);
    const published = await act('publish', id, { basedOn: 1 });
    expect(published.status).toBe(200);
    const start = localTimeToUtc(day(1), 8 * 60, 'Europe/Lisbon');
    const end = localTimeToUtc(day(8), 22 * 60, 'Europe/Lisbon');
    expect(published.body.promotion).toMatchObject({ status: 'scheduled', version: 3, published: { by: 'merch', storeIds: ['S001', 'S002'], startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() } });
    const [msg] = await topicOf(id, 1);
    const parsed = parseEvent(msg!.value);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    expect(msg!.value).toMatchObject({ type: 'promo.published', source: 'HQ-AUTHORING', id: published.body.promotion.published!.eventId });
    expect(msg!.value.payload).toEqual({
      promotionId: id,
      name: regional.name,
      kind: 'percent_off',
      value: 20,
      skus: regional.skus,
      storeIds: ['S001', 'S002'],
      region: 'Portugal',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(end).toISOString(),
      localStart: regional.localStart,
      localEnd: regional.localEnd,
    });
    // Published is not editable, and not publishable twice.
    expect((await call('edit', { method: 'PUT', path: `/api/v1/promotions/${id}`, docPath: '/api/v1/promotions/{promotionId}', id, body: { basedOn: 3, draft: regional } })).status).toBe(409);
    expect((await act('publish', id, { basedOn: 3 })).status).toBe(409);
  });

  it('names an overlap on the same SKUs, stores and days, and publishes over it only when acknowledged; a withdrawal follows on the topic', async () => {
    const chainOil = { ...regional, name: 'Oils: 3 for 2', kind: 'multi_buy', value: 2, buyQty: 3, skus: [], category: 'Oils', target: { scope: 'chain' }, localStart: `${day(5)}T00:00`, localEnd: `${day(12)}T00:00` };
    const created = await create(chainOil, 'admin');
    expect(created.status).toBe(201);
    const id = created.body.promotion.promotionId;
    mine.add(id);
    expect(created.body.overlaps).toHaveLength(1);
    expect(created.body.overlaps[0]).toMatchObject({ name: regional.name, skus: ['SKU-OIL-1', 'SKU-OIL-2'], skuCount: 2, storeIds: ['S001', 'S002'] });
    const refused = await act('publish', id, { basedOn: 1 }, 'admin');
    expect(refused.status).toBe(409);
    expect(refused.body.overlaps).toHaveLength(1);
    expect(await topicOf(id, 1, 2_000)).toEqual([]);
    const ok = await act('publish', id, { basedOn: 1, acknowledgeOverlaps: true }, 'admin');
    expect(ok.status).toBe(200);
    expect((await topicOf(id, 1))[0]!.value.payload).toMatchObject({ kind: 'multi_buy', value: 2, buyQty: 3, skus: [], category: 'Oils', storeIds: [] });

    const withdrawn = await act('withdraw', id, { basedOn: ok.body.promotion.version, reason: 'supplier shortage' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.promotion).toMatchObject({ status: 'withdrawn', withdrawn: { by: 'merch', reason: 'supplier shortage' } });
    const msgs = await topicOf(id, 2);
    expect(msgs.map((m) => m.value.type)).toEqual(['promo.published', 'promo.withdrawn']);
    expect(msgs[1]!.value.payload).toEqual({ promotionId: id, reason: 'supplier shortage' });
    expect((await act('withdraw', id, { basedOn: withdrawn.body.promotion.version, reason: 'again' })).status).toBe(409);
    // Withdrawn, it no longer overlaps anything.
    const list = (await call<PromotionsAnswer>('list', { path: '/api/v1/promotions', docPath: '/api/v1/promotions' })).body.promotions;
    expect(list.map((p) => [p.draft.name, p.status])).toEqual(expect.arrayContaining([[regional.name, 'scheduled'], ['Oils: 3 for 2', 'withdrawn']]));
    const running = (await call<PromotionsAnswer>('list', { path: '/api/v1/promotions?status=withdrawn', docPath: '/api/v1/promotions' })).body.promotions;
    expect(running.map((p) => p.promotionId)).toEqual([id]);
  });

  it('names an overlap with a promotion another HQ system put on hq.promotions, until that one is withdrawn', async () => {
    const otherId = `OTHER-${Date.now().toString(36)}`;
    await outside('promo.published', {
      promotionId: otherId,
      name: 'Dairy week (another system)',
      kind: 'percent_off',
      value: 10,
      skus: ['SKU-MILK'],
      storeIds: ['S003'],
      startsAt: new Date(localTimeToUtc(day(2), 0, 'Europe/Madrid')).toISOString(),
      endsAt: new Date(localTimeToUtc(day(4), 0, 'Europe/Madrid')).toISOString(),
    });
    const until = Date.now() + 30_000;
    while (!topic.inForce().some((p) => p.promotionId === otherId) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const draft = { ...regional, name: 'Milk deal', skus: ['SKU-MILK'], target: { scope: 'stores', storeIds: ['S003'] } };
    const { body } = await create(draft);
    expect(body.overlaps.map((o) => [o.promotionId, o.skus, o.storeIds])).toEqual([[otherId, ['SKU-MILK'], ['S003']]]);
    await outside('promo.withdrawn', { promotionId: otherId, reason: 'ended' });
    const gone = Date.now() + 30_000;
    while (topic.inForce().some((p) => p.promotionId === otherId) && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
    const again = await call<PromotionAnswer>('get', { path: `/api/v1/promotions/${body.promotion.promotionId}`, docPath: '/api/v1/promotions/{promotionId}', id: body.promotion.promotionId });
    expect(again.body.overlaps).toEqual([]);
  });

  it('guards every change with the version shown, and deletes a draft only', async () => {
    const { body } = await create({ ...regional, name: 'Milk', skus: ['SKU-MILK'], target: { scope: 'stores', storeIds: ['S003'] } });
    const id = body.promotion.promotionId;
    const edit = (basedOn: number, draft: unknown) => call<PromotionAnswer>('edit', { method: 'PUT', path: `/api/v1/promotions/${id}`, docPath: '/api/v1/promotions/{promotionId}', id, body: { basedOn, draft } });
    const edited = await edit(1, { ...regional, name: 'Milk, 50 cents off', kind: 'amount_off', value: 50, skus: ['SKU-MILK'], target: { scope: 'stores', storeIds: ['S003'] } });
    expect(edited.body.promotion).toMatchObject({ version: 2, draft: { name: 'Milk, 50 cents off' } });
    expect((await edit(1, regional)).status).toBe(409);
    expect((await act('publish', id, { basedOn: 1 })).status).toBe(409);
    const del = (basedOn: number) => call('remove', { method: 'DELETE', path: `/api/v1/promotions/${id}?basedOn=${basedOn}`, docPath: '/api/v1/promotions/{promotionId}', id });
    expect((await del(1)).status).toBe(409);
    expect((await del(2)).status).toBe(204);
    expect((await call('get', { path: `/api/v1/promotions/${id}`, docPath: '/api/v1/promotions/{promotionId}', id })).status).toBe(404);
  });

  it('names what is wrong in a draft by its field', async () => {
    const field = async (draft: unknown) => {
      const r = await create(draft);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      return (r.body as unknown as { field: string }).field;
    };
    expect(await field({ ...regional, value: 150 })).toBe('value');
    expect(await field({ ...regional, skus: ['SKU-NOPE'] })).toBe('skus.0');
    expect(await field({ ...regional, skus: [], category: 'Toys' })).toBe('category');
    expect(await field({ ...regional, target: { scope: 'region', region: 'Atlantis' } })).toBe('target.region');
    expect(await field({ ...regional, target: { scope: 'stores', storeIds: ['S001', 'S999'] } })).toBe('target.storeIds.1');
    expect(await field({ ...regional, localEnd: regional.localStart })).toBe('localEnd');
    expect(await field({ ...regional, localStart: `${day(1)}T25:00` })).toBe('localStart');
    expect(await field({ ...regional, kind: 'bundle', value: 900, skus: ['SKU-OIL-1'] })).toBe('skus');
    expect(await field({ ...regional, skus: [] })).toBe('skus');
    expect(await field({ ...regional, colour: 'red' })).toBe('colour');
    const past = await create({ ...regional, name: 'Over', localStart: `${day(-9)}T08:00`, localEnd: `${day(-2)}T08:00` });
    expect(past.status).toBe(201);
    const r = await act('publish', past.body.promotion.promotionId, { basedOn: 1 });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ field: 'localEnd' });
  });

  it('keeps store managers out, lets fraud analysts read but not author, and refuses another site and no session', async () => {
    const id = (await call<PromotionsAnswer>('list', { path: '/api/v1/promotions', docPath: '/api/v1/promotions' })).body.promotions[0]!.promotionId;
    expect((await call('list', { path: '/api/v1/promotions', docPath: '/api/v1/promotions', user: 'manager' })).status).toBe(403);
    expect((await call('get', { path: `/api/v1/promotions/${id}`, docPath: '/api/v1/promotions/{promotionId}', id, user: 'manager' })).status).toBe(403);
    for (const user of ['manager', 'fraud']) {
      expect((await create(regional, user)).status).toBe(403);
      expect((await act('publish', id, { basedOn: 1 }, user)).status).toBe(403);
      expect((await act('withdraw', id, { basedOn: 3, reason: 'no' }, user)).status).toBe(403);
    }
    expect((await call('list', { path: '/api/v1/promotions', docPath: '/api/v1/promotions', user: 'fraud' })).status).toBe(200);
    const foreign = await call<{ error: string }>('create', { method: 'POST', path: '/api/v1/promotions', docPath: '/api/v1/promotions', body: regional, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('forbidden_origin');
    expect((await call('list', { path: '/api/v1/promotions', docPath: '/api/v1/promotions', user: null })).status).toBe(401);
  });

  it('each web process reads hq.promotions in a group of its own that commits nothing and is deleted when it closes', async () => {
    const inForce = topic.inForce().map((p) => p.promotionId).sort();
    expect(inForce.length).toBeGreaterThan(0);
    const view = startTopicPromotions({ brokers: inject('kafkaBrokers'), log });
    const admin = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'promotions-int-admin', log }).admin();
    await admin.connect();
    try {
      // Read from the beginning: the same promotions in force as the first view's.
      await eventually('the second view reads the topic', () => view.inForce().map((p) => p.promotionId).sort(), (ids) => inForce.every((id) => ids.includes(id)), { timeoutMs: 30_000 });
      expect(view.groupId).not.toBe(topic.groupId);
      expect((await admin.describeGroups([view.groupId])).groups[0]!.state).toBe('Stable');
      view.inForce(); // a poll, at which other feeds commit what the previous one handed over
      const offsets = await admin.fetchOffsets({ groupId: view.groupId, topics: [TOPICS.hqPromotions.name] });
      expect(offsets[0]!.partitions.every((p) => p.offset === '-1')).toBe(true);
      await view.close();
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      expect(groups).not.toContain(view.groupId);
      expect(groups).toContain(topic.groupId);
    } finally {
      await view.close().catch(() => undefined);
      await admin.disconnect();
    }
  });
});
