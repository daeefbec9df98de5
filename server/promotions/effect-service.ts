import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { EffectAnswer, EffectHour, GroupStats } from '../../lib/promotions/effect-answers';
import { CONFIDENCE, DEFAULT_EFFECT_OPTIONS, estimateEffect, meanEstimate, ratioEstimate, type EffectOptions } from '../../lib/promotions/effect-stats';
import { localTimeToUtc } from '../../lib/time/local-time';
import { effectCells, type StoreWindow } from './effect-cells';
import { BASKETS_SQL, DISCOUNT_HOURS_SQL, FIRST_HOUR_SQL, SKU_HOURS_SQL, dateTimeParam, windowParams, type BasketRow, type DiscountHourRow, type SkuHourRow } from './effect-queries';
import { PromotionRefused, type SkuInfo } from './promotion-service';
import type { PromotionStore, StoredPromotion } from './promotion-store';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
export const MAX_BASELINE_WEEKS = 4;


const wallClock = (local: string, tz: string) => localTimeToUtc(local.slice(0, 10), Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)), tz);

/**
 * A published promotion's effect so far (issue 9, deliverable 3; docs/kpis.md "Promotions:
 * effect"): its stores' units of the promoted SKUs, hour by hour, against the same hours of up
 * to four previous weeks and, where it runs in some stores only, against the stores without it
 * (difference in differences); the rest of its categories the same way; baskets and checkout
 * speed of the receipts with and without its SKUs. Every estimate with a 95 % interval or the
 * reason there is none yet (lib/promotions/effect-stats.ts).
 */
export function createEffectService(d: {
  ch: ClickHouseClient;
  store: Pick<PromotionStore, 'get'>;
  stores: () => Promise<Map<string, StoreInfo>>;
  skus: () => Promise<Map<string, SkuInfo>>;
  now?: () => number;
  options?: Partial<EffectOptions>;
  cacheMs?: number;
}) {
  const now = d.now ?? Date.now;
  const rows = async <T>(query: string, query_params: Record<string, unknown>): Promise<T[]> => (await d.ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();

  /** Each store's window: the wall-clock times in its timezone, ended early by a withdrawal, and not past now. */
  function windowsOf(p: StoredPromotion, stores: StoreInfo[]): Map<string, StoreWindow> {
    const stop = Math.min(now(), p.withdrawn ? Date.parse(p.withdrawn.at) : Infinity);
    return new Map(stores.map((s) => [s.storeId, { from: wallClock(p.draft.localStart, s.timezone), to: Math.min(wallClock(p.draft.localEnd, s.timezone), stop), timezone: s.timezone }]));
  }

  async function skuHours(stores: string[], skus: string[], from: number, to: number): Promise<Map<string, { units: number; value: number }>> {
    if (stores.length === 0 || skus.length === 0) return new Map();
    const list = await rows<SkuHourRow>(SKU_HOURS_SQL, { stores, skus, from: dateTimeParam(from), to: dateTimeParam(to) });
    return new Map(list.map((r) => [`${r.storeId}|${Number(r.hourMs)}`, { units: Number(r.units), value: Number(r.value) }]));
  }

  function groupStats(r: BasketRow | undefined): GroupStats {
    const n = Number(r?.n ?? 0);
    const m = (sum: number | undefined, sum2: number | undefined) => ({ n, sumX: Number(sum ?? 0), sumX2: Number(sum2 ?? 0) });
    return {
      receipts: n,
      basketValue: meanEstimate(m(r?.st, r?.st2)),
      basketItems: meanEstimate(m(r?.si, r?.si2)),
      checkoutSeconds: meanEstimate(m(r?.ss, r?.ss2)),
      itemsPerMinute: ratioEstimate(m(r?.si, r?.si2), m(r?.sm, r?.sm2), Number(r?.sim ?? 0)),
    };
  }

  /** Answers kept a few seconds per promotion: every viewer of a running promotion asks every 20 s, ClickHouse answers once. */
  const cacheMs = d.cacheMs ?? 10_000;
  const cache = new Map<string, { at: number; answer: Promise<EffectAnswer> }>();

  return {
    effect(promotionId: string): Promise<EffectAnswer> {
      const hit = cache.get(promotionId);
      if (hit && now() - hit.at < cacheMs) return hit.answer;
      const answer = measure(promotionId);
      cache.set(promotionId, { at: now(), answer });
      answer.catch(() => cache.delete(promotionId));
      for (const [id, c] of cache) if (now() - c.at >= cacheMs) cache.delete(id);
      return answer;
    },
  };

  async function measure(promotionId: string): Promise<EffectAnswer> {
    const p = await d.store.get(promotionId);
    if (!p) throw new PromotionRefused(404, `no promotion ${promotionId}`);
    if (!p.published) throw new PromotionRefused(409, `promotion ${promotionId} is a draft: its effect is measured once it is published`);
    const [all, skuMap] = await Promise.all([d.stores(), d.skus()]);
    const treatedIds = new Set(p.published.storeIds);
    const treated = [...all.values()].filter((s) => treatedIds.has(s.storeId));
    const controls = p.draft.target.scope === 'chain' ? [] : [...all.values()].filter((s) => !treatedIds.has(s.storeId));
    const tw = windowsOf(p, treated);
    const cw = windowsOf(p, controls);

    const promoted = new Set(p.draft.skus);
    if (p.draft.category !== undefined) for (const s of skuMap.values()) if (s.category === p.draft.category) promoted.add(s.sku);
    const categories = [...new Set([...promoted].map((s) => skuMap.get(s)?.category).filter((c): c is string => c !== undefined))].sort();
    const rest = p.draft.category !== undefined ? [] : [...skuMap.values()].filter((s) => categories.includes(s.category) && !promoted.has(s.sku)).map((s) => s.sku);

    const storeIds = [...tw.keys(), ...cw.keys()];
    const windows = [...tw.values(), ...cw.values()];
    const first = (await rows<{ first: number; n: number }>(FIRST_HOUR_SQL, { stores: storeIds }))[0];
    const start = Math.ceil(Math.min(...windows.map((w) => w.from)) / HOUR) * HOUR;
    const end = Math.max(...windows.map((w) => w.to));
    const weeks = first && Number(first.n) > 0 ? Math.max(0, Math.min(MAX_BASELINE_WEEKS, Math.floor((start - Number(first.first)) / WEEK))) : 0;
    // An hour earlier still: across a DST change a baseline hour is an hour off the whole weeks.
    const from = start - weeks * WEEK - HOUR;

    const measured = end > start;
    const [sold, soldRest, discountRows, baskets] = await Promise.all([
      skuHours(storeIds, [...promoted], from, end),
      skuHours(storeIds, rest, from, end),
      // Discounts of receipts still open at the end are given after it: read two hours on.
      measured ? rows<DiscountHourRow>(DISCOUNT_HOURS_SQL, { ...windowParams(new Map([...tw].map(([id, w]) => [id, { from: w.from, to: Math.min(now(), w.to + 2 * HOUR) }]))), promotionId }) : Promise.resolve([]),
      measured ? rows<BasketRow>(BASKETS_SQL, { ...windowParams(tw), skus: [...promoted] }) : Promise.resolve([]),
    ]);
    const discounts = new Map(discountRows.map((r) => [`${r.storeId}|${Number(r.hourMs)}`, Number(r.discount)]));
    const opts: EffectOptions = { ...DEFAULT_EFFECT_OPTIONS, seed: promotionId, ...d.options };
    const noBaseline = weeks === 0;
    const tCells = effectCells(tw, sold, discounts, weeks);
    const cCells = effectCells(cw, sold, new Map(), weeks);
    const e = estimateEffect(noBaseline ? [] : tCells, noBaseline ? [] : cCells, opts);
    const reasonNoBaseline = { status: 'not_enough_data' as const, reason: 'history holds no earlier week of these stores to compare with' };
    const sum = (k: 'units' | 'value' | 'discount' | 'baseUnits') => tCells.reduce((n, c) => n + c[k], 0);
    const grossRevenue = sum('value');
    // Every discount it gave (not only those of whole hours measured), on receipts that stand.
    const discountCost = discountRows.reduce((n, r) => n + Number(r.discount), 0);

    let category: EffectAnswer['category'] = null;
    if (rest.length > 0) {
      const rc = estimateEffect(noBaseline ? [] : effectCells(tw, soldRest, new Map(), weeks), noBaseline ? [] : effectCells(cw, soldRest, new Map(), weeks), opts);
      category = { categories, skus: rest.length, units: rc.units, baselineUnits: rc.baselineUnits, uplift: noBaseline ? reasonNoBaseline : rc.uplift, incrementalUnits: noBaseline ? reasonNoBaseline : rc.incrementalUnits };
    }

    const byHour = new Map<number, EffectHour>();
    for (const c of tCells) {
      const h = byHour.get(c.hour) ?? { hour: new Date(c.hour).toISOString(), units: 0, expectedUnits: 0 };
      h.units += c.units;
      h.expectedUnits += c.baseUnits * e.factor;
      byHour.set(c.hour, h);
    }
    const currencies = new Set(treated.map((s) => s.currency));
    const hours = new Set(tCells.map((c) => c.hour));
    return {
      promotionId,
      name: p.draft.name,
      currency: currencies.size === 1 ? [...currencies][0]! : null,
      design: {
        method: controls.length > 0 ? 'did' : 'baseline',
        treatedStores: treated.map((s) => s.storeId),
        controlStores: controls.map((s) => s.storeId),
        baselineWeeks: weeks,
        hours: tCells.length,
        from: hours.size ? new Date(Math.min(...hours)).toISOString() : null,
        to: hours.size ? new Date(Math.max(...hours) + HOUR).toISOString() : null,
        confidence: CONFIDENCE,
        resamples: opts.resamples,
      },
      promoted: {
        skus: promoted.size,
        units: sum('units'),
        baselineUnits: sum('baseUnits'),
        uplift: noBaseline ? reasonNoBaseline : e.uplift,
        incrementalUnits: noBaseline ? reasonNoBaseline : e.incrementalUnits,
        grossRevenue,
        discountCost,
        netRevenue: grossRevenue - sum('discount'),
        incrementalRevenue: noBaseline ? reasonNoBaseline : e.incrementalRevenue,
        netIncrementalMargin: { status: 'unavailable', reason: 'master data carries list prices only (sku.upserted has no cost price): margin cannot be computed' },
      },
      category,
      baskets: { withPromoted: groupStats(baskets.find((b) => Number(b.promoted) === 1)), withoutPromoted: groupStats(baskets.find((b) => Number(b.promoted) === 0)) },
      series: [...byHour.values()].sort((a, b) => (a.hour < b.hour ? -1 : 1)).map((h) => ({ ...h, expectedUnits: Math.round(h.expectedUnits * 100) / 100 })),
      generatedAt: new Date(now()).toISOString(),
    };
  }
}

export type EffectService = ReturnType<typeof createEffectService>;
