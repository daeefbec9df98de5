import { describe, expect, it } from 'vitest';
import { coversSku } from './promotion-coverage';
import { isActiveAt, storeWindow, targetsStore, type PublishedPromotion } from './promotion-window';

const promo = (over: Partial<PublishedPromotion> = {}): PublishedPromotion => ({
  promotionId: 'P1',
  name: 'test',
  kind: 'percent_off',
  value: 20,
  skus: ['SKU1'],
  storeIds: [],
  startsAt: '2026-11-23T08:00:00.000Z',
  endsAt: '2026-11-23T20:00:00.000Z',
  ...over,
});
const lisbon = { storeId: 'S001', timezone: 'Europe/Lisbon' };
const madrid = { storeId: 'S002', timezone: 'Europe/Madrid' };
const at = (iso: string) => Date.parse(iso);

describe('promotion windows', () => {
  it('runs from startsAt (inclusive) to endsAt (exclusive) without local times', () => {
    const p = promo();
    expect(isActiveAt(p, lisbon, at('2026-11-23T07:59:59.999Z'))).toBe(false);
    expect(isActiveAt(p, lisbon, at('2026-11-23T08:00:00Z'))).toBe(true);
    expect(isActiveAt(p, madrid, at('2026-11-23T19:59:59Z'))).toBe(true);
    expect(isActiveAt(p, madrid, at('2026-11-23T20:00:00Z'))).toBe(false);
  });

  it('reads localStart/localEnd in each store’s own timezone', () => {
    const p = promo({ localStart: '2026-11-23T09:00', localEnd: '2026-11-23T13:30', startsAt: '2026-11-23T08:00:00Z', endsAt: '2026-11-23T13:30:00Z' });
    expect(storeWindow(p, 'Europe/Lisbon')).toEqual({ from: at('2026-11-23T09:00:00Z'), to: at('2026-11-23T13:30:00Z') });
    expect(storeWindow(p, 'Europe/Madrid')).toEqual({ from: at('2026-11-23T08:00:00Z'), to: at('2026-11-23T12:30:00Z') });
    expect(isActiveAt(p, madrid, at('2026-11-23T08:30:00Z'))).toBe(true);
    expect(isActiveAt(p, lisbon, at('2026-11-23T08:30:00Z'))).toBe(false);
    expect(isActiveAt(p, lisbon, at('2026-11-23T13:00:00Z'))).toBe(true);
    expect(isActiveAt(p, madrid, at('2026-11-23T13:00:00Z'))).toBe(false);
  });

  it('follows the store’s clock across a DST change', () => {
    // Europe/Madrid leaves summer time on 2026-10-25 at 03:00 local.
    const p = promo({ localStart: '2026-10-24T09:00', localEnd: '2026-10-26T09:00', startsAt: '2026-10-24T07:00:00Z', endsAt: '2026-10-26T09:00:00Z' });
    expect(storeWindow(p, 'Europe/Madrid')).toEqual({ from: at('2026-10-24T07:00:00Z'), to: at('2026-10-26T08:00:00Z') });
  });

  it('runs only in the stores it names (none named: every store)', () => {
    expect(targetsStore(promo(), 'S009')).toBe(true);
    const p = promo({ storeIds: ['S002'] });
    expect(targetsStore(p, 'S002')).toBe(true);
    expect(isActiveAt(p, lisbon, at('2026-11-23T10:00:00Z'))).toBe(false);
    expect(isActiveAt(p, madrid, at('2026-11-23T10:00:00Z'))).toBe(true);
  });

  it('is over from the withdrawal’s time on', () => {
    const withdrawn = at('2026-11-23T12:00:00Z');
    expect(isActiveAt(promo(), lisbon, withdrawn - 1, withdrawn)).toBe(true);
    expect(isActiveAt(promo(), lisbon, withdrawn, withdrawn)).toBe(false);
    // A withdrawal before the start: it never runs.
    expect(isActiveAt(promo(), lisbon, at('2026-11-23T09:00:00Z'), at('2026-11-22T00:00:00Z'))).toBe(false);
  });
});

describe('promotion coverage', () => {
  const categoryOf = (sku: string) => ({ SKU1: 'Bakery', SKU2: 'Bakery', SKU3: 'Frozen' })[sku];
  it('covers the listed SKUs and every SKU of its category', () => {
    const p = promo({ skus: ['SKU3'], category: 'Bakery' });
    expect(['SKU1', 'SKU2', 'SKU3', 'SKU4'].map((s) => coversSku(p, s, categoryOf))).toEqual([true, true, true, false]);
    expect(coversSku(promo({ skus: [] , category: 'Frozen' }), 'SKU1', categoryOf)).toBe(false);
  });
  it('a bundle covers its listed SKUs only', () => {
    const p = promo({ kind: 'bundle', value: 500, skus: ['SKU1', 'SKU3'], category: 'Bakery' });
    expect(['SKU1', 'SKU2', 'SKU3'].map((s) => coversSku(p, s, categoryOf))).toEqual([true, false, true]);
  });
});
