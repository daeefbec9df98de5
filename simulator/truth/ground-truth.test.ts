import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../lib/contract/parse-event';
import { referenceKpis, type ReferenceKpis } from '../testing/reference-kpis';
import { runInMemory, smallRun } from '../testing/run-in-memory';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Truth = any;

describe('ground truth', () => {
  let truth: Truth;
  let ref: ReferenceKpis;
  let malformedDelivered = 0;

  beforeAll(async () => {
    const offline = { storeId: 'S003', from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:30:00Z') };
    // Four days (Friday to Monday), so that nightly counts, transfers and deliveries happen, with every fault on.
    const opts = smallRun({ end: Date.parse('2026-11-24T00:00:00Z'), faults: { duplicates: 0.01, malformed: 0.002, offline: [offline] } });
    const run = await runInMemory(opts);
    truth = run.truth;
    malformedDelivered = run.deliveries.filter((d) => d.kind === 'malformed').length;
    ref = referenceKpis(run.deliveries, (raw) => parseEvent(raw).ok);
  }, 60_000);

  it('has the sales KPIs per store-local day that the events give, to the cent', () => {
    expect(Object.keys(truth.stores)).toEqual(['S001', 'S002', 'S003']);
    for (const [store, t] of Object.entries<any>(truth.stores)) {
      const days = Object.fromEntries(ref.days.get(store)!);
      expect(t.days).toEqual(days);
      expect(t.total.receipts).toBeGreaterThan(1000);
    }
  });

  it('has the sales KPIs per store per minute (event time) that the events give', () => {
    for (const [store, t] of Object.entries<any>(truth.stores)) {
      expect(t.minutes).toEqual(Object.fromEntries(ref.minutes.get(store)!));
    }
  });

  it('has web-shop net sales per fulfilling location', () => {
    for (const [loc, w] of Object.entries<any>(truth.webShop)) expect(w.net).toBe(ref.web.get(loc) ?? 0);
    expect([...ref.web.keys()].sort()).toEqual(Object.keys(truth.webShop));
  });

  it('has the stock per SKU × location at the end (latest count plus movements after it)', () => {
    let moved = 0;
    for (const [loc, skus] of Object.entries<any>(truth.stock)) {
      for (const [sku, s] of Object.entries<any>(skus)) {
        expect(s.onHand, `${loc} ${sku}`).toBe(ref.onHand.get(`${loc}:${sku}`) ?? 0);
        expect(s.reserved, `${loc} ${sku} reserved`).toBe(ref.reserved.get(`${loc}:${sku}`) ?? 0);
        if (s.reserved > 0) moved++;
      }
    }
    expect(moved).toBeGreaterThan(0);
    expect(truth.eventsByType['stock.transferred']).toBeGreaterThan(0);
    expect(truth.eventsByType['stock.received']).toBeGreaterThan(0);
  });

  it('counts each exception type per cashier', () => {
    for (const [cashier, e] of Object.entries<any>(truth.exceptions)) {
      const r = ref.exceptions.get(cashier) ?? {};
      for (const kind of ['lineVoids', 'receiptVoids', 'postVoids', 'refundsWithReceipt', 'refundsWithoutReceipt', 'noSaleOpens', 'priceOverrides', 'employeeDiscounts', 'cashShortages']) {
        expect(e[kind], `${cashier} ${kind}`).toBe(r[kind] ?? 0);
      }
    }
  });

  it('says which events were duplicated and which were malformed', () => {
    expect(truth.duplicates).toBe(ref.duplicates);
    expect(truth.duplicates).toBeGreaterThan(100);
    expect(truth.malformed.length).toBe(malformedDelivered);
    expect(ref.unparseable).toBe(malformedDelivered);
    for (const m of truth.malformed) expect(m.reason).toMatch(/\w/);
  });
});
