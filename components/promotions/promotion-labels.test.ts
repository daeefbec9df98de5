import { describe, expect, it } from 'vitest';
import type { StoreInfo } from '@/lib/kpis/store-answers';
import { currencyOf, itemsLabel, offerLabel, storesOf, targetLabel, windowLabel } from './promotion-labels';

const s = (storeId: string, region: string, currency = 'EUR'): StoreInfo => ({ storeId, name: storeId, region, timezone: 'Europe/Lisbon', currency, tills: [] });

describe('promotion labels', () => {
  it('says the offer in words, money in the currency’s minor units', () => {
    expect(offerLabel({ kind: 'percent_off', value: 20 }, 'EUR')).toBe('20 % off');
    expect(offerLabel({ kind: 'multi_buy', value: 2, buyQty: 3 }, 'EUR')).toBe('3 for 2');
    expect(offerLabel({ kind: 'multi_buy', value: 1 }, 'EUR')).toBe('2 for 1');
    expect(offerLabel({ kind: 'amount_off', value: 150 }, 'EUR')).toBe('€1.50 off each');
    expect(offerLabel({ kind: 'bundle', value: 999 }, 'EUR')).toBe('bundle for €9.99');
    expect(offerLabel({ kind: 'amount_off', value: 150 }, 'JPY')).toBe('JP¥150 off each');
    expect(offerLabel({ kind: 'bundle', value: 999 }, null)).toBe('bundle for 9.99');
  });

  it('says the target, the items and the window', () => {
    expect(targetLabel({ target: { scope: 'chain' } })).toBe('All stores');
    expect(targetLabel({ target: { scope: 'region', region: 'North' } })).toBe('Region North');
    expect(targetLabel({ target: { scope: 'stores', storeIds: ['S001'] } })).toBe('Store S001');
    expect(targetLabel({ target: { scope: 'stores', storeIds: ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] } })).toBe('Stores S1, S2, S3, S4 +2 more');
    expect(itemsLabel({ skus: ['A', 'B'], category: 'Oils' })).toBe('A, B · category Oils');
    expect(itemsLabel({ skus: [] })).toBe('–');
    expect(windowLabel({ localStart: '2026-11-21T09:00', localEnd: '2026-11-22T22:00' })).toBe('2026-11-21 09:00 – 2026-11-22 22:00 local');
  });

  it('finds the stores and their one currency', () => {
    const all = [s('S1', 'North'), s('S2', 'North'), s('S3', 'South', 'GBP')];
    const draft = { skus: [], kind: 'percent_off' as const, value: 1, name: 'x', localStart: '', localEnd: '' };
    expect(storesOf({ draft: { ...draft, target: { scope: 'region', region: 'North' } }, published: null }, all).map((x) => x.storeId)).toEqual(['S1', 'S2']);
    expect(storesOf({ draft: { ...draft, target: { scope: 'chain' } }, published: { by: '', at: '', storeIds: ['S3'], startsAt: '', endsAt: '', eventId: '' } }, all).map((x) => x.storeId)).toEqual(['S3']);
    expect(currencyOf(all.slice(0, 2))).toBe('EUR');
    expect(currencyOf(all)).toBeNull();
  });
});
