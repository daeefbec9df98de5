import { beforeAll, describe, expect, it } from 'vitest';
import { skuCoverage } from '../../lib/promotions/promotion-coverage';
import { promotionDiscounts, type BasketLine } from '../../lib/promotions/promotion-discount';
import { isActiveAt, storeWindow, type PublishedPromotion } from '../../lib/promotions/promotion-window';
import { localDay } from '../../lib/time/local-time';
import { buildChain } from '../chain/build-chain';
import { runInMemory, smallRun } from '../testing/run-in-memory';
import { Promotions } from '../world/promotions';
import { TAKE_IN_EVERY_MS } from './hq-promotions';
import { parsePromotionEvent, promotionEvent, promotionListFeed, type PromotionEvent } from './promotion-feed';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Truth = any;

const DAY = '2026-11-20';
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00Z`);
const OPTS = smallRun({ stores: 4, end: Date.parse('2026-11-21T00:00:00Z') });
const chain = buildChain(OPTS);
const pantry = chain.skus.filter((s) => s.category === 'Pantry').slice(0, 20);
const everyday = chain.skus.filter((s) => s.multiBuy && s.category !== 'Pantry').slice(0, 30);
const bundleSkus = chain.skus.filter((s) => s.category === 'Dairy & Eggs').slice(0, 2);
const portugal = chain.stores.filter((s) => s.region === 'Portugal').map((s) => s.id);
const calendarB = `PROMO-W${Promotions.weekOf(at('12:00'))}-B`;

const published = (p: Omit<PublishedPromotion, 'name'>): PublishedPromotion => ({ name: p.promotionId, ...p });
/** 20 % off Pantry best sellers in Portugal's stores, 10:00 to 18:00 in each store's local time. */
const REGIONAL = published({
  promotionId: 'P-PT',
  kind: 'percent_off',
  value: 20,
  skus: pantry.map((s) => s.sku),
  storeIds: portugal,
  region: 'Portugal',
  startsAt: `${DAY}T10:00:00Z`,
  endsAt: `${DAY}T18:00:00Z`,
  localStart: `${DAY}T10:00`,
  localEnd: `${DAY}T18:00`,
});
/** 3 for 2 on everyday items everywhere, 12:00 to 20:00 local: with a planted lift of 0. */
const MULTI = published({
  promotionId: 'P-ZERO',
  kind: 'multi_buy',
  value: 2,
  skus: everyday.map((s) => s.sku),
  storeIds: [],
  startsAt: `${DAY}T11:00:00Z`,
  endsAt: `${DAY}T20:00:00Z`,
  localStart: `${DAY}T12:00`,
  localEnd: `${DAY}T20:00`,
});
/** Two dairy products for 1 cent less than they cost together, all day; withdrawn at 15:00. */
const BUNDLE = published({
  promotionId: 'P-BUNDLE',
  kind: 'bundle',
  value: bundleSkus[0]!.price + bundleSkus[1]!.price - 50,
  skus: bundleSkus.map((s) => s.sku),
  storeIds: [],
  startsAt: `${DAY}T00:00:00Z`,
  endsAt: `${DAY}T23:59:00Z`,
});
const AUTHORED = [REGIONAL, MULTI, BUNDLE];
const EVENTS: PromotionEvent[] = [
  promotionEvent(at('06:00'), 'promo.published', REGIONAL),
  promotionEvent(at('06:00'), 'promo.published', MULTI),
  promotionEvent(at('00:00'), 'promo.published', BUNDLE),
  promotionEvent(at('15:00'), 'promo.withdrawn', { promotionId: 'P-BUNDLE', reason: 'supplier shortage' }),
  promotionEvent(at('16:00'), 'promo.withdrawn', { promotionId: calendarB, reason: 'ends early' }),
];
const PUBLISHED_AT: Record<string, number> = { 'P-PT': at('06:00'), 'P-ZERO': at('06:00'), 'P-BUNDLE': at('00:00') };
const WITHDRAWN_AT: Record<string, number> = { 'P-BUNDLE': at('15:00') };

interface Receipt {
  storeId: string;
  openedAt: number;
  /** When the till decided the receipt's promotions: at its opening (what the feed had brought by then counts). */
  decidedAt: number;
  lines: Map<number, BasketLine & { voided: boolean }>;
  discounts: { promotionId?: string; kind: string; amount: number; lineId?: number; t: number; decidedAt: number }[];
  closedAt?: number;
  postVoidedAt?: number;
}

function receiptsOf(jsons: string[]): Map<string, Receipt> {
  const receipts = new Map<string, Receipt>();
  const last = new Map<string, number>();
  for (const json of jsons) {
    const e = JSON.parse(json) as { type: string; source: string; receiptId?: string; storeId: string; occurredAt: string; payload: any };
    const t = Date.parse(e.occurredAt);
    // A source's first event is decided when the run is set up, before the feed's first step.
    const decidedAt = last.get(e.source) ?? OPTS.start - 1;
    last.set(e.source, t);
    if (!e.receiptId) continue;
    // A receipt takes the authored promotions as known when its opening is emitted.
    if (e.type === 'pos.receipt.opened') receipts.set(e.receiptId, { storeId: e.storeId, openedAt: t, decidedAt: t, lines: new Map(), discounts: [] });
    const r = receipts.get(e.receiptId);
    if (!r) continue;
    const p = e.payload;
    if (e.type === 'pos.item.added') r.lines.set(p.lineId, { lineId: p.lineId, sku: p.sku, qty: p.qty, unitPrice: p.unitPrice, voided: false });
    if (e.type === 'pos.item.voided') r.lines.get(p.lineId)!.voided = true;
    if (e.type === 'pos.price.overridden') r.lines.get(p.lineId)!.unitPrice = p.newPrice;
    if (e.type === 'pos.discount.applied') r.discounts.push({ ...p, t, decidedAt });
    if (e.type === 'pos.receipt.closed') r.closedAt = t;
    if (e.type === 'pos.receipt.postvoided') r.postVoidedAt = t;
  }
  return receipts;
}

const categoryOf = new Map(chain.skus.map((s) => [s.sku, s.category]));
const coverage = new Map(AUTHORED.map((p) => [p.promotionId, skuCoverage(p, (sku) => categoryOf.get(sku))]));
const storeOf = (id: string) => ({ storeId: id, timezone: chain.stores.find((s) => s.id === id)!.timezone });
/** Feed events are taken in at the first step (every 10 simulated seconds) at or after their time. */
const takenIn = (t: number) => Math.ceil((t - OPTS.start) / TAKE_IN_EVERY_MS) * TAKE_IN_EVERY_MS + OPTS.start;
/** Whether a receipt applies the promotion: known when the till decided it, and active when it opened. */
const appliesTo = (p: PublishedPromotion, r: Receipt) => {
  if (takenIn(PUBLISHED_AT[p.promotionId]!) > r.decidedAt) return false;
  const withdrawn = WITHDRAWN_AT[p.promotionId];
  return isActiveAt(p, storeOf(r.storeId), r.openedAt, withdrawn !== undefined && takenIn(withdrawn) <= r.decidedAt ? takenIn(withdrawn) : undefined);
};

describe('the tills apply promotions authored at HQ', () => {
  let receipts: Map<string, Receipt>;
  let truth: Truth;

  beforeAll(async () => {
    for (const e of EVENTS) expect(parsePromotionEvent(JSON.parse(JSON.stringify(e))).ok, e.payload.promotionId).toBe(true);
    const run = await runInMemory(
      { ...OPTS, promotions: { mode: 'hq', lift: 0.3, cannibalisation: 0.05, liftById: { 'P-ZERO': 0 } } },
      undefined,
      promotionListFeed(EVENTS),
    );
    receipts = receiptsOf(run.deliveries.map((d) => d.json));
    truth = run.truth;
  }, 60_000);

  it('applies each only in the stores it targets, only inside each store’s local window, with its promotionId', () => {
    const firstPerStore = new Map<string, number>();
    for (const r of receipts.values()) {
      for (const d of r.discounts) {
        const p = AUTHORED.find((a) => a.promotionId === d.promotionId);
        if (!p) continue;
        expect(d.kind).toBe('promotion');
        expect(appliesTo(p, r), `${p.promotionId} at ${r.storeId} ${new Date(r.openedAt).toISOString()}`).toBe(true);
        const key = `${p.promotionId}|${r.storeId}`;
        firstPerStore.set(key, Math.min(firstPerStore.get(key) ?? Infinity, r.openedAt));
      }
    }
    // The regional one in Portugal's stores only; the others everywhere.
    expect([...firstPerStore.keys()].filter((k) => k.startsWith('P-PT|')).sort()).toEqual(portugal.map((s) => `P-PT|${s}`).sort());
    for (const s of chain.stores) expect(firstPerStore.has(`P-ZERO|${s.id}`), s.id).toBe(true);
    // Each store starts the multi-buy at noon of its own clock: Madrid an hour before Lisbon in UTC.
    for (const s of chain.stores) {
      const w = storeWindow(MULTI, s.timezone);
      expect(w.from).toBe(s.timezone === 'Europe/Lisbon' ? at('12:00') : at('11:00'));
      expect(firstPerStore.get(`P-ZERO|${s.id}`)! - w.from).toBeLessThan(30 * 60_000);
    }
  });

  it('gives on every receipt exactly the discounts the promotions module computes', () => {
    let checked = 0;
    for (const r of receipts.values()) {
      if (r.closedAt === undefined) continue;
      const kept = [...r.lines.values()].filter((l) => !l.voided);
      for (const p of AUTHORED) {
        const expected = appliesTo(p, r) ? promotionDiscounts(p, kept, coverage.get(p.promotionId)!) : [];
        const got = r.discounts.filter((d) => d.promotionId === p.promotionId).map((d) => ({ lineId: d.lineId, amount: d.amount }));
        expect(got).toEqual(expected);
        checked += expected.length;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('ends a promotion at its withdrawal, a calendar one too', () => {
    const bundle = [...receipts.values()].filter((r) => r.discounts.some((d) => d.promotionId === 'P-BUNDLE'));
    expect(bundle.length).toBeGreaterThan(0);
    for (const r of bundle) expect(r.decidedAt).toBeLessThan(at('15:00'));
    expect(Math.max(...bundle.map((r) => r.openedAt))).toBeLessThan(at('15:15'));
    const calendar = [...receipts.values()].flatMap((r) => r.discounts.filter((d) => d.promotionId === calendarB));
    expect(calendar.some((d) => d.t < at('16:00'))).toBe(true);
    expect(calendar.filter((d) => d.decidedAt >= at('16:00'))).toEqual([]);
  });

  it('records in the truth, per store and local day, the units, revenue, discount and receipts the events show', () => {
    for (const p of AUTHORED) {
      const want = new Map<string, { units: number; gross: number; discount: number; receipts: number }>();
      for (const r of receipts.values()) {
        if (r.closedAt === undefined || !appliesTo(p, r)) continue;
        const mine = [...r.lines.values()].filter((l) => !l.voided && coverage.get(p.promotionId)!(l.sku));
        if (mine.length === 0) continue;
        const signs: [number, number][] = [[r.closedAt, 1], ...(r.postVoidedAt === undefined ? [] : [[r.postVoidedAt, -1] as [number, number]])];
        for (const [t, sign] of signs) {
          const key = `${r.storeId}|${localDay(t, storeOf(r.storeId).timezone)}`;
          const w = want.get(key) ?? { units: 0, gross: 0, discount: 0, receipts: 0 };
          w.units += sign * mine.reduce((s, l) => s + l.qty, 0);
          w.gross += sign * mine.reduce((s, l) => s + l.qty * l.unitPrice, 0);
          w.discount += sign * r.discounts.filter((d) => d.promotionId === p.promotionId).reduce((s, d) => s + d.amount, 0);
          w.receipts += sign;
          want.set(key, w);
        }
      }
      const got = new Map<string, { units: number; gross: number; discount: number; receipts: number }>();
      for (const [storeId, s] of Object.entries<any>(truth.promotions[p.promotionId].stores)) {
        for (const [day, d] of Object.entries<any>(s.days)) {
          if (d.receipts === 0 && d.units === 0) continue;
          expect(d.net).toBe(d.gross - d.discount);
          got.set(`${storeId}|${day}`, { units: d.units, gross: d.gross, discount: d.discount, receipts: d.receipts });
        }
      }
      expect(Object.fromEntries(got), p.promotionId).toEqual(Object.fromEntries(want));
    }
  });

  it('plants the lift: units are (1 + lift) × the counterfactual, to within a few units; a lift of 0 changes nothing', () => {
    expect(truth.promotions['P-PT']).toMatchObject({ lift: 0.3, cannibalisation: 0.05, kind: 'percent_off' });
    expect(truth.promotions['P-ZERO']).toMatchObject({ lift: 0, cannibalisation: 0.05 });
    const totals = (id: string) => {
      const t = { units: 0, counterfactualUnits: 0, cannibalisedLines: 0 };
      for (const s of Object.values<any>(truth.promotions[id].stores)) {
        for (const d of Object.values<any>(s.days)) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += d[k];
      }
      return t;
    };
    for (const storeId of portugal) {
      const days = Object.values<any>(truth.promotions['P-PT'].stores[storeId].days);
      const units = days.reduce((s, d) => s + d.units, 0);
      const cf = days.reduce((s, d) => s + d.counterfactualUnits, 0);
      expect(cf).toBeGreaterThan(50);
      // The carry gives ⌊0.3 × Σq⌋ extra units per store; lines voided after the lift move it by a unit or two.
      expect(Math.abs(units - 1.3 * cf)).toBeLessThanOrEqual(3);
    }
    const zero = totals('P-ZERO');
    expect(zero.counterfactualUnits).toBeGreaterThan(50);
    expect(zero.units).toBe(zero.counterfactualUnits);
    // Cannibalisation: shoppers left out some of the Pantry lines that are not promoted.
    expect(totals('P-PT').cannibalisedLines).toBeGreaterThan(0);
  });

  it('changes nothing without authored promotions: an hq run with an empty feed is the calendar-only run', async () => {
    const short = { ...OPTS, end: at('08:00') };
    const plain = await runInMemory(short);
    const hq = await runInMemory({ ...short, promotions: { mode: 'hq', lift: 0.3, cannibalisation: 0.05 } }, undefined, promotionListFeed([]));
    expect(hq.deliveries.map((d) => d.json)).toEqual(plain.deliveries.map((d) => d.json));
    expect(JSON.stringify(hq.truth)).toBe(JSON.stringify(plain.truth));
  }, 60_000);
});
