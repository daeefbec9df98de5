import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import { createLogger } from '../lib/log';
import type { EffectAnswer, Estimate } from '../lib/promotions/effect-answers';
import type { PublishedPromotion } from '../lib/promotions/promotion-window';
import { redisKeys } from '../lib/redis-keys';
import { buildChain } from '../simulator/chain/build-chain';
import { promotionEvent, promotionListFeed } from '../simulator/promotions/promotion-feed';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedConcurrently } from '../workers/sink/testing/feed-concurrently';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { createEffectService } from '../server/promotions/effect-service';
import { createPromotionStore } from '../server/promotions/promotion-store';
import { createSkuDirectory } from '../server/promotions/sku-directory';

/**
 * Issue 9, "How it will be checked": a simulated chain of 6 stores over 9 days, the last two
 * with two promotions authored at HQ and read by the tills from the feed: 20 % off Bakery's
 * best sellers in Portugal's stores with a planted lift of 30 %, and 3 for 2 on Dairy's in
 * Spain North's with a planted lift of 0. The events go through the real history sink into
 * embedded ClickHouse (Redis database 12: integration files run one at a time and each flushes
 * its database), and the real effect service measures each against the week before and the
 * other regions' stores: the interval of the first holds 30 % and not 0, the second's holds 0;
 * the discounts given equal the simulator's truth to the cent.
 */
const DB = 12;
const DAY = 86_400_000;
const START = Date.parse('2026-11-02T00:00:00Z'); // a Monday
const PROMO_DAY = '2026-11-09';
const END = START + 9 * DAY;
const NOW = END + 3_600_000;
const OPTS = smallRun({ seed: 21, stores: 6, tills: 3, skus: 300, dishonest: 0, start: START, liveFrom: START, end: END });
const chain = buildChain(OPTS);
const top = (category: string) => chain.skus.filter((s) => s.category === category).slice(0, 12).map((s) => s.sku);
const storesOf = (region: string) => chain.stores.filter((s) => s.region === region).map((s) => s.id);

const promo = (promotionId: string, p: Pick<PublishedPromotion, 'kind' | 'value' | 'skus' | 'storeIds' | 'region'>): PublishedPromotion => ({
  promotionId,
  name: promotionId,
  ...p,
  startsAt: `${PROMO_DAY}T07:00:00Z`,
  endsAt: `2026-11-10T21:00:00Z`,
  localStart: `${PROMO_DAY}T08:00`,
  localEnd: `2026-11-10T22:00`,
});
const LIFT = promo('P-LIFT', { kind: 'percent_off', value: 20, skus: top('Bakery'), storeIds: storesOf('Portugal'), region: 'Portugal' });
const FLAT = promo('P-FLAT', { kind: 'multi_buy', value: 2, skus: top('Dairy & Eggs'), storeIds: storesOf('Spain North'), region: 'Spain North' });

const holds = (e: Estimate, x: number) => e.status === 'measured' && e.low <= x && x <= e.high;

describe('a promotion’s effect, measured against the planted truth', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let ch: ClickHouseClient;
  let truth: { promotions: Record<string, { lift: number; stores: Record<string, { days: Record<string, { discount: number; units: number; counterfactualUnits: number }> }> }> };
  const effects: Record<string, EffectAnswer> = {};

  beforeAll(async () => {
    const phase = (what: string) => process.stderr.write(`${new Date().toISOString()} promotion-effect: ${what}\n`);
    phase('simulating');
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    const feed = promotionListFeed([promotionEvent(Date.parse(`${PROMO_DAY}T00:00:00Z`), 'promo.published', LIFT), promotionEvent(Date.parse(`${PROMO_DAY}T00:00:00Z`), 'promo.published', FLAT)]);
    const sim = await runInMemory({ ...OPTS, promotions: { mode: 'hq', lift: 0.2, cannibalisation: 0.05, liftById: { 'P-LIFT': 0.3, 'P-FLAT': 0 } } }, undefined, feed);
    truth = sim.truth as typeof truth;
    phase(`feeding ${sim.deliveries.length} deliveries to the sink`);

    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'promotion-effect'), database: 'default' });
    await migrate(ch, log);
    const rnd = Array.from({ length: 12 }, (_, p) => seededRandom(5 + p));
    const tills = sim.deliveries.filter((d) => d.topic === 'pos.events');
    // Every partition at once, as the harness feeds the sink (it groups the batches in hand into one insert).
    const fed = await feedConcurrently(createSinkWorker({ clickhouse: ch, redis, log, scope: `promotion-effect-${process.pid}` }), partitionByKey(tills, 12), (p) => 1 + Math.floor(rnd[p]!() * 2000));
    expect(fed.dlq).toBe(0);
    phase('measuring');

    // Master data as the live aggregator keeps it, and the two promotions as if authored and published here.
    for (const s of chain.stores) await redis.hset(redisKeys.stores(), s.id, JSON.stringify({ name: s.name, region: s.region, timezone: s.timezone, currency: 'EUR', tills: [] }));
    for (const s of chain.skus) await redis.hset(redisKeys.skus(), s.sku, JSON.stringify({ sku: s.sku, name: s.name, category: s.category, price: s.price }));
    const store = createPromotionStore(redis);
    for (const p of [LIFT, FLAT]) {
      await store.save(
        {
          promotionId: p.promotionId,
          state: 'published',
          draft: { name: p.name, kind: p.kind, value: p.value, skus: p.skus, target: { scope: 'region', region: p.region! }, localStart: p.localStart!, localEnd: p.localEnd! },
          createdBy: 'merch',
          createdAt: new Date(START).toISOString(),
          updatedBy: 'merch',
          updatedAt: new Date(START).toISOString(),
          published: { by: 'merch', at: new Date(START).toISOString(), storeIds: p.storeIds, startsAt: p.startsAt, endsAt: p.endsAt, eventId: 'x' },
          withdrawn: null,
        },
        'new',
      );
    }
    const service = createEffectService({ ch, store, stores: createStoreDirectory(redis, 0), skus: createSkuDirectory(redis, 0), now: () => NOW });
    for (const p of [LIFT, FLAT]) effects[p.promotionId] = await service.effect(p.promotionId);
    phase('measured');
  }, 600_000);

  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('finds the planted 30 % in Portugal: its interval holds 30 % and not 0, compared with the week before and the other regions', () => {
    const e = effects['P-LIFT']!;
    expect(e.design).toMatchObject({ method: 'did', treatedStores: storesOf('Portugal'), baselineWeeks: 1 });
    expect(e.design.controlStores).toHaveLength(4);
    expect(e.design.hours).toBeGreaterThan(20);
    expect(holds(e.promoted.uplift, 0.3), JSON.stringify(e.promoted.uplift)).toBe(true);
    expect(holds(e.promoted.uplift, 0), JSON.stringify(e.promoted.uplift)).toBe(false);
    // The truth's own incremental units (what sold less what the shoppers would have bought) lie in the interval.
    let incremental = 0;
    for (const s of Object.values(truth.promotions['P-LIFT']!.stores)) for (const d of Object.values(s.days)) incremental += d.units - d.counterfactualUnits;
    expect(incremental).toBeGreaterThan(0);
    expect(holds(e.promoted.incrementalUnits, incremental), `${incremental} ${JSON.stringify(e.promoted.incrementalUnits)}`).toBe(true);
    expect(e.promoted.netIncrementalMargin.status).toBe('unavailable');
    expect(e.series.length).toBeGreaterThan(10);
  });

  it('finds nothing where nothing was planted: the interval of Spain North’s 3 for 2 holds 0', () => {
    const e = effects['P-FLAT']!;
    expect(e.design.treatedStores).toEqual(storesOf('Spain North'));
    expect(holds(e.promoted.uplift, 0), JSON.stringify(e.promoted.uplift)).toBe(true);
  });

  it('counts the discounts given to the cent, as the simulator’s truth does', () => {
    for (const p of [LIFT, FLAT]) {
      let discount = 0;
      for (const s of Object.values(truth.promotions[p.promotionId]!.stores)) for (const d of Object.values(s.days)) discount += d.discount;
      expect(discount).toBeGreaterThan(0);
      expect(effects[p.promotionId]!.promoted.discountCost, p.promotionId).toBe(discount);
    }
  });

  it('compares baskets and checkout speed of receipts with and without the promoted SKUs, each with an interval', () => {
    const b = effects['P-LIFT']!.baskets;
    for (const g of [b.withPromoted, b.withoutPromoted]) {
      expect(g.receipts).toBeGreaterThan(30);
      for (const est of [g.basketValue, g.basketItems, g.checkoutSeconds, g.itemsPerMinute]) expect(est.status).toBe('measured');
    }
    // Receipts with the promoted SKUs hold more items than those without.
    expect(b.withPromoted.basketItems.status === 'measured' && b.withoutPromoted.basketItems.status === 'measured' && b.withPromoted.basketItems.value > b.withoutPromoted.basketItems.value).toBe(true);
  });
});
